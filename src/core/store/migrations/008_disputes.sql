-- Disputes: revocation of payment instructions (R9.3.3, R9.4.11, R10.1.1–R10.1.3). A case has a stage and a
-- status that change only along the transitions the core allows; every change, document and piece of evidence
-- is an event on its timeline.

-- The contract's terms per participant (NULL: the default for every participant without its own).
CREATE TABLE dispute_terms (
  participant_id  TEXT UNIQUE REFERENCES participants (id),
  unit            TEXT NOT NULL CHECK (unit IN ('operational', 'calendar')),
  filing_days     INTEGER NOT NULL CHECK (filing_days BETWEEN 1 AND 540),
  answer_days     INTEGER NOT NULL CHECK (answer_days BETWEEN 1 AND 120),
  decision_days   INTEGER NOT NULL CHECK (decision_days BETWEEN 1 AND 180),
  appeal_days     INTEGER NOT NULL CHECK (appeal_days BETWEEN 0 AND 120),
  updated_at      INTEGER NOT NULL,
  updated_by      TEXT REFERENCES users (id)
) STRICT;
INSERT INTO dispute_terms (participant_id, unit, filing_days, answer_days, decision_days, appeal_days, updated_at)
VALUES (NULL, 'calendar', 120, 10, 30, 10, 0);

CREATE TABLE disputes (
  id                TEXT PRIMARY KEY,
  number            TEXT NOT NULL UNIQUE,        -- DSP-YYYY-NNNNNN
  operation_seq     INTEGER NOT NULL,            -- the operation revoked (in an investigation workspace: of the main desk)
  operation         TEXT,                        -- a workspace's copy of the operation (JSON); NULL on the main desk
  applicant_id      TEXT NOT NULL REFERENCES participants (id),
  respondent_id     TEXT REFERENCES participants (id),
  reason            TEXT NOT NULL CHECK (reason IN ('DUPL', 'FRAD', 'TECH', 'CUST', 'UPAY', 'AM09', 'AC03', 'AGNT')),
  amount_minor      INTEGER NOT NULL CHECK (amount_minor > 0),
  currency          TEXT NOT NULL,
  description       TEXT NOT NULL,
  stage             TEXT NOT NULL CHECK (stage IN ('application', 'review', 'information_requested', 'decision', 'appeal', 'closed')),
  status            TEXT NOT NULL CHECK (status IN ('open', 'awaiting_information', 'accepted', 'partially_accepted', 'rejected', 'withdrawn', 'expired')),
  filed_at          INTEGER NOT NULL,
  filed_by          TEXT REFERENCES users (id),
  source            TEXT NOT NULL CHECK (source IN ('desk', 'camt.056')),
  message_id        TEXT,                        -- camt.056 Assgnmt/Id, or the one the desk generated
  analyst_id        TEXT REFERENCES users (id),
  unit              TEXT NOT NULL CHECK (unit IN ('operational', 'calendar')),
  decide_by         INTEGER NOT NULL,
  answer_by         INTEGER,                     -- while information is awaited
  awaiting_from     TEXT CHECK (awaiting_from IN ('applicant', 'respondent')),
  appeal_by         INTEGER,                     -- after a decision that can be appealed
  decided_amount_minor INTEGER,
  reversal_seq      INTEGER REFERENCES operations (seq),
  closed_at         INTEGER,
  version           INTEGER NOT NULL DEFAULT 1,  -- an offline bundle carries it: an import must match it
  CHECK ((status = 'awaiting_information') = (stage = 'information_requested')),
  CHECK ((answer_by IS NULL) = (stage <> 'information_requested'))
) STRICT;
CREATE INDEX disputes_by_deadline ON disputes (stage, decide_by);
CREATE INDEX disputes_by_operation ON disputes (operation_seq);
CREATE INDEX disputes_by_applicant ON disputes (applicant_id, filed_at);

-- The timeline: every transition, request, answer, evidence and document, with who and when. Append-only.
CREATE TABLE dispute_events (
  id           INTEGER PRIMARY KEY,
  dispute_id   TEXT NOT NULL REFERENCES disputes (id),
  at           INTEGER NOT NULL,
  actor_id     TEXT REFERENCES users (id),
  actor_login  TEXT,
  party        TEXT NOT NULL,                   -- 'operator' or the participant's code
  kind         TEXT NOT NULL,
  stage        TEXT NOT NULL,
  status       TEXT NOT NULL,
  detail       TEXT
) STRICT;
CREATE INDEX dispute_events_by_dispute ON dispute_events (dispute_id, id);
CREATE TRIGGER dispute_events_no_update BEFORE UPDATE ON dispute_events
BEGIN SELECT RAISE(ABORT, 'the dispute timeline is append-only'); END;
CREATE TRIGGER dispute_events_no_delete BEFORE DELETE ON dispute_events
BEGIN SELECT RAISE(ABORT, 'the dispute timeline is append-only'); END;

-- Evidence, encrypted at rest (AES-256-GCM under the desk's evidence key), with the hash of what was given.
CREATE TABLE dispute_evidence (
  id           INTEGER PRIMARY KEY,
  dispute_id   TEXT NOT NULL REFERENCES disputes (id),
  kind         TEXT NOT NULL CHECK (kind IN ('receipt', 'terminal_log', 'correspondence', 'statement', 'other')),
  name         TEXT NOT NULL,
  media_type   TEXT NOT NULL,
  size         INTEGER NOT NULL CHECK (size >= 0),
  sha256       TEXT NOT NULL,
  sealed       BLOB NOT NULL,                   -- IV ‖ ciphertext ‖ tag
  added_at     INTEGER NOT NULL,
  added_by     TEXT REFERENCES users (id),
  party        TEXT NOT NULL
) STRICT;
CREATE INDEX dispute_evidence_by_dispute ON dispute_evidence (dispute_id, id);
CREATE TRIGGER dispute_evidence_no_update BEFORE UPDATE ON dispute_evidence
BEGIN SELECT RAISE(ABORT, 'evidence is not changed; add a new piece'); END;

-- Decisions, each a CMS SignedData (attached) made on the analyst's token over the decision's JSON.
CREATE TABLE dispute_decisions (
  id             INTEGER PRIMARY KEY,
  dispute_id     TEXT NOT NULL REFERENCES disputes (id),
  outcome        TEXT NOT NULL CHECK (outcome IN ('accepted', 'partially_accepted', 'rejected')),
  amount_minor   INTEGER NOT NULL CHECK (amount_minor >= 0),
  grounds        TEXT NOT NULL,
  signed         BLOB NOT NULL,
  signer_subject TEXT NOT NULL,
  decided_at     INTEGER NOT NULL,
  decided_by     TEXT REFERENCES users (id),
  origin         TEXT NOT NULL CHECK (origin IN ('desk', 'offline'))
) STRICT;
CREATE TRIGGER dispute_decisions_no_update BEFORE UPDATE ON dispute_decisions
BEGIN SELECT RAISE(ABORT, 'a signed decision is not changed'); END;
INSERT INTO code_sequences (name, next) VALUES ('dispute', 1);
