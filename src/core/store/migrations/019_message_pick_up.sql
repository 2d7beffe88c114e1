-- R9.1.8: every exchange file has a delivery and an acknowledgement trail. A file written to a participant's
-- outbound folder (processed_at, path) is acknowledged when the participant's system takes it from there: when the
-- desk noticed it gone is kept. Files not left in a folder (exports handed to the desk, written by the CLI) have none.
ALTER TABLE message_files ADD COLUMN picked_up_at INTEGER;
CREATE INDEX message_files_awaiting_pick_up ON message_files (id)
  WHERE direction = 'out' AND status = 'written' AND path IS NOT NULL AND picked_up_at IS NULL;
