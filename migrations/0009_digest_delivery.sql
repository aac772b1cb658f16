-- A digest is recorded (with its period and signals) by the transaction that decides it, and
-- delivered afterwards by a background step that draws its chart off the event loop and outside
-- any transaction. chat_id: where it goes (NULL: shown in the CLI only); delivered_at: queued.
ALTER TABLE digests ADD COLUMN chat_id INTEGER;
ALTER TABLE digests ADD COLUMN delivered_at TEXT;
UPDATE digests SET delivered_at = created_at;
CREATE INDEX digests_undelivered ON digests(delivered_at) WHERE delivered_at IS NULL;
