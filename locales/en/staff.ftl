## The staff chat: clinic staff look after patients' check-ins from Telegram.
## Times are shown in each patient's own time zone.

staff-refused = Sorry, this is only for clinic staff.
staff-help =
    Here is what I can do for clinic staff:
    /patients – patients, their check-ins and appointments; tap one to change a schedule, add an appointment, pause or resume, or get a new invite link
    /web – a link to the web view, with forms for all of this
    /help – show this list
staff-stale = This button is out of date. Send /patients to start again.
staff-gone = That patient is no longer on the list.
staff-none = –
staff-error = That was not changed: { $reason }
staff-note = Please note: { $note }
staff-try-again = Please type it again, or tap Cancel.

## The patient list

staff-list-empty = There are no patients yet. Staff add them with: rapport patient add
staff-list-title =
    Patients (page { $page } of { $pages }, { $total } in all)
    ⏰ next check-in · ✍ last answer · 📅 next appointment, in each patient's local time
staff-list-item =
    { $alias } — { $status }
    ⏰ { $next } · ✍ { $last } · 📅 { $appointment }
staff-prev = ‹ Previous
staff-next = Next ›
staff-status-invited = invited, not enrolled yet
staff-status-active = enrolled
staff-status-paused = enrolled, paused
staff-status-stopped = stopped
staff-status-unreachable = unreachable (blocked the bot)

## A patient's card

staff-card =
    { $alias } — { $status }
    Time zone: { $timezone }
    Next check-in: { $next }
    Last answer: { $last }
    Appointments: { $appointments }
    Schedules:
    { $schedules }
staff-schedule-line = { $dialog }: { $rule } at { $time }
staff-every-days =
    { $count ->
        [1] every day
       *[other] every { $count } days
    }
staff-btn-schedule = Schedule
staff-btn-appointment = Appointment
staff-btn-pause = Pause
staff-btn-resume = Resume
staff-btn-invite = New invite link
staff-btn-back = ‹ Back
staff-btn-save = Save
staff-btn-cancel = Cancel
staff-btn-type-time = Type a time…
staff-paused = { $alias } is paused: no check-ins go out until you resume.
staff-resumed = { $alias } is active again: check-ins go out as planned.
staff-invite =
    A new invite link for { $alias }, valid until { $expires }. Older links no longer work.
    { $link }

## The schedule form

staff-pick-dialog = A schedule for { $alias }: which check-in?
staff-form =
    A schedule for { $alias }: { $dialog }
    Days: { $days }
    Time: { $time } ({ $timezone })
    Tap the days and a time, then Save.
staff-ask-time = Type the time for { $alias } as HH:MM, 24-hour, in their local time ({ $timezone }).
staff-saved = Saved: { $dialog } for { $alias } on { $days } at { $time }. Next check-in: { $next }.
staff-day-mon = Mon
staff-day-tue = Tue
staff-day-wed = Wed
staff-day-thu = Thu
staff-day-fri = Fri
staff-day-sat = Sat
staff-day-sun = Sun

## Appointments

staff-ask-appointment = Type the appointment for { $alias } as YYYY-MM-DD HH:MM, in their local time ({ $timezone }).
staff-appointment-saved = Appointment saved for { $alias }: { $when } ({ $timezone }). The pre-visit check-in goes out before it.
