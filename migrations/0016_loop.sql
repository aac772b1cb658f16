-- Issue 11, closing the loop: the summary sent right after a worrying intake is a digest of
-- kind 'intake' (recorded, then drawn and sent like the others, so a restart neither loses nor
-- repeats it; at most one per patient), and the clinician's verdict on each hypothesis shown.

-- SQLite cannot change a CHECK constraint in place: the table is copied into a new one.
-- Nothing references digests yet, so the copy keeps every id.
CREATE TABLE digests_new (
    id              INTEGER PRIMARY KEY,
    patient_id      INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    clinician_id    INTEGER REFERENCES clinicians(id) ON DELETE SET NULL,
    appointment_id  INTEGER REFERENCES appointments(id) ON DELETE SET NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('scheduled', 'on_demand', 'intake')),
    period_from     TEXT NOT NULL,
    period_to       TEXT NOT NULL,
    codes           TEXT NOT NULL DEFAULT '[]',   -- JSON: the signal codes it showed
    created_at      TEXT NOT NULL,
    chat_id         INTEGER,
    delivered_at    TEXT
);
INSERT INTO digests_new (id, patient_id, clinician_id, appointment_id, kind, period_from,
    period_to, codes, created_at, chat_id, delivered_at)
    SELECT id, patient_id, clinician_id, appointment_id, kind, period_from, period_to, codes,
        created_at, chat_id, delivered_at FROM digests;
DROP TABLE digests;
ALTER TABLE digests_new RENAME TO digests;
CREATE UNIQUE INDEX digests_once ON digests(appointment_id) WHERE kind = 'scheduled';
CREATE UNIQUE INDEX digests_intake_once ON digests(patient_id) WHERE kind = 'intake';
CREATE INDEX digests_patient ON digests(patient_id, kind, period_to);
CREATE INDEX digests_undelivered ON digests(delivered_at) WHERE delivered_at IS NULL;

-- A clinician's verdict on one hypothesis of a digest they were sent: 'fits', 'not_fits' or
-- 'pharmacological' (the picture is better explained by the drug). One row per digest,
-- hypothesis and clinician; a second tap changes the verdict (the events table keeps each
-- change). No patient words: the hypothesis key and the signal codes it grouped.
CREATE TABLE hypothesis_feedback (
    id            INTEGER PRIMARY KEY,
    digest_id     INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
    patient_id    INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    clinician_id  INTEGER NOT NULL REFERENCES clinicians(id) ON DELETE CASCADE,
    hypothesis    TEXT NOT NULL,
    codes         TEXT NOT NULL DEFAULT '[]',   -- JSON: the signal codes of the hypothesis
    verdict       TEXT NOT NULL CHECK (verdict IN ('fits', 'not_fits', 'pharmacological')),
    at            TEXT NOT NULL,                -- the first verdict
    changed_at    TEXT,                         -- the latest change, if any
    UNIQUE (digest_id, hypothesis, clinician_id)
);
CREATE INDEX hypothesis_feedback_patient ON hypothesis_feedback(patient_id);
