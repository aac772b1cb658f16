-- Issue 14: the hot queries that still read a growing table row by row (tests/test_query_plans.py
-- holds each to its index). Few indexes, on tables written rarely: patients and appointments
-- change when staff act, not on every answer; answers and checkins get none.

-- Every sweep looks for appointments whose digest is due: only scheduled ones, by time.
CREATE INDEX appointments_upcoming ON appointments(at) WHERE status = 'scheduled';

-- A clinician's patients by alias (the web list) without sorting them; it starts with what
-- patients_clinician held, which it replaces.
CREATE INDEX patients_clinician_alias ON patients(clinician_id, alias);
DROP INDEX patients_clinician;

-- How many patients the staff list pages through: counted in a small index, not the table.
CREATE INDEX patients_status ON patients(status);
