-- A patient erased while a message about them still waited to be sent (a crisis alert, say):
-- the message still goes out, and its content is wiped as soon as it has.
ALTER TABLE outbox ADD COLUMN scrub INTEGER NOT NULL DEFAULT 0;
