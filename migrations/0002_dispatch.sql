-- The dispatcher's bookkeeping: what has been planned, sent and reminded.

-- Occurrences up to this instant are already in `checkins`; the sweep plans ahead from here.
ALTER TABLE schedules ADD COLUMN planned_until TEXT;
CREATE INDEX schedules_planning ON schedules(planned_until);

-- Where a check-in came from: a schedule, an appointment, a medication change, staff, intake.
ALTER TABLE checkins ADD COLUMN source TEXT NOT NULL DEFAULT 'schedule';
ALTER TABLE checkins ADD COLUMN appointment_id INTEGER REFERENCES appointments(id) ON DELETE SET NULL;
ALTER TABLE checkins ADD COLUMN change_id INTEGER REFERENCES medication_changes(id) ON DELETE SET NULL;
-- invited_at: the invitation went out; opened_at: the patient started answering.
ALTER TABLE checkins ADD COLUMN invited_at TEXT;
ALTER TABLE checkins ADD COLUMN next_reminder_at TEXT;
CREATE INDEX checkins_reminders ON checkins(status, next_reminder_at);
CREATE INDEX checkins_expiry ON checkins(status, expires_at);

-- Replies to a person (0) go before bulk check-in invitations (1).
ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox(status, priority, not_before);
