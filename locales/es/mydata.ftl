## /mydata: la copia legible de todo lo que se guarda sobre un paciente. La lee el paciente:
## palabras sencillas, sin términos de bases de datos ni clínicos. $date y $when son fechas ya
## formateadas; $count es un número.

mydata-title = Todo lo que Rapport guarda sobre ti
mydata-made = Hecho el { $date }. Todas las fechas y horas están en tu zona horaria, { $timezone }.
mydata-intro =
    Esta es una copia de todo lo que este servicio de seguimiento guarda sobre ti: tus datos, cada ronda de preguntas con tus respuestas, tus mensajes, tus citas, tu plan de seguridad y qué más se guarda.
    Si algo no te parece correcto, díselo a tu equipo.
mydata-nothing = Nada por aquí.

mydata-section-about = Sobre ti
mydata-alias = Tu nombre en clave aquí: { $alias } (se usa en lugar de tu nombre real)
mydata-clinic = Clínica: { $clinic }
mydata-clinician = Tu clínico: { $name }
mydata-status = Preguntas: { $status }
mydata-language = Idioma: { $language }
mydata-timezone = Zona horaria: { $timezone }
mydata-quiet = Horas de descanso, en las que no te envío preguntas: de { $start } a { $end }
mydata-added = Tu clínica te registró el { $date }.
mydata-consented = Aceptaste participar el { $date }.
mydata-telegram-chat = Número de este chat de Telegram (para saber dónde escribirte): { $number }
mydata-telegram-user = Tu número de cuenta de Telegram: { $number }

mydata-status-invited = aún no han empezado
mydata-status-active = en marcha
mydata-status-paused = en pausa
mydata-status-paused-by-patient = en pausa porque tú lo pediste
mydata-status-paused-by-staff = en pausa por decisión de tu equipo
mydata-status-stopped = detenidas
mydata-status-unreachable = en espera, porque este chat se bloqueó
mydata-status-erased = borradas

mydata-section-checkins = Tus rondas de preguntas
mydata-checkin-heading = { $title } – { $date }
mydata-checkin-state = Qué pasó: { $status }
mydata-checkin-planned = Prevista para: { $when }
mydata-checkin-sent = Enviada: { $when }
mydata-checkin-started = La empezaste: { $when }
mydata-checkin-finished = La terminaste: { $when }
mydata-checkin-closed = Se cerró: { $when }
mydata-checkin-status-pending = aún no se ha enviado
mydata-checkin-status-open = esperando tus respuestas
mydata-checkin-status-completed = terminada
mydata-checkin-status-expired = se cerró antes de terminarla; las respuestas que diste se guardan
mydata-checkin-status-missed = sin responder
mydata-checkin-status-cancelled = cancelada, no se preguntó
mydata-no-answers = Sin respuestas.
# A check-in or question removed from the service since; the answers are still shown.
mydata-checkin-gone = Una ronda de preguntas que ya no se usa
mydata-question-gone = Una pregunta que ya no se hace
mydata-answered-at = respondida { $when }
mydata-skipped-at = la saltaste { $when }
mydata-changed = después cambiaste esta respuesta

mydata-section-messages = Tus mensajes

mydata-section-appointments = Tus citas
mydata-appointment = { $when }
mydata-appointment-cancelled = { $when } (cancelada)

mydata-section-medicines = Tus medicamentos, tal como los anotó tu equipo
mydata-medicine = { $drug }, { $dose } — { $kind }
mydata-medicine-as-needed = { $drug }, { $dose }, solo cuando lo necesitas — { $kind }
mydata-medicine-since = lo tomas desde el { $start }
mydata-medicine-between = lo tomaste del { $start } al { $end }

mydata-section-changes = Cambios en tu medicación, tal como los anotó tu equipo
mydata-change = { $drug }: { $what }

mydata-section-schedules = Cuándo están previstas las preguntas
mydata-schedule-days = { $title }: cada { $days } a las { $time }
mydata-schedule-every = { $title }: { $count ->
        [one] cada día
       *[other] cada { $count } días
    } a las { $time }
mydata-schedule-from = desde el { $start }
mydata-schedule-between = del { $start } al { $end }

