-- Payment messages (R4): participants' files received (inbound) and the files sent to them (outbound).
-- A refused inbound file is recorded with its errors and nothing of its content; an accepted one keeps its
-- transactions, queued for the close of the operational day (R4.1) and then executed one by one.
CREATE TABLE message_files (
  id             INTEGER PRIMARY KEY,
  direction      TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  party          TEXT NOT NULL,
  format         TEXT NOT NULL,
  message_id     TEXT,
  file_name      TEXT NOT NULL,
  sha256         TEXT NOT NULL,
  bytes          INTEGER NOT NULL,
  -- in: queued → processed, or refused; out: pending (to be written) → written
  status         TEXT NOT NULL CHECK (status IN ('queued', 'processed', 'refused', 'pending', 'written')),
  transactions   INTEGER NOT NULL DEFAULT 0,
  total_minor    INTEGER NOT NULL DEFAULT 0,
  currency       TEXT,
  errors         TEXT,
  day            TEXT,
  source         TEXT NOT NULL,
  received_at    INTEGER NOT NULL,
  processed_at   INTEGER,
  -- out: the domain data of the message to write (JSON), and where it was written
  payload        TEXT,
  path           TEXT,
  in_reply_to    INTEGER REFERENCES message_files (id),
  by             TEXT
) STRICT;
CREATE INDEX message_files_party ON message_files (party, direction, id);
CREATE INDEX message_files_pending ON message_files (id) WHERE status = 'pending';
-- The same file twice, or the same message id twice from a participant, is refused.
CREATE UNIQUE INDEX message_files_same_file ON message_files (sha256) WHERE direction = 'in' AND status <> 'refused';
CREATE UNIQUE INDEX message_files_same_id ON message_files (party, format, message_id) WHERE direction = 'in' AND status <> 'refused';

CREATE TABLE message_transactions (
  file_id        INTEGER NOT NULL REFERENCES message_files (id),
  n              INTEGER NOT NULL,
  party          TEXT NOT NULL,
  tx_id          TEXT NOT NULL,
  end_to_end_id  TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  currency       TEXT NOT NULL,
  debtor_iban    TEXT NOT NULL,
  debtor_name    TEXT NOT NULL,
  creditor_iban  TEXT NOT NULL,
  creditor_name  TEXT NOT NULL,
  creditor_bic   TEXT NOT NULL,
  purpose        TEXT NOT NULL,
  remittance     TEXT,
  status         TEXT NOT NULL CHECK (status IN ('PDNG', 'ACSC', 'RJCT')),
  reason         TEXT,
  operation_seq  INTEGER REFERENCES operations (seq),
  PRIMARY KEY (file_id, n)
) STRICT, WITHOUT ROWID;
-- A participant's transaction id is used once.
CREATE UNIQUE INDEX message_transactions_tx ON message_transactions (party, tx_id);
