-- Terminal registry (R1.1.20, R8.4): devices bound to an acquirer; only certified, active terminals of an
-- active acquirer may submit operations (enforced by the Center's checks).

CREATE TABLE terminals (
  id              TEXT PRIMARY KEY,
  code            TEXT NOT NULL UNIQUE,
  acquirer_id     TEXT NOT NULL REFERENCES participants (id),
  kind            TEXT NOT NULL CHECK (kind IN ('atm', 'pos', 'e_terminal', 'recycler', 'cash_desk', 'other')),
  serial          TEXT NOT NULL,
  address         TEXT NOT NULL,
  status          TEXT NOT NULL CHECK (status IN ('active', 'blocked')),
  certified_at    INTEGER,
  certified_by    TEXT REFERENCES users (id),
  certificate_ref TEXT,
  created_at      INTEGER NOT NULL,
  UNIQUE (acquirer_id, serial),
  CHECK ((certified_at IS NULL) = (certificate_ref IS NULL))
) STRICT;
CREATE INDEX terminals_acquirer ON terminals (acquirer_id, code);

INSERT INTO code_sequences (name, next) VALUES ('terminal', 1);
