## /mydata: the readable copy of everything kept about a patient. The patient reads it: plain
## words, no database or clinical terms. $date and $when are formatted dates; $count is a number.

mydata-title = Everything Rapport keeps about you
mydata-made = Made on { $date }. All dates and times are in your time zone, { $timezone }.
mydata-intro =
    This is a copy of everything stored about you in this check-in service: your details, every check-in with your answers, your messages, your appointments, your safety plan, and what else is kept.
    If something here looks wrong, please tell your care team.
mydata-nothing = Nothing here.

mydata-section-about = About you
mydata-alias = Your code name here: { $alias } (it is used instead of your real name)
mydata-clinic = Clinic: { $clinic }
mydata-clinician = Your clinician: { $name }
mydata-status = Check-ins: { $status }
mydata-language = Language: { $language }
mydata-timezone = Time zone: { $timezone }
mydata-quiet = Quiet hours, when I send no check-ins: { $start } to { $end }
mydata-added = Your clinic added you on { $date }.
mydata-consented = You agreed to take part on { $date }.
mydata-telegram-chat = Number of this Telegram chat (so I know where to write): { $number }
mydata-telegram-user = Your Telegram account number: { $number }

mydata-status-invited = not started yet
mydata-status-active = running
mydata-status-paused = paused
mydata-status-paused-by-patient = paused by you
mydata-status-paused-by-staff = paused by your care team
mydata-status-stopped = stopped
mydata-status-unreachable = on hold, because this chat was blocked
mydata-status-erased = erased

mydata-section-checkins = Your check-ins
mydata-checkin-heading = { $title } – { $date }
mydata-checkin-state = What happened: { $status }
mydata-checkin-planned = Planned for: { $when }
mydata-checkin-sent = Sent: { $when }
mydata-checkin-started = You started it: { $when }
mydata-checkin-finished = You finished it: { $when }
mydata-checkin-closed = Closed: { $when }
mydata-checkin-status-pending = not sent yet
mydata-checkin-status-open = waiting for your answers
mydata-checkin-status-completed = finished
mydata-checkin-status-expired = closed before it was finished; the answers you gave are kept
mydata-checkin-status-missed = not answered
mydata-checkin-status-cancelled = cancelled, not asked
mydata-no-answers = No answers.
# A check-in or question removed from the service since; the answers are still shown.
mydata-checkin-gone = A check-in that is no longer used
mydata-question-gone = A question that is no longer asked
mydata-answered-at = answered { $when }
mydata-skipped-at = skipped { $when }
mydata-changed = you changed this answer afterwards

mydata-section-messages = Your messages

mydata-section-appointments = Your appointments
mydata-appointment = { $when }
mydata-appointment-cancelled = { $when } (cancelled)

mydata-section-medicines = Your medicines, as your care team recorded them
mydata-medicine = { $drug }, { $dose } — { $kind }
mydata-medicine-as-needed = { $drug }, { $dose }, only when needed — { $kind }
mydata-medicine-since = taken since { $start }
mydata-medicine-between = taken from { $start } to { $end }

mydata-section-changes = Changes to your medication, as your care team noted them
mydata-change = { $drug }: { $what }

mydata-section-schedules = When check-ins are planned
mydata-schedule-days = { $title }: every { $days } at { $time }
mydata-schedule-every = { $title }: { $count ->
        [one] every day
       *[other] every { $count } days
    } at { $time }
mydata-schedule-from = from { $start }
mydata-schedule-between = from { $start } to { $end }

mydata-section-plan = Your safety plan
mydata-plan-updated-by-patient = You last changed it on { $date }.
mydata-plan-updated-by-staff = Your care team last changed it on { $date }.
mydata-plan-empty = (not filled in)

mydata-section-kept = What else is kept
mydata-kept-log = A log notes what happened and when, for example that a check-in was sent or that you asked for this copy. It never holds what you wrote or answered. This is everything in it:
mydata-kept-log-line = { $what } ({ $who }), { $count ->
        [one] once
       *[other] { $count } times
    }: { $dates }
# Who did it; "automatically" is the service itself.
mydata-who-patient = by you
mydata-who-staff = by your care team
mydata-who-telegram = reported by Telegram
mydata-who-system = automatically
# The same, for events whose words already say who did it ("You agreed to take part").
mydata-kept-log-plain = { $what }, { $count ->
        [one] once
       *[other] { $count } times
    }: { $dates }
mydata-kept-alerts = Times I let your care team know you might need support:
mydata-kept-alert-quote = Because you wrote: “{ $quote }”
mydata-kept-summaries = Summaries of your answers were made for your clinician on: { $dates }
mydata-kept-sent = { $count ->
        [one] I also keep a copy of the message I sent you
       *[other] I also keep copies of the { $count } messages I sent you
    }, so that nothing is sent twice.

mydata-event-alert-acknowledged = Someone in your care team saw an alert about you and took it up
mydata-event-alert-escalated = An alert about you was sent again to the clinic's on-call team
mydata-event-care-contact-not-sent = A message asking how you were was not sent, because messages had stopped
mydata-event-care-contact-sent = A message asking how you were was sent
mydata-event-safety-check-answered = You answered whether you were safe
mydata-event-appointment-added = An appointment was added
mydata-event-appointment-cancelled = An appointment was cancelled
mydata-event-checkin-completed = A check-in was finished
mydata-event-checkin-not-sent = A check-in was not sent, because check-ins were paused or stopped
mydata-event-checkin-opened = A check-in was started
mydata-event-checkin-queued = An extra check-in was asked for
mydata-event-checkin-sent = A check-in was sent
mydata-event-consent-declined = You said no to taking part
mydata-event-consent-given = You agreed to take part
mydata-event-data-exported = A copy of your data was made
mydata-event-digest-sent = A summary of your answers was sent to your clinician
mydata-event-digest-viewed = Your clinician opened a summary of your answers
mydata-event-invite-refused = Your invite link was opened but could not be used
mydata-event-invite-renewed = A new invite link was made
mydata-event-invite-voided = An invite link was closed
mydata-event-language-changed = The language was changed
mydata-event-medication-added = A medicine was added to your record
mydata-event-medication-changed = A change to your medication was noted
mydata-event-medication-stopped = A medicine was noted as stopped
mydata-event-patient-added = You were added to the service
mydata-event-patient-erased = Your answers and messages were erased
mydata-event-patient-paused = Check-ins were paused
mydata-event-patient-reachable = This chat could be reached again
mydata-event-patient-resumed = Check-ins started again
mydata-event-patient-stopped = Check-ins were stopped
mydata-event-patient-unreachable = This chat could not be reached (it was blocked)
mydata-event-patient-updated = Your details were changed
mydata-event-safety-event = Your care team was told you might need support
mydata-event-safety-plan-set = Your safety plan was saved
mydata-event-schedule-removed = Check-in times were removed
mydata-event-schedule-set = Check-in times were set
mydata-event-staff-chat-action = Your care team made a change from their staff chat
mydata-event-other = Something else was noted on your record
