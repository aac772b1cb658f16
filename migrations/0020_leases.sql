-- Issue 15: one instance at a time sends the outbox (Telegram's limits are the bot's, not an
-- instance's). A row rather than PostgreSQL's advisory lock: both engines have it, it can be
-- read (who sends, until when), and the holder knows its own deadline without asking.
CREATE TABLE leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    taken_at    TEXT NOT NULL
);
