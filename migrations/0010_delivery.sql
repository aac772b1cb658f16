-- What a lost or a repeated message costs decides what happens when a send may or may not have
-- reached Telegram (status 'ambiguous'); see Delivery in bot/domain/outgoing.py.
--   at_most_once   stays ambiguous (edits, replies in a conversation, digests)
--   at_least_once  sent once more after a delay (invitations, reminders, crisis replies)
--   alert          the same, and escalated if it still fails or stays ambiguous
ALTER TABLE outbox ADD COLUMN delivery TEXT NOT NULL DEFAULT 'at_most_once'
    CHECK (delivery IN ('at_most_once', 'at_least_once', 'alert'));
-- How often an ambiguous row was put back to be sent again (at most once).
ALTER TABLE outbox ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
-- When an alert that could not be delivered was escalated; NULL while it was not.
ALTER TABLE outbox ADD COLUMN escalated_at TEXT;
CREATE INDEX outbox_alerts_to_escalate ON outbox(status)
    WHERE delivery = 'alert' AND escalated_at IS NULL;
-- Invitations and reminders (priority 1) still on their way when this runs keep the promise too.
UPDATE outbox SET delivery = 'at_least_once'
    WHERE priority = 1 AND status IN ('pending', 'sending');
