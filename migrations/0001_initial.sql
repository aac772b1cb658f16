-- Rapport's first schema. Times are ISO 8601 UTC text ("2026-11-25T09:00:00+00:00").

CREATE TABLE clinicians (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    chat_id     INTEGER UNIQUE,
    language    TEXT NOT NULL DEFAULT 'en',
    created_at  TEXT NOT NULL
);

CREATE TABLE staff (
    id           INTEGER PRIMARY KEY,
    telegram_id  INTEGER NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE patients (
    id                  INTEGER PRIMARY KEY,
    alias               TEXT NOT NULL UNIQUE,
    clinician_id        INTEGER NOT NULL REFERENCES clinicians(id),
    chat_id             INTEGER UNIQUE,
    telegram_user_id    INTEGER,
    timezone            TEXT NOT NULL,
    language            TEXT,         -- NULL until chosen: then Telegram's language_code decides
    status              TEXT NOT NULL DEFAULT 'invited'
                        CHECK (status IN ('invited','active','paused','stopped','unreachable','erased')),
    quiet_start         TEXT NOT NULL DEFAULT '21:00',
    quiet_end           TEXT NOT NULL DEFAULT '09:00',
    psychotropic_count  INTEGER CHECK (psychotropic_count IS NULL OR psychotropic_count >= 0),
    consented_at        TEXT,
    created_at          TEXT NOT NULL
);
CREATE INDEX patients_clinician ON patients(clinician_id);

-- Single-use links. Only a hash of the token is kept; the first Telegram user to open the link
-- claims it, and it is redeemed when that user accepts consent.
CREATE TABLE invites (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL CHECK (role IN ('patient','clinician')),
    patient_id    INTEGER REFERENCES patients(id) ON DELETE CASCADE,
    clinician_id  INTEGER REFERENCES clinicians(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    claimed_by    INTEGER,
    claimed_at    TEXT,
    redeemed_at   TEXT,
    revoked_at    TEXT,
    CHECK ((role = 'patient') = (patient_id IS NOT NULL)),
    CHECK ((role = 'clinician') = (clinician_id IS NOT NULL))
);

CREATE TABLE schedules (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    dialog_id   TEXT NOT NULL,
    weekdays    TEXT,             -- 'mon,thu' for weekday schedules
    every_days  INTEGER CHECK (every_days IS NULL OR every_days >= 1),
    local_time  TEXT NOT NULL,    -- 'HH:MM' patient-local
    start_date  TEXT NOT NULL,    -- patient-local date
    end_date    TEXT,
    created_at  TEXT NOT NULL,
    CHECK ((weekdays IS NULL) <> (every_days IS NULL)),
    UNIQUE (patient_id, dialog_id)
);

CREATE TABLE appointments (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled','cancelled')),
    created_at  TEXT NOT NULL
);
CREATE INDEX appointments_patient ON appointments(patient_id, at);

CREATE TABLE medication_changes (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

-- One row per check-in the patient is (to be) asked. The unique slot makes a double tick
-- harmless: the same schedule occurrence can only be queued once.
CREATE TABLE checkins (
    id                INTEGER PRIMARY KEY,
    patient_id        INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    dialog_id         TEXT NOT NULL,
    dialog_version    INTEGER NOT NULL,
    slot              TEXT NOT NULL,
    due_at            TEXT NOT NULL,
    expires_at        TEXT NOT NULL,
    status            TEXT NOT NULL DEFAULT 'pending'
                      CHECK (status IN ('pending','open','completed','expired','missed','cancelled')),
    opened_at         TEXT,
    completed_at      TEXT,
    reminders_sent    INTEGER NOT NULL DEFAULT 0,
    draft             TEXT,       -- JSON: a multi-select in progress
    prompt_message_id INTEGER,    -- the message holding the current question's buttons
    UNIQUE (patient_id, dialog_id, slot)
);
CREATE INDEX checkins_due ON checkins(status, due_at);
CREATE INDEX checkins_patient ON checkins(patient_id, status);

-- Every answer, with what it measured; a Back keeps the earlier answer as superseded.
CREATE TABLE answers (
    id              INTEGER PRIMARY KEY,
    checkin_id      INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    patient_id      INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    dialog_id       TEXT NOT NULL,
    dialog_version  INTEGER NOT NULL,
    question_id     TEXT NOT NULL,
    construct       TEXT,
    value           TEXT,          -- JSON; NULL when skipped
    skipped         INTEGER NOT NULL DEFAULT 0,
    answered_at     TEXT NOT NULL,
    superseded_at   TEXT
);
CREATE UNIQUE INDEX answers_current ON answers(checkin_id, question_id) WHERE superseded_at IS NULL;
CREATE INDEX answers_patient ON answers(patient_id, construct, answered_at);

-- Free text a patient wrote outside a check-in question.
CREATE TABLE patient_messages (
    id           INTEGER PRIMARY KEY,
    patient_id   INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    text         TEXT NOT NULL,
    received_at  TEXT NOT NULL
);

-- Every update is written here and committed before it is acknowledged to Telegram.
CREATE TABLE inbox (
    update_id     INTEGER PRIMARY KEY,
    payload       TEXT,            -- emptied once processed: patient words do not linger here
    received_at   TEXT NOT NULL,
    processed_at  TEXT
);
CREATE INDEX inbox_pending ON inbox(processed_at, update_id);

-- Every send is a recorded state machine: pending -> sending -> sent | failed | ambiguous.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('text','edit','photo','document','commands')),
    payload     TEXT NOT NULL,     -- JSON
    dedupe_key  TEXT UNIQUE,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending','sending','sent','failed','ambiguous')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    not_before  TEXT NOT NULL,
    patient_id  INTEGER REFERENCES patients(id) ON DELETE SET NULL,
    checkin_id  INTEGER REFERENCES checkins(id) ON DELETE SET NULL,
    message_id  INTEGER,
    error       TEXT,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX outbox_pending ON outbox(status, not_before);

-- The audit and event log: who did what, when. Ids and event names only, never content.
CREATE TABLE events (
    id            INTEGER PRIMARY KEY,
    at            TEXT NOT NULL,
    kind          TEXT NOT NULL,
    actor         TEXT NOT NULL,
    patient_id    INTEGER REFERENCES patients(id) ON DELETE SET NULL,
    clinician_id  INTEGER REFERENCES clinicians(id) ON DELETE SET NULL,
    detail        TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_patient ON events(patient_id, at);
CREATE INDEX events_kind ON events(kind, at);

-- Small facts the bot learns about itself (its username, for invite links).
CREATE TABLE meta (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
