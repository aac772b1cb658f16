## El ciclo de vida del paciente: los estados tal como los lee el clínico, avisos neutros al
## clínico y respuestas amables cuando no se puede hacer lo que pide el paciente. Los avisos al
## clínico nombran al paciente solo por su alias y no dan datos de salud.

lifecycle-status-invited = invitado, aún sin inscribirse
lifecycle-status-active = activo
lifecycle-status-paused = en pausa
lifecycle-status-paused-by-patient = en pausa por decisión del paciente
lifecycle-status-paused-by-staff = en pausa por decisión de la clínica
lifecycle-status-stopped = ha dejado los check-ins
lifecycle-status-unreachable = inalcanzable (bloqueó el bot)
lifecycle-status-erased = datos borrados

lifecycle-clinician-stopped = { $alias } ha dejado los check-ins.
lifecycle-clinician-erased = { $alias } ha borrado sus datos en Rapport. Sus respuestas ya no están; el registro de auditoría guarda que ocurrió.
lifecycle-clinician-restarted = { $alias } ha vuelto a empezar los check-ins.

# Paciente: /resume cuando el equipo ha puesto en pausa las preguntas.
lifecycle-refused-paused-by-staff =
    Tu equipo de atención ha puesto en pausa las preguntas, así que no puedo retomarlas desde aquí.
    Ellos pueden volver a activarlas. Si es lo que quieres, pídeselo a tu clínica.
# Paciente: /resume después de /stop. Para volver hace falta un enlace nuevo de la clínica.
lifecycle-refused-stopped =
    Antes elegiste dejar las preguntas. Para volver a empezar, escribe /resume.
