-- The staff chat's state between messages: which patient a staff member is working on, the
-- schedule being put together, and what a typed message is expected to be. Kept here rather
-- than in memory, so a restart in the middle of a form changes nothing for the staff member.
CREATE TABLE staff_sessions (
    staff_id    INTEGER PRIMARY KEY REFERENCES staff(id) ON DELETE CASCADE,
    -- Bumped whenever a new form starts; buttons carry it, so those of an older form go stale.
    flow        INTEGER NOT NULL DEFAULT 0,
    patient_id  INTEGER REFERENCES patients(id) ON DELETE SET NULL,  -- the flow number lives on
    awaiting    TEXT CHECK (awaiting IS NULL OR awaiting IN ('time', 'appointment')),
    dialog_id   TEXT,
    weekdays    TEXT NOT NULL DEFAULT '',  -- 'mon,thu' while the schedule form is open
    local_time  TEXT,                      -- 'HH:MM' patient-local
    updated_at  TEXT NOT NULL
);
