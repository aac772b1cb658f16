-- A second factor for enrolment, and a brake on /start guessing.

-- RAPPORT_ENROL_CODE=required: staff hand the patient a short code; only its hash is kept
-- (salted by the invite's own token hash). Five wrong tries void the invite.
ALTER TABLE invites ADD COLUMN code_hash TEXT;
ALTER TABLE invites ADD COLUMN code_tries INTEGER NOT NULL DEFAULT 0;
ALTER TABLE invites ADD COLUMN code_ok_at TEXT;

-- /start attempts per chat, for rate limiting (old rows are pruned as new ones come).
CREATE TABLE start_attempts (
    chat_id  INTEGER NOT NULL,
    at       TEXT NOT NULL
);
CREATE INDEX start_attempts_chat ON start_attempts(chat_id, at);
