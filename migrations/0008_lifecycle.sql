-- Who paused a patient's check-ins: a patient's /resume lifts only their own pause, and a
-- patient who blocks and unblocks the bot goes back to paused, not to active.
ALTER TABLE patients ADD COLUMN paused_by TEXT CHECK (paused_by IS NULL OR paused_by IN ('patient', 'staff'));
UPDATE patients SET paused_by = (
    SELECT CASE WHEN e.actor = 'patient' THEN 'patient' ELSE 'staff' END FROM events e
    WHERE e.patient_id = patients.id AND e.kind = 'patient_paused'
    ORDER BY e.at DESC, e.id DESC LIMIT 1
) WHERE status = 'paused';
UPDATE patients SET paused_by = 'staff' WHERE status = 'paused' AND paused_by IS NULL;
