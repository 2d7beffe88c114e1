-- An operation's confirmations are found through its transaction's set of notices, not by destination.
-- outbox (destination, first_seq) put every batch's messages on a page of their own per destination: measured,
-- 0.9 of the 3.4 KB of WAL each operation wrote (and fsynced before its answer). The indexes below only append.
-- It also found the day's settlement instruction among an operation's confirmations, which failed its detail.

-- The operations a set's notices name, first_seq..last_seq: its transaction's, and the older ones whose holds
-- it expired. The detail reads the newest sets that begin at or before an operation.
ALTER TABLE outbox_notices ADD COLUMN first_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox_notices ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_set ON outbox (notices_id) WHERE notices_id IS NOT NULL;

-- Messages written before the sets (011) carried their notices in their payload: each becomes a set of its own,
-- its payload the positions in it, so what its destination receives is unchanged.
CREATE TEMP TABLE legacy_messages AS
  SELECT o.id AS message, (SELECT coalesce(max(id), 0) FROM outbox_notices) + row_number() OVER (ORDER BY o.id) AS set_id
  FROM outbox o WHERE o.notices_id IS NULL AND o.kind IN ('confirmation', 'abs');
INSERT INTO outbox_notices (id, notices)
  SELECT l.set_id, json_extract(o.payload, '$.operations') FROM legacy_messages l JOIN outbox o ON o.id = l.message;
UPDATE outbox SET
  notices_id = (SELECT set_id FROM legacy_messages WHERE message = outbox.id),
  payload = (SELECT json_group_array(key ORDER BY key) FROM json_each(outbox.payload, '$.operations'))
WHERE id IN (SELECT message FROM legacy_messages);
DROP TABLE legacy_messages;

UPDATE outbox_notices SET
  first_seq = coalesce((SELECT min(first_seq) FROM outbox WHERE notices_id = outbox_notices.id), 0),
  last_seq = coalesce((SELECT max(last_seq) FROM outbox WHERE notices_id = outbox_notices.id), 0);
CREATE INDEX outbox_notices_first ON outbox_notices (first_seq);
DROP INDEX outbox_destination;
