-- R12.4 maker-checker: an administrator's password is reset only when a second administrator approves. One
-- administrator alone could otherwise reset another's, receive the one-time password, sign in as them and approve
-- its own requests (a new administrator, a role). The approvals' kinds grow by the reset.
CREATE TABLE approvals_next (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('user.create', 'user.grantRoles', 'user.resetPassword')),
  subject_user_id  TEXT NOT NULL REFERENCES users (id),
  roles            TEXT NOT NULL,
  maker_id         TEXT NOT NULL REFERENCES users (id),
  created_at       INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
  checker_id       TEXT REFERENCES users (id),
  decided_at       INTEGER,
  reason           TEXT,
  CHECK (status = 'pending' OR checker_id IS NOT NULL)
) STRICT;
INSERT INTO approvals_next (id, kind, subject_user_id, roles, maker_id, created_at, status, checker_id, decided_at, reason)
  SELECT id, kind, subject_user_id, roles, maker_id, created_at, status, checker_id, decided_at, reason FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_next RENAME TO approvals;
CREATE INDEX approvals_status ON approvals (status, created_at);
