-- The Center keeps the registry rows it reads on every request (participants, terminals, clients, payment
-- instruments, the accounts' own fields) across its transactions (center/registry-cache.ts). Every change to
-- them, by any service or any connection, moves this count; a Center transaction that finds it moved reads
-- them afresh. An account's balance, holds and day's spending are not registry fields (the account book keeps
-- them), so writing those does not move it.
CREATE TABLE registry_version (
  id       INTEGER PRIMARY KEY CHECK (id = 1),
  version  INTEGER NOT NULL
) STRICT;
INSERT INTO registry_version (id, version) VALUES (1, 0);

CREATE TRIGGER participants_changed_insert AFTER INSERT ON participants BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER participants_changed_update AFTER UPDATE ON participants BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER participants_changed_delete AFTER DELETE ON participants BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER terminals_changed_insert AFTER INSERT ON terminals BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER terminals_changed_update AFTER UPDATE ON terminals BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER terminals_changed_delete AFTER DELETE ON terminals BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER clients_changed_insert AFTER INSERT ON clients BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER clients_changed_update AFTER UPDATE ON clients BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER clients_changed_delete AFTER DELETE ON clients BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER instruments_changed_insert AFTER INSERT ON instruments BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER instruments_changed_update AFTER UPDATE ON instruments BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER instruments_changed_delete AFTER DELETE ON instruments BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER accounts_changed_insert AFTER INSERT ON accounts BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER accounts_changed_delete AFTER DELETE ON accounts BEGIN UPDATE registry_version SET version = version + 1; END;
CREATE TRIGGER accounts_changed_update
AFTER UPDATE OF id, iban, participant_id, client_id, kind, currency, min_balance_minor, limit_per_op_minor, limit_daily_minor, status ON accounts
BEGIN UPDATE registry_version SET version = version + 1; END;
