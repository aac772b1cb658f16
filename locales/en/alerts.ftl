## Replies by tier (patient-facing: plain words, no clinical terms), the idiom check, the
## caring contact the day after a crisis reply; alerts that are acknowledged (clinician-facing).
## The suicidal tier's reply is safety-crisis-reply, the generic red-flag reply
## safety-medical-reply (safety.ftl). A red flag's own text, when one is written, is
## safety-flag-<flag>; its name in alerts alert-flag-<flag>.

safety-overdose-reply =
    Thank you for telling me. If you have taken too much of a medicine, or might do it, please call your local emergency number or a poison help line now, even if you feel fine. Some medicines do harm hours later.
    Tell someone near you what you took and how much, and keep the packs with you.
    Your care team will be told about your message, but please don't wait for them.
safety-stopped-reply =
    Thank you for telling me. Stopping some medicines all at once can make you feel unwell, and for a few it can be risky.
    Please contact your clinic today, so they can help you plan what to do next. Don't start again at your old dose on your own: ask them first.
    If you feel very unwell or confused, call your local emergency number.
safety-emergency-reply =
    What you describe can be a medical emergency. Please call your local emergency number now, or go to the nearest emergency department. Tell them which medicines you take.
safety-check-question = I want to be sure I understood you. Are you safe right now?
safety-check-safe = I'm safe
safety-check-help = I need help now
safety-check-safe-reply = Thank you for letting me know. I'm glad. If that changes, send /sos at any time to see your safety plan and who to call.
care-contact = Hi, just checking in: how are you today? You can write to me here whenever you like. If things feel hard, tap below or send /sos.
care-contact-sos = Help now

## Alerts to the clinician and the on-call chat. $patient is the alias; $when a date and time
## already formatted; $name the care-team member who pressed "I'm on it".

alert-help-now = Urgent: { $patient } answered "I need help now" when asked whether they are safe right now.
alert-flag = Red flag: { $flag }
alert-drug = Medicine: { $drug }
alert-window = When: { $window }
alert-in-plan = Written in the safety plan the patient is building (as a warning sign, for example): the plan went on and no crisis reply was sent. This alert is not sent again to on-call.
alert-footer-check = Instead of the full crisis reply, the patient was asked "Are you safe right now?"; their answer will follow here.
alert-ack-hint = Tap "I'm on it" when you take this. Until someone does, it is sent again to the on-call chat every { $minutes } minutes, { $max } times at most.
alert-ack-button = I'm on it
alert-escalated = Not acknowledged { $minutes } minutes after it was sent (reminder { $count } of { $max }).
alert-acknowledged = ✓ { $name } is on it: the alert about { $patient } sent { $when }.
alert-check-safe = { $patient } answered "I'm safe" when asked whether they are safe (alert sent { $when }).
alert-already = { $name } is already on this alert (since { $when }).
alert-ack-thanks = Thank you: recorded. The care team has been told you are on it.
alert-not-allowed = Only the care team can acknowledge alerts.
alert-unknown = This alert is no longer known.

## The digest's safety section: one line per alert after the statement that raised it.

digest-alert-label = Alert
digest-alert-in-plan = written in the safety plan (no crisis reply)
digest-alert-help-now = the patient tapped "I need help now"
digest-alert-button = from an answer given by button
digest-alert-screening = from the safety questions
digest-alert-check-safe = asked "Are you safe right now?": "I'm safe"
digest-alert-check-help = asked "Are you safe right now?": "I need help now"
digest-alert-check-none = asked "Are you safe right now?": no answer
digest-alert-acknowledged = acknowledged by { $name }, { $when }
digest-alert-open = not acknowledged
digest-alert-escalated = { $count ->
        [one] sent again to on-call once
       *[other] sent again to on-call { $count } times
    }
