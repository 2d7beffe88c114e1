-- A terminal's operations are found through the journal's search keys (center/journal-keys.ts), as a client's
-- and a card's are, instead of through this index. Operations from many terminals arrive interleaved, so each
-- of the Center's batches inserted into as many of the index's pages as it had terminals: about a fifth of the
-- WAL written per operation in the bench (4.0 KB against 3.1-3.3 without it), and a page per operation with the
-- thousands of terminals of a national network.
DROP INDEX operations_terminal;
