## Research exports (`rapport export --format redcap`): the REDCap data dictionary's labels,
## read by the clinic's researchers in the clinic's language.

research-record-id = Número de la ronda de preguntas
research-patient = Paciente (alias)
research-dialog = Ronda de preguntas
research-version = Versión de la ronda
research-status = Qué pasó
research-status-open = enviada, sin terminar
research-status-completed = terminada
research-status-expired = cerrada antes de terminarse
research-status-missed = sin respuesta
research-status-cancelled = cancelada
research-due = Prevista para (UTC)
research-sent = Enviada (UTC)
research-started = Empezada (UTC)
research-completed = Terminada (UTC)
# A field for answers to a question that no installed dialog asks any more.
research-gone = ya no se pregunta
