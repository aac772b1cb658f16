-- Issue 14: the next check-in of one patient (looked up at the end of every check-in) was read
-- through checkins_due, every patient's pending check-ins in due order, because nothing told
-- SQLite that one patient has few. This index answers it from the patient's own rows, already
-- in due order; it starts with what checkins_patient held, which it replaces.
CREATE INDEX checkins_patient_due ON checkins(patient_id, status, due_at);
DROP INDEX checkins_patient;
