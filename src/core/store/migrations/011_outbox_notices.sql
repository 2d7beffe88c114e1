-- The notices of one Center transaction, written once. Each operation concerns the settlement bank and up to
-- three participants and their ABS, and each of those messages repeated the operation's notice: about 900 bytes
-- of the outbox per operation, more than the operation itself. A message with notices_id lists, in its payload,
-- which notices of the set it carries (JSON array of their positions); the relay and the operation's detail
-- expand it, so what a destination receives is unchanged. Settlement instructions keep their own payload.
CREATE TABLE outbox_notices (
  id       INTEGER PRIMARY KEY,
  -- JSON [OperationNotice, …]
  notices  TEXT NOT NULL
) STRICT;
ALTER TABLE outbox ADD COLUMN notices_id INTEGER REFERENCES outbox_notices (id);
