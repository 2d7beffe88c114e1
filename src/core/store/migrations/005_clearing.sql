-- Operational days, clearing and settlement, fees (R3.1.1, R4.1, R5, R7.6–7.9, R9.3.6–9.3.7, R9.4.5–9.4.7).

-- An operational day's life: open → closing → closed → cleared → settled, or failed (with the reason) and
-- retried. One day is open at a time; what reaches the Center after a day closed belongs to the next one.
CREATE TABLE operational_days (
  day           TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  state         TEXT NOT NULL CHECK (state IN ('open', 'closing', 'closed', 'cleared', 'settled', 'failed')),
  opened_at     INTEGER NOT NULL,
  closed_at     INTEGER,
  close_kind    TEXT CHECK (close_kind IN ('scheduled', 'manual', 'catch_up')),
  closed_by     TEXT REFERENCES users (id),
  close_reason  TEXT,
  -- The day's operations are numbers first_seq..last_seq: the Center stamps days in order of number.
  first_seq     INTEGER,
  last_seq      INTEGER,
  operations    INTEGER NOT NULL DEFAULT 0,
  cleared_at    INTEGER,
  settled_at    INTEGER,
  failure       TEXT,
  attempts      INTEGER NOT NULL DEFAULT 0,
  CHECK ((state = 'open') = (closed_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX operational_days_one_open ON operational_days (state) WHERE state = 'open';

-- The contract's settlement model (R7.6): deferred multilateral net (R7.7) or gross per instruction (R7.9).
CREATE TABLE participant_contracts (
  participant_id    TEXT PRIMARY KEY REFERENCES participants (id),
  settlement_model  TEXT NOT NULL CHECK (settlement_model IN ('net', 'gross')),
  updated_at        INTEGER NOT NULL,
  updated_by        TEXT
) STRICT;

-- A participant's money at the settlement bank as the bank reports it: its settlement account, its other
-- accounts the bank may debit (R9.4.5), and its insurance deposit (R9.4.7).
CREATE TABLE settlement_funds (
  participant_id   TEXT NOT NULL REFERENCES participants (id),
  currency         TEXT NOT NULL CHECK (length(currency) = 3),
  settlement_minor INTEGER NOT NULL CHECK (settlement_minor >= 0),
  current_minor    INTEGER NOT NULL CHECK (current_minor >= 0),
  insurance_minor  INTEGER NOT NULL CHECK (insurance_minor >= 0),
  updated_at       INTEGER NOT NULL,
  updated_by       TEXT,
  PRIMARY KEY (participant_id, currency)
) STRICT;

-- Tariffs per contract (R2.3, R9.4.6): fixed plus a percentage clamped to a minimum and maximum, by the side
-- that pays, operation type and channel; NULL matches any. The most specific tariff in force applies.
CREATE TABLE tariffs (
  id              TEXT PRIMARY KEY,
  participant_id  TEXT REFERENCES participants (id),
  payer_role      TEXT NOT NULL CHECK (payer_role IN ('issuer', 'acquirer')),
  op_type         TEXT,
  channel         TEXT,
  currency        TEXT NOT NULL CHECK (length(currency) = 3),
  fixed_minor     INTEGER NOT NULL CHECK (fixed_minor >= 0),
  percent_bp      INTEGER NOT NULL CHECK (percent_bp >= 0 AND percent_bp <= 10000),
  min_minor       INTEGER CHECK (min_minor IS NULL OR min_minor >= 0),
  max_minor       INTEGER CHECK (max_minor IS NULL OR max_minor >= 0),
  effective_from  TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  created_by      TEXT,
  CHECK (min_minor IS NULL OR max_minor IS NULL OR min_minor <= max_minor)
) STRICT;

-- A day's figures are accumulated behind the Center while the day runs (ClearingAccumulator: operations up
-- to last_seq are counted), so the close only adds the last few seconds and nets: the matrix of interbank
-- obligations, fees, the statements' figures and refusals, and gross-model obligations one by one. Parties
-- are participant codes, or 'operator' for the fees it collects.
CREATE TABLE clearing_progress (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq  INTEGER NOT NULL
) STRICT;
INSERT INTO clearing_progress (id, last_seq) VALUES (1, 0);

CREATE TABLE gross_obligations (
  operation_seq  INTEGER NOT NULL,
  leg            INTEGER NOT NULL,
  day            TEXT NOT NULL,
  payer          TEXT NOT NULL,
  payee          TEXT NOT NULL,
  currency       TEXT NOT NULL,
  amount_minor   INTEGER NOT NULL,
  PRIMARY KEY (operation_seq, leg)
) STRICT, WITHOUT ROWID;
CREATE INDEX gross_obligations_day ON gross_obligations (day);

-- The net positions of a cleared day, written in one transaction with the day's move to 'cleared'.
CREATE TABLE clearing_positions (
  day                   TEXT NOT NULL REFERENCES operational_days (day),
  party                 TEXT NOT NULL,
  currency              TEXT NOT NULL,
  receivable_minor      INTEGER NOT NULL,
  payable_minor         INTEGER NOT NULL,
  fees_minor            INTEGER NOT NULL,
  net_minor             INTEGER NOT NULL,
  gross_receivable_minor INTEGER NOT NULL,
  gross_payable_minor   INTEGER NOT NULL,
  PRIMARY KEY (day, party, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE clearing_matrix (
  day           TEXT NOT NULL,
  payer         TEXT NOT NULL,
  payee         TEXT NOT NULL,
  currency      TEXT NOT NULL,
  gross         INTEGER NOT NULL CHECK (gross IN (0, 1)),
  count         INTEGER NOT NULL,
  amount_minor  INTEGER NOT NULL,
  PRIMARY KEY (day, payer, payee, currency, gross)
) STRICT, WITHOUT ROWID;

-- Fees are computed behind the Center, not in its authorization: the answer to a terminal never depends on
-- them, the Center's peak path stays lean, and the tariff of the operation's day applies (a tariff takes
-- effect from a later day, never from the day already running).
CREATE TABLE day_fees (
  day           TEXT NOT NULL,
  party         TEXT NOT NULL,
  role          TEXT NOT NULL,
  op_type       TEXT NOT NULL,
  channel       TEXT NOT NULL,
  currency      TEXT NOT NULL,
  count         INTEGER NOT NULL,
  amount_minor  INTEGER NOT NULL,
  fee_minor     INTEGER NOT NULL,
  PRIMARY KEY (day, party, role, op_type, channel, currency)
) STRICT, WITHOUT ROWID;

-- A day's figures per participant, role, type and channel: statements (R9.3.7) and period reports (R3.1.3).
CREATE TABLE day_stats (
  day             TEXT NOT NULL,
  party           TEXT NOT NULL,
  role            TEXT NOT NULL,
  op_type         TEXT NOT NULL,
  channel         TEXT NOT NULL,
  currency        TEXT NOT NULL,
  accepted        INTEGER NOT NULL,
  accepted_minor  INTEGER NOT NULL,
  refused         INTEGER NOT NULL,
  PRIMARY KEY (day, party, role, op_type, channel, currency)
) STRICT, WITHOUT ROWID;

CREATE TABLE day_refusals (
  day     TEXT NOT NULL,
  party   TEXT NOT NULL,
  reason  TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (day, party, reason)
) STRICT, WITHOUT ROWID;

-- Settlement of a cleared day (R7.8, R9.3.6): computed → submitted (maker) → approved (checker, another
-- officer) → instructed (sent to the settlement bank through the outbox) → confirmed (the bank's reference)
-- → finalized (funds applied, the day settled).
CREATE TABLE settlements (
  day            TEXT PRIMARY KEY REFERENCES operational_days (day),
  state          TEXT NOT NULL CHECK (state IN ('computed', 'submitted', 'approved', 'instructed', 'confirmed', 'finalized')),
  submitted_by   TEXT REFERENCES users (id),
  submitted_at   INTEGER,
  approved_by    TEXT REFERENCES users (id),
  approved_at    INTEGER,
  instructed_at  INTEGER,
  instructed_by  TEXT REFERENCES users (id),
  outbox_id      INTEGER,
  confirmed_at   INTEGER,
  confirmed_by   TEXT REFERENCES users (id),
  bank_reference TEXT,
  finalized_at   INTEGER,
  finalized_by   TEXT REFERENCES users (id),
  CHECK (approved_by IS NULL OR approved_by <> submitted_by)
) STRICT;

-- Instructions have deterministic ids, so a close repeated after a crash produces the same ones.
CREATE TABLE settlement_instructions (
  id             TEXT PRIMARY KEY,
  day            TEXT NOT NULL REFERENCES operational_days (day),
  party          TEXT NOT NULL,
  currency       TEXT NOT NULL,
  direction      TEXT NOT NULL CHECK (direction IN ('debit', 'credit')),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor > 0),
  kind           TEXT NOT NULL CHECK (kind IN ('net', 'gross')),
  operation_seq  INTEGER,
  shortfall      INTEGER NOT NULL CHECK (shortfall IN (0, 1))
) STRICT;
CREATE INDEX settlement_instructions_day ON settlement_instructions (day, party);

-- How each instruction was funded, step by step (settlement account, other accounts R9.4.5, insurance
-- deposit R9.4.7) or credited. Never changed.
CREATE TABLE settlement_postings (
  id              INTEGER PRIMARY KEY,
  instruction_id  TEXT NOT NULL REFERENCES settlement_instructions (id),
  party           TEXT NOT NULL,
  source          TEXT NOT NULL CHECK (source IN ('settlement', 'current', 'insurance', 'credit')),
  amount_minor    INTEGER NOT NULL CHECK (amount_minor > 0),
  currency        TEXT NOT NULL,
  at              INTEGER NOT NULL,
  by              TEXT
) STRICT;
CREATE TRIGGER settlement_postings_immutable_update BEFORE UPDATE ON settlement_postings
BEGIN SELECT RAISE(ABORT, 'settlement postings are immutable'); END;
CREATE TRIGGER settlement_postings_immutable_delete BEFORE DELETE ON settlement_postings
BEGIN SELECT RAISE(ABORT, 'settlement postings are immutable'); END;

-- Participants' payment files queued during the day, processed when it closes (R4.1).
CREATE TABLE close_queue (
  id            INTEGER PRIMARY KEY,
  day           TEXT NOT NULL,
  party         TEXT NOT NULL,
  kind          TEXT NOT NULL,
  reference     TEXT NOT NULL,
  state         TEXT NOT NULL CHECK (state IN ('queued', 'processed', 'failed')),
  queued_at     INTEGER NOT NULL,
  processed_at  INTEGER,
  result        TEXT,
  UNIQUE (kind, reference)
) STRICT;
CREATE INDEX close_queue_day ON close_queue (day, state);

-- The outbox also carries settlement instructions to the settlement bank (R7.8): its kinds grow.
CREATE TABLE outbox_next (
  id              INTEGER PRIMARY KEY,
  destination     TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('confirmation', 'abs', 'settlement')),
  first_seq       INTEGER NOT NULL,
  last_seq        INTEGER NOT NULL,
  operations      INTEGER NOT NULL CHECK (operations >= 0),
  payload         TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  delivered_at    INTEGER,
  last_error      TEXT,
  CHECK (first_seq <= last_seq)
) STRICT;
INSERT INTO outbox_next SELECT * FROM outbox;
DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;
CREATE INDEX outbox_destination ON outbox (destination, first_seq);
CREATE INDEX outbox_pending ON outbox (id) WHERE delivered_at IS NULL;
