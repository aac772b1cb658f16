-- The regimen (issue 10): each patient's medications as staff recorded them, and every change.

-- One row per medication course: adding a medicine again after a stop is a new row, so the
-- history of a stop and a restart stays readable.
CREATE TABLE medications (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    drug        TEXT NOT NULL,      -- the name as typed: generic or brand, any language
    drug_class  TEXT NOT NULL CHECK (drug_class IN ('ssri', 'snri', 'tca', 'maoi',
                'antidepressant_other', 'lithium', 'valproate', 'lamotrigine', 'carbamazepine',
                'clozapine', 'antipsychotic', 'benzodiazepine', 'z_drug', 'stimulant', 'other')),
    dose        TEXT NOT NULL,      -- the latest dose, as typed ("100 mg", "1 mg at night")
    as_needed   INTEGER NOT NULL DEFAULT 0 CHECK (as_needed IN (0, 1)),
    started_at  TEXT NOT NULL,
    stopped_at  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX medications_patient ON medications(patient_id, started_at);

-- A change now belongs to a medication and says what kind it is. Rows from before this
-- migration are free-text notes ('note'): which medicine, and which way, is not known.
ALTER TABLE medication_changes ADD COLUMN medication_id INTEGER
    REFERENCES medications(id) ON DELETE CASCADE;
ALTER TABLE medication_changes ADD COLUMN kind TEXT NOT NULL DEFAULT 'note'
    CHECK (kind IN ('note', 'start', 'increase', 'decrease', 'change', 'stop'));
ALTER TABLE medication_changes ADD COLUMN dose_before TEXT;  -- NULL for a start
ALTER TABLE medication_changes ADD COLUMN dose_after TEXT;   -- NULL for a stop
CREATE INDEX medication_changes_patient ON medication_changes(patient_id, at);
CREATE INDEX medication_changes_medication ON medication_changes(medication_id);
