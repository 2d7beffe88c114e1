-- R12.4 break-glass: an administrator's password reset at the command line, with the desk closed, when no second
-- administrator can approve one (a desk of two whose other administrator lost the password). It is kept with the
-- operating system's user who made it, and every other administrator acknowledges it on the screen.

-- The approvals' statuses grow by 'superseded': a reset request still awaiting its checker when a break-glass reset
-- gave the administrator a one-time password. No administrator decided it, so it has no checker.
CREATE TABLE approvals_next (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('user.create', 'user.grantRoles', 'user.resetPassword')),
  subject_user_id  TEXT NOT NULL REFERENCES users (id),
  roles            TEXT NOT NULL,
  maker_id         TEXT NOT NULL REFERENCES users (id),
  created_at       INTEGER NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'superseded')),
  checker_id       TEXT REFERENCES users (id),
  decided_at       INTEGER,
  reason           TEXT,
  CHECK (status IN ('pending', 'superseded') OR checker_id IS NOT NULL),
  CHECK (status <> 'superseded' OR (kind = 'user.resetPassword' AND checker_id IS NULL AND decided_at IS NOT NULL))
) STRICT;
INSERT INTO approvals_next (id, kind, subject_user_id, roles, maker_id, created_at, status, checker_id, decided_at, reason)
  SELECT id, kind, subject_user_id, roles, maker_id, created_at, status, checker_id, decided_at, reason FROM approvals;
DROP TABLE approvals;
ALTER TABLE approvals_next RENAME TO approvals;
CREATE INDEX approvals_status ON approvals (status, created_at);

CREATE TABLE break_glass_resets (
  id                      TEXT PRIMARY KEY,
  user_id                 TEXT NOT NULL REFERENCES users (id),
  at                      INTEGER NOT NULL,
  -- Who ran it: 'os:<name>', the operating system's user (no one signs in for it).
  actor                   TEXT NOT NULL,
  superseded_approval_id  TEXT REFERENCES approvals (id)
) STRICT;

-- Each other administrator's acknowledgement of the notice; until then it is shown at every sign-in.
CREATE TABLE break_glass_acknowledgements (
  reset_id  TEXT NOT NULL REFERENCES break_glass_resets (id),
  user_id   TEXT NOT NULL REFERENCES users (id),
  at        INTEGER NOT NULL,
  PRIMARY KEY (reset_id, user_id)
) STRICT;
