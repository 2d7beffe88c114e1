-- Participant registry (R8.3, R9.1.5, R9.2.1): participation type, status with its reason, and a code
-- allocated by the system that is never reused.

ALTER TABLE participants ADD COLUMN is_issuer INTEGER NOT NULL DEFAULT 1 CHECK (is_issuer IN (0, 1));
ALTER TABLE participants ADD COLUMN is_acquirer INTEGER NOT NULL DEFAULT 1 CHECK (is_acquirer IN (0, 1));
ALTER TABLE participants ADD COLUMN status_reason TEXT;
ALTER TABLE participants ADD COLUMN updated_at INTEGER;

CREATE TABLE code_sequences (
  name  TEXT PRIMARY KEY,
  next  INTEGER NOT NULL CHECK (next > 0)
) STRICT;

INSERT INTO code_sequences (name, next)
SELECT 'participant', coalesce(max(CAST(substr(code, 2) AS INTEGER)), 0) + 1 FROM participants;

-- A terminated participant stays terminated: its code and history remain, service does not resume.
CREATE TRIGGER participants_terminated_is_final BEFORE UPDATE OF status ON participants
WHEN OLD.status = 'terminated' AND NEW.status <> 'terminated'
BEGIN SELECT RAISE(ABORT, 'a terminated participant cannot be reinstated'); END;
