-- A terminal's operations are found through the journal's search keys (center/journal-keys.ts), as a client's
-- and a card's are, instead of through this index. Operations from many terminals arrive interleaved, so each
-- of the Center's batches inserted into as many of the index's pages as it had terminals: about a fifth of the
-- WAL written per operation, and 6–14% of the Center's CPU per operation (measured in the bench).
DROP INDEX operations_terminal;
