-- R12.1 the backups this workstation made, by the SHA-256 of the file it wrote. The backups folder can be written by
-- others than the desk (reserve media, a share): a restore trusts a file this register knows, and one it does not
-- only when the operator confirms its fingerprint from the paper backup register. Append-only: a backup removed from
-- the folder stays one this desk made.
CREATE TABLE backups_made (
  sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
  name        TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  -- The administrator's login, or 'system' for the backup the desk makes after a day's close.
  created_by  TEXT NOT NULL,
  trigger     TEXT NOT NULL CHECK (trigger IN ('manual', 'day_close')),
  day         TEXT
) STRICT, WITHOUT ROWID;
CREATE TRIGGER backups_made_no_update BEFORE UPDATE ON backups_made
BEGIN SELECT RAISE(ABORT, 'backups_made is append-only'); END;
CREATE TRIGGER backups_made_no_delete BEFORE DELETE ON backups_made
BEGIN SELECT RAISE(ABORT, 'backups_made is append-only'); END;
