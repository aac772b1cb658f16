-- Urgent alerts that are acknowledged, and the caring contact the day after a crisis reply.

-- One row per alert to the care team (the clinician's chat and the on-call chat get the same
-- alert). No patient words: the quote stays in safety_events, and goes with it.
--   tier        the reply the patient got (bot/domain/tiers.py)
--   source      text | plan (typed into their own safety plan: no reply, not escalated) |
--               button | screening | help_now ("I need help now" after the idiom check)
--   next_escalation_at  when it is next sent again to the on-call chat if nobody acknowledged
--               it; NULL once acknowledged, after the last escalation, or never (plan)
--   check_*     the patient's answer to "Are you safe right now?" (an idiom-like match)
CREATE TABLE alerts (
    id                    INTEGER PRIMARY KEY,
    patient_id            INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    safety_event_id       INTEGER REFERENCES safety_events(id) ON DELETE SET NULL,
    category              TEXT NOT NULL,
    urgency               TEXT NOT NULL CHECK (urgency IN ('crisis', 'medical')),
    tier                  TEXT NOT NULL,
    source                TEXT NOT NULL,
    idiomatic             INTEGER NOT NULL DEFAULT 0,
    flag                  TEXT,
    drug                  TEXT,
    flag_window           TEXT,
    created_at            TEXT NOT NULL,
    acknowledged_at       TEXT,
    acknowledged_by_id    INTEGER,   -- the Telegram user id of the care-team member
    acknowledged_by_name  TEXT,
    escalations           INTEGER NOT NULL DEFAULT 0,
    next_escalation_at    TEXT,
    check_asked           INTEGER NOT NULL DEFAULT 0,
    check_answer          TEXT CHECK (check_answer IN ('safe', 'help')),
    check_answered_at     TEXT
);
CREATE INDEX alerts_patient ON alerts(patient_id, created_at);
CREATE INDEX alerts_event ON alerts(safety_event_id);
CREATE INDEX alerts_to_escalate ON alerts(next_escalation_at) WHERE next_escalation_at IS NOT NULL;

-- The short caring contact the day after a crisis reply: one per patient-local day of crisis,
-- however many messages that day brought one.
CREATE TABLE care_contacts (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,
    crisis_day  TEXT NOT NULL,
    due_at      TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'cancelled')),
    done_at     TEXT,
    UNIQUE (patient_id, crisis_day)
);
CREATE INDEX care_contacts_due ON care_contacts(due_at) WHERE status = 'pending';
