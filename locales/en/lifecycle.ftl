## The patient lifecycle: statuses as a clinician reads them, neutral notices to the clinician,
## and kind replies when a patient's request cannot be done. Clinician notices name the patient
## by alias only and carry no health details (they can show on a lock screen).

lifecycle-status-invited = invited, not enrolled yet
lifecycle-status-active = active
lifecycle-status-paused = paused
lifecycle-status-paused-by-patient = paused by the patient
lifecycle-status-paused-by-staff = paused by the clinic
lifecycle-status-stopped = stopped the check-ins
lifecycle-status-unreachable = unreachable (blocked the bot)
lifecycle-status-erased = data erased

lifecycle-clinician-stopped = { $alias } has stopped the check-ins.
lifecycle-clinician-erased = { $alias } has erased their data in Rapport. Their answers are gone; the audit log keeps that it happened.
lifecycle-clinician-restarted = { $alias } has started the check-ins again.

# Patient: /resume while the care team has paused the check-ins.
lifecycle-refused-paused-by-staff =
    Your check-ins were paused by your care team, so I can't start them again from here.
    They can start them again for you. If you'd like that, please ask your clinic.
# Patient: /pause after /stop: nothing is sent anyway; /resume starts again.
lifecycle-refused-stopped =
    You stopped the check-ins earlier. To start them again, send /resume.
