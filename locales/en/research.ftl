## Research exports (`rapport export --format redcap`): the REDCap data dictionary's labels,
## read by the clinic's researchers in the clinic's language.

research-record-id = Check-in number
research-patient = Patient (alias)
research-dialog = Check-in
research-version = Check-in version
research-status = What happened
research-status-open = sent, not finished
research-status-completed = finished
research-status-expired = closed before it was finished
research-status-missed = not answered
research-status-cancelled = cancelled
research-due = Planned for (UTC)
research-sent = Sent (UTC)
research-started = Started (UTC)
research-completed = Finished (UTC)
# A field for answers to a question that no installed dialog asks any more.
research-gone = no longer asked
