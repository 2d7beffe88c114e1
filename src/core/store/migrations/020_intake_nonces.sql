-- R7.4, R2.1: the online intake's replay memory outlives the process. The nonces of the requests it accepted are
-- written with the Center's batch that answers them (one row a batch, not one a request), and read back when the
-- intake starts, so a request captured before a restart is refused after it. A row goes once all its nonces'
-- timestamps have left the window (expires_at, the latest of them).
CREATE TABLE intake_nonces (
  expires_at INTEGER NOT NULL,
  nonces     TEXT NOT NULL -- JSON array of "keyId\nnonce"
) STRICT;
CREATE INDEX intake_nonces_expiry ON intake_nonces (expires_at);
