-- The suicide screen (issue 10, part 3): a positive screen that is not acute gives the
-- clinician a same-day task ("contact within 24 hours"), sent at once and shown at the top of
-- every digest until it is marked done. No patient words: the answers stay in answers.
--   kind        screen_positive
--   checkin_id  the screen's check-in
--   done_by_name  the care-team member who tapped "Done" (their Telegram name)
CREATE TABLE tasks (
    id            INTEGER PRIMARY KEY,
    patient_id    INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    checkin_id    INTEGER REFERENCES checkins(id) ON DELETE SET NULL,
    created_at    TEXT NOT NULL,
    due_at        TEXT NOT NULL,
    done_at       TEXT,
    done_by_name  TEXT
);
CREATE INDEX tasks_patient ON tasks(patient_id, created_at);
