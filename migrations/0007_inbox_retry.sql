-- An update is settled only once its handling committed (issue 9).
--
-- A failed attempt is counted and retried after a pause; an update that fails every time (a
-- payload the parser rejects, a handler bug) is set aside: its payload moves to
-- inbox_set_aside, kept for a fix and a replay, and its inbox row is settled with the error's
-- type name, so the row still absorbs Telegram's redeliveries and is pruned like the others.
ALTER TABLE inbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inbox ADD COLUMN retry_at TEXT;
ALTER TABLE inbox ADD COLUMN set_aside TEXT;

-- Outside the inbox's update_id key: Telegram may hand out the same id again after a quiet week.
CREATE TABLE inbox_set_aside (
    id            INTEGER PRIMARY KEY,
    update_id     INTEGER NOT NULL,
    payload       TEXT NOT NULL,
    error         TEXT NOT NULL,   -- the exception's type name, never its message
    attempts      INTEGER NOT NULL,
    received_at   TEXT NOT NULL,
    set_aside_at  TEXT NOT NULL
);

-- The getUpdates offset and when it was stored, apart from MAX(update_id): after a week
-- without updates Telegram may restart update ids lower, below every id the inbox holds.
INSERT INTO meta (key, value)
SELECT 'getupdates_offset', json_object('offset', update_id + 1, 'at', received_at)
FROM inbox ORDER BY update_id DESC LIMIT 1;
