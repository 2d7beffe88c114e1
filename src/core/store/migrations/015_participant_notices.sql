-- R9.3.2: the operator tells the participants of a suspension or a termination of service, and why, on the day
-- it happens. Each change of a participant's status is kept with who made it and why, and its notices go out
-- through the outbox, written in the same transaction as the change: the relay delivers them at least once.

CREATE TABLE participant_status_changes (
  id              INTEGER PRIMARY KEY,
  participant_id  TEXT NOT NULL REFERENCES participants (id),
  from_status     TEXT NOT NULL CHECK (from_status IN ('active', 'suspended', 'terminated')),
  to_status       TEXT NOT NULL CHECK (to_status IN ('active', 'suspended', 'terminated')),
  reason          TEXT NOT NULL,
  -- The calendar day in Asia/Almaty on which it happened: the notices are of that day.
  day             TEXT NOT NULL,
  at              INTEGER NOT NULL,
  by_user         TEXT REFERENCES users (id),
  -- The notices it sent: outbox ids first_notice..last_notice, written together.
  first_notice    INTEGER NOT NULL,
  last_notice     INTEGER NOT NULL,
  CHECK (from_status <> to_status),
  CHECK (first_notice <= last_notice)
) STRICT;
CREATE INDEX participant_status_changes_of ON participant_status_changes (participant_id, id);

-- The outbox's kinds grow by the notice; a notice lists no operations (first_seq = last_seq = 0).
CREATE TABLE outbox_next (
  id              INTEGER PRIMARY KEY,
  destination     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('confirmation', 'abs', 'settlement', 'notice')),
  first_seq       INTEGER NOT NULL,
  last_seq        INTEGER NOT NULL,
  operations      INTEGER NOT NULL CHECK (operations >= 0),
  payload         TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  delivered_at    INTEGER,
  last_error      TEXT,
  notices_id      INTEGER REFERENCES outbox_notices (id),
  CHECK (first_seq <= last_seq)
) STRICT;
INSERT INTO outbox_next (id, destination, kind, first_seq, last_seq, operations, payload, created_at, attempts, next_attempt_at, delivered_at, last_error, notices_id)
  SELECT id, destination, kind, first_seq, last_seq, operations, payload, created_at, attempts, next_attempt_at, delivered_at, last_error, notices_id FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;
CREATE INDEX outbox_set ON outbox (notices_id) WHERE notices_id IS NOT NULL;
