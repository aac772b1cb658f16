-- Digests sent to clinicians, risk statements detected, and personal safety plans.

-- One row per digest. A scheduled digest is sent once per appointment (the unique index);
-- on-demand ones are recorded for the audit trail but do not move the period anchor.
CREATE TABLE digests (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    clinician_id    INTEGER REFERENCES clinicians(id) ON DELETE SET NULL,
    appointment_id  INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('scheduled', 'on_demand')),
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    codes           TEXT NOT NULL DEFAULT '[]',   -- JSON: the signal codes it showed
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX digests_once ON digests(appointment_id) WHERE kind = 'scheduled';
CREATE INDEX digests_patient ON digests(patient_id, kind, period_to);

-- A risk statement found in a patient's words. The quote is patient content: erased with them.
CREATE TABLE safety_events (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    category    TEXT NOT NULL,
    urgency     TEXT NOT NULL,
    idiomatic   INTEGER NOT NULL DEFAULT 0,
    quote       TEXT,
    checkin_id  INTEGER REFERENCES checkins(id) ON DELETE SET NULL
);
CREATE INDEX safety_events_patient ON safety_events(patient_id, at);

-- The patient's own plan for a crisis, shown first by /sos and by every crisis reply.
CREATE TABLE safety_plans (
    id             INTEGER PRIMARY KEY,
    patient_id     INTEGER NOT NULL UNIQUE REFERENCES patients(id) ON DELETE CASCADE,
    warning_signs  TEXT,
    helps          TEXT,
    people         TEXT,
    safer          TEXT,
    contacts       TEXT,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
);

CREATE INDEX answers_time ON answers(answered_at);
CREATE INDEX patient_messages_time ON patient_messages(patient_id, received_at);