mydata-section-plan = Tu plan de seguridad
mydata-plan-updated-by-patient = Lo cambiaste por última vez el { $date }.
mydata-plan-updated-by-staff = Tu equipo lo cambió por última vez el { $date }.
mydata-plan-empty = (sin rellenar)

mydata-section-kept = Qué más se guarda
mydata-kept-log = Un registro anota qué pasó y cuándo, por ejemplo que se envió una ronda de preguntas o que pediste esta copia. Nunca guarda lo que escribiste o respondiste. Esto es todo lo que contiene:
mydata-kept-log-line = { $what } ({ $who }), { $count ->
        [one] una vez
       *[other] { $count } veces
    }: { $dates }
mydata-who-patient = por ti
mydata-who-staff = por tu equipo
mydata-who-telegram = según Telegram
mydata-who-system = de forma automática
mydata-kept-log-plain = { $what }, { $count ->
        [one] una vez
       *[other] { $count } veces
    }: { $dates }
mydata-kept-alerts = Veces en que avisé a tu equipo de que quizá necesitabas apoyo:
mydata-kept-alert-quote = Porque escribiste: «{ $quote }»
mydata-kept-summaries = Se hicieron resúmenes de tus respuestas para tu clínico el: { $dates }
mydata-kept-sent = { $count ->
        [one] También guardo una copia del mensaje que te envié
       *[other] También guardo copias de los { $count } mensajes que te envié
    }, para no enviar nada dos veces.

mydata-event-alert-acknowledged = Alguien de tu equipo vio un aviso sobre ti y se encargó
mydata-event-alert-escalated = Un aviso sobre ti se volvió a enviar al equipo de guardia del centro
mydata-event-care-contact-not-sent = No se envió un mensaje para saber cómo estabas, porque los mensajes estaban parados
mydata-event-care-contact-sent = Se envió un mensaje para saber cómo estabas
mydata-event-safety-check-answered = Respondiste si estabas a salvo
mydata-event-appointment-added = Se añadió una cita
mydata-event-appointment-cancelled = Se canceló una cita
mydata-event-checkin-completed = Se terminó una ronda de preguntas
mydata-event-checkin-not-sent = No se envió una ronda de preguntas, porque estaban en pausa o detenidas
mydata-event-checkin-opened = Se empezó una ronda de preguntas
mydata-event-checkin-queued = Se pidió una ronda de preguntas extra
mydata-event-checkin-sent = Se envió una ronda de preguntas
mydata-event-consent-declined = Dijiste que no querías participar
mydata-event-consent-given = Aceptaste participar
mydata-event-data-exported = Se hizo una copia de tus datos
mydata-event-digest-sent = Se envió a tu clínico un resumen de tus respuestas
mydata-event-digest-viewed = Tu clínico abrió un resumen de tus respuestas
mydata-event-invite-refused = Se abrió tu enlace de invitación, pero no se pudo usar
mydata-event-invite-renewed = Se creó un enlace de invitación nuevo
mydata-event-invite-voided = Se cerró un enlace de invitación
mydata-event-language-changed = Se cambió el idioma
mydata-event-medication-added = Se anotó un medicamento nuevo
mydata-event-medication-changed = Se anotó un cambio en tu medicación
mydata-event-medication-stopped = Se anotó que dejaste un medicamento
mydata-event-patient-added = Tu clínica te registró en el servicio
mydata-event-patient-erased = Se borraron tus respuestas y mensajes
mydata-event-patient-paused = Se pusieron en pausa las preguntas
mydata-event-patient-reachable = Se pudo volver a escribir a este chat
mydata-event-patient-resumed = Las preguntas volvieron a empezar
mydata-event-patient-stopped = Se detuvieron las preguntas
mydata-event-patient-unreachable = No se pudo escribir a este chat (estaba bloqueado)
mydata-event-patient-updated = Se cambiaron tus datos
mydata-event-safety-event = Se avisó a tu equipo de que quizá necesitabas apoyo
mydata-event-safety-plan-set = Se guardó tu plan de seguridad
mydata-event-schedule-removed = Se quitaron horarios de preguntas
mydata-event-schedule-set = Se fijaron horarios de preguntas
mydata-event-staff-chat-action = Tu equipo hizo un cambio desde su chat de personal
mydata-event-other = Se anotó otra cosa en tu ficha
