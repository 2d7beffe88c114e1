-- Foundation: participants (minimal; the participants area extends it), staff users, roles,
-- password history, security settings, maker-checker approvals and the hash-chained audit log.

CREATE TABLE participants (
  id          TEXT PRIMARY KEY,
  code        TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  bic         TEXT NOT NULL UNIQUE,
  bin         TEXT NOT NULL UNIQUE,
  status      TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'terminated')),
  created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE users (
  id                    TEXT PRIMARY KEY,
  login                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name          TEXT NOT NULL,
  kind                  TEXT NOT NULL CHECK (kind IN ('operator', 'participant')),
  participant_id        TEXT REFERENCES participants (id),
  status                TEXT NOT NULL CHECK (status IN ('pending', 'active', 'blocked', 'rejected')),
  password_hash         TEXT,
  must_change_password  INTEGER NOT NULL CHECK (must_change_password IN (0, 1)),
  otp_expires_at        INTEGER,
  password_changed_at   INTEGER,
  failed_attempts       INTEGER NOT NULL DEFAULT 0,
  locked_until          INTEGER,
  locale                TEXT NOT NULL DEFAULT 'ru' CHECK (locale IN ('kk', 'ru', 'en')),
  created_at            INTEGER NOT NULL,
  created_by            TEXT,
  last_sign_in_at       INTEGER,
  blocked_reason        TEXT,
  CHECK ((kind = 'participant') = (participant_id IS NOT NULL))
) STRICT;
CREATE INDEX users_participant ON users (participant_id);

CREATE TABLE user_roles (
  user_id  TEXT NOT NULL REFERENCES users (id),
  role     TEXT NOT NULL,
  PRIMARY KEY (user_id, role)
) STRICT, WITHOUT ROWID;

CREATE TABLE password_history (
  user_id     TEXT NOT NULL REFERENCES users (id),
  hash        TEXT NOT NULL,
  changed_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX password_history_user ON password_history (user_id, changed_at);

CREATE TABLE settings (
  key         TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  INTEGER NOT NULL,
  updated_by  TEXT
) STRICT;

CREATE TABLE approvals (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL CHECK (kind IN ('user.create', 'user.grantRoles')),
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
CREATE INDEX approvals_status ON approvals (status, created_at);

-- Append-only: each record's hash covers its fields and the previous record's hash.
CREATE TABLE audit_log (
  seq          INTEGER PRIMARY KEY,
  at           INTEGER NOT NULL,
  actor_id     TEXT,
  actor_login  TEXT,
  session_id   TEXT,
  action       TEXT NOT NULL,
  outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
  error_code   TEXT,
  subject      TEXT,
  detail       TEXT,
  prev_hash    TEXT NOT NULL,
  hash         TEXT NOT NULL
) STRICT;
CREATE INDEX audit_actor ON audit_log (actor_login, seq);
CREATE INDEX audit_action ON audit_log (action, seq);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
