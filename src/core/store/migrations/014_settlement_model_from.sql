-- A contract's settlement model (R7.6) applies from a day not yet begun: a day's interbank obligations are
-- accumulated behind the Center while it runs, so a model changed during the day would split it between two
-- models by when each operation happened to be accumulated. model_from is the first day of settlement_model
-- (NULL: always); the days before it keep prior_model (NULL: net).
ALTER TABLE participant_contracts ADD COLUMN model_from TEXT;
ALTER TABLE participant_contracts ADD COLUMN prior_model TEXT CHECK (prior_model IN ('net', 'gross'));
