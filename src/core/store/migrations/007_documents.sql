-- Signatures and confidential documents (R12.1, R14.1–R14.5, R14.9): the CA certificates this desk trusts,
-- the certificates bound to staff and to parties, and documents exchanged signed and encrypted, with every
-- access recorded.

-- A participant's non-disclosure period runs five years from the day it left (R14.9).
ALTER TABLE participants ADD COLUMN terminated_at INTEGER;
UPDATE participants SET terminated_at = coalesce(updated_at, created_at) WHERE status = 'terminated';
CREATE TRIGGER participants_terminated_at AFTER UPDATE OF status ON participants
WHEN NEW.status = 'terminated' AND OLD.status <> 'terminated'
BEGIN UPDATE participants SET terminated_at = coalesce(NEW.updated_at, NEW.created_at) WHERE id = NEW.id; END;

CREATE TABLE trust_anchors (
  fingerprint  TEXT PRIMARY KEY,             -- SHA-256 of the DER, upper-case hex
  der          BLOB NOT NULL,
  subject      TEXT NOT NULL,
  not_after    INTEGER NOT NULL,
  added_at     INTEGER NOT NULL,
  added_by     TEXT REFERENCES users (id)
) STRICT;

CREATE TABLE trust_crls (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL UNIQUE,
  issuer       TEXT NOT NULL,
  der          BLOB NOT NULL,
  this_update  INTEGER NOT NULL,
  next_update  INTEGER,
  added_at     INTEGER NOT NULL,
  added_by     TEXT REFERENCES users (id)
) STRICT;

-- The certificate a member of staff signs and decrypts with. The key is on a token (software_key NULL) or, for
-- the demo database, in a PKCS#8 file encrypted with the holder's PIN.
CREATE TABLE user_certificates (
  fingerprint    TEXT PRIMARY KEY,
  user_id        TEXT NOT NULL REFERENCES users (id),
  der            BLOB NOT NULL,
  subject        TEXT NOT NULL,
  key_algorithm  TEXT NOT NULL CHECK (key_algorithm IN ('RSA', 'EC-P256')),
  not_after      INTEGER NOT NULL,
  software_key   BLOB,
  status         TEXT NOT NULL CHECK (status IN ('active', 'unbound')),
  bound_at       INTEGER NOT NULL,
  bound_by       TEXT REFERENCES users (id),
  unbound_at     INTEGER
) STRICT;
CREATE INDEX user_certificates_by_user ON user_certificates (user_id, status);

-- A party's own encryption certificate, for a party whose staff do not use this desk (the settlement bank).
CREATE TABLE party_certificates (
  fingerprint  TEXT PRIMARY KEY,
  party        TEXT NOT NULL,                -- 'operator', 'settlement_bank' or a participant's code
  der          BLOB NOT NULL,
  subject      TEXT NOT NULL,
  not_after    INTEGER NOT NULL,
  added_at     INTEGER NOT NULL,
  added_by     TEXT REFERENCES users (id)
) STRICT;

CREATE TABLE document_consents (
  id            INTEGER PRIMARY KEY,
  document_id   TEXT NOT NULL,
  third_party   TEXT NOT NULL,
  granted_by    TEXT NOT NULL,               -- the party whose information it is
  reference     TEXT NOT NULL,               -- the written consent's number
  granted_on    TEXT NOT NULL,               -- YYYY-MM-DD
  note          TEXT,
  recorded_by   TEXT NOT NULL REFERENCES users (id),
  recorded_at   INTEGER NOT NULL
) STRICT;

-- A document as its recipients receive it: the CMS EnvelopedData of an attached SignedData made by the sender
-- (R14.2). Only the title and the routing are kept in clear.
CREATE TABLE documents (
  id                  TEXT PRIMARY KEY,
  number              TEXT NOT NULL UNIQUE,  -- DOC-YYYY-NNNNNN
  sender_party        TEXT NOT NULL,
  created_by          TEXT REFERENCES users (id),
  created_at          INTEGER NOT NULL,
  title               TEXT NOT NULL,
  class               TEXT NOT NULL CHECK (class IN ('confidential', 'strictly_confidential')),
  envelope            BLOB NOT NULL,
  envelope_sha256     TEXT NOT NULL,
  signer_fingerprint  TEXT NOT NULL,
  signer_subject      TEXT NOT NULL,
  attachment_count    INTEGER NOT NULL CHECK (attachment_count >= 0),
  size                INTEGER NOT NULL CHECK (size >= 0),
  origin              TEXT NOT NULL CHECK (origin IN ('composed', 'forwarded', 'imported')),
  forwarded_from      TEXT REFERENCES documents (id),
  consent_id          INTEGER REFERENCES document_consents (id),
  CHECK ((origin = 'forwarded') = (forwarded_from IS NOT NULL AND consent_id IS NOT NULL))
) STRICT;
CREATE INDEX documents_by_sender ON documents (sender_party, created_at);

CREATE TABLE document_recipients (
  document_id  TEXT NOT NULL REFERENCES documents (id),
  party        TEXT NOT NULL,
  PRIMARY KEY (document_id, party)
) STRICT, WITHOUT ROWID;
CREATE INDEX document_recipients_by_party ON document_recipients (party, document_id);

-- Every opening, download, forward and export of a document, and every refusal (R14.4–R14.5).
CREATE TABLE document_access (
  id           INTEGER PRIMARY KEY,
  document_id  TEXT NOT NULL REFERENCES documents (id),
  at           INTEGER NOT NULL,
  user_id      TEXT REFERENCES users (id),
  login        TEXT NOT NULL,
  party        TEXT NOT NULL,
  action       TEXT NOT NULL CHECK (action IN ('send', 'open', 'download', 'forward', 'export', 'import', 'refused')),
  detail       TEXT
) STRICT;
CREATE INDEX document_access_by_document ON document_access (document_id, id);

CREATE TRIGGER document_access_no_update BEFORE UPDATE ON document_access
BEGIN SELECT RAISE(ABORT, 'the document access log is append-only'); END;
CREATE TRIGGER document_access_no_delete BEFORE DELETE ON document_access
BEGIN SELECT RAISE(ABORT, 'the document access log is append-only'); END;
CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
BEGIN SELECT RAISE(ABORT, 'a sent document is not changed; forward it as a new one'); END;
CREATE TRIGGER document_consents_no_update BEFORE UPDATE ON document_consents
BEGIN SELECT RAISE(ABORT, 'a consent record is not changed'); END;
