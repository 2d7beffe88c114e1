-- The Center keeps the accounts it changes in memory and writes them out behind its batches (TigerBeetle
-- style): each committed batch appends the resulting state of the accounts it touched to this log, in the
-- same transaction as its operations and postings, and the accounts table is brought up to date from it a
-- few accounts at a time, or all at once when the Center is idle. Rows are deleted once every account in
-- them is written out; what is left is replayed, in order, when a database is opened after a crash.
-- AUTOINCREMENT: ids never come back after the log is emptied, so an account row can say which it is past.
CREATE TABLE account_state_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  -- JSON [[account rowid, balance_minor, held_minor, day_debit_day, day_debit_minor], …]
  states  TEXT NOT NULL
) STRICT;

-- The newest log row an account's row is up to date with: a replay skips the older states of an account that
-- was written out since (by a single call, or a sweep), which would otherwise take it back in time.
ALTER TABLE accounts ADD COLUMN state_log_id INTEGER NOT NULL DEFAULT 0;

-- Bumped by every Center transaction that changes an account: a Center whose own count differs knows that
-- another connection wrote, or that its last transaction was rolled back, and reloads from the table and the log.
CREATE TABLE account_state (
  id          INTEGER PRIMARY KEY CHECK (id = 1),
  generation  INTEGER NOT NULL
) STRICT;
INSERT INTO account_state (id, generation) VALUES (1, 0);

-- The journal's search keys (a client's IIN, a card's masked number) move to a file of their own beside this
-- one, kept by a worker thread on the other core (center/journal-keys.ts): inserting random keys here cost the
-- Center a dirty page per key and a stall of tens of milliseconds per run. The id ties that file to this one.
DROP TABLE operation_keys;
DROP TABLE operation_keys_progress;
INSERT INTO center_secrets (name, value) VALUES ('database_id', randomblob(16));

-- What follows an operation (its completion, void, reversal, partial returns): looked up on every completion,
-- reversal and return, and in the operation's detail. Without it each was a scan of every operation, which
-- slowed the intake to a few hundred requests a second past 300,000 operations. Only followers are indexed.
CREATE INDEX operations_original ON operations (original_seq) WHERE original_seq IS NOT NULL;
