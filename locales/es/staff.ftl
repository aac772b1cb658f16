## El chat del personal: el personal de la clínica gestiona los check-ins desde Telegram.
## Las horas se muestran en la zona horaria de cada paciente.

staff-refused = Lo siento, esto es solo para el personal de la clínica.
staff-help =
    Esto es lo que puedo hacer para el personal de la clínica:
    /patients – pacientes, sus check-ins y citas; toque uno para cambiar un horario, añadir una cita, pausar o reanudar, u obtener un nuevo enlace de invitación
    /web – un enlace a la vista web, con formularios para todo esto
    /help – mostrar esta lista
staff-stale = Este botón está desactualizado. Envíe /patients para empezar de nuevo.
staff-gone = Ese paciente ya no está en la lista.
staff-none = –
staff-error = No se ha cambiado nada: { $reason }
staff-note = Atención: { $note }
staff-try-again = Escríbalo de nuevo o toque Cancelar.

## La lista de pacientes

staff-list-empty = Todavía no hay pacientes. El personal los añade con: rapport patient add
staff-list-title =
    Pacientes (página { $page } de { $pages }, { $total } en total)
    ⏰ próximo check-in · ✍ última respuesta · 📅 próxima cita, en la hora local de cada paciente
staff-list-item =
    { $alias } — { $status }
    ⏰ { $next } · ✍ { $last } · 📅 { $appointment }
staff-prev = ‹ Anterior
staff-next = Siguiente ›
staff-status-invited = invitado, aún sin inscribirse
staff-status-active = inscrito
staff-status-paused = inscrito, en pausa
staff-status-stopped = detenido
staff-status-unreachable = inalcanzable (bloqueó el bot)

## La ficha de un paciente

staff-card =
    { $alias } — { $status }
    Zona horaria: { $timezone }
    Próximo check-in: { $next }
    Última respuesta: { $last }
    Citas: { $appointments }
    Horarios:
    { $schedules }
staff-schedule-line = { $dialog }: { $rule } a las { $time }
staff-every-days =
    { $count ->
        [1] cada día
       *[other] cada { $count } días
    }
staff-btn-schedule = Horario
staff-btn-appointment = Cita
staff-btn-pause = Pausar
staff-btn-resume = Reanudar
staff-btn-invite = Nuevo enlace de invitación
staff-btn-back = ‹ Volver
staff-btn-save = Guardar
staff-btn-cancel = Cancelar
staff-btn-type-time = Escribir una hora…
staff-paused = { $alias } está en pausa: no se envían check-ins hasta que lo reanude.
staff-resumed = { $alias } vuelve a estar activo: los check-ins se envían según lo previsto.
staff-invite =
    Un nuevo enlace de invitación para { $alias }, válido hasta { $expires }. Los enlaces anteriores ya no funcionan.
    { $link }

## El formulario de horario

staff-pick-dialog = Un horario para { $alias }: ¿qué check-in?
staff-form =
    Un horario para { $alias }: { $dialog }
    Días: { $days }
    Hora: { $time } ({ $timezone })
    Toque los días y una hora, y después Guardar.
staff-ask-time = Escriba la hora para { $alias } como HH:MM, en formato de 24 horas, en su hora local ({ $timezone }).
staff-saved = Guardado: { $dialog } para { $alias } los { $days } a las { $time }. Próximo check-in: { $next }.
staff-day-mon = lun
staff-day-tue = mar
staff-day-wed = mié
staff-day-thu = jue
staff-day-fri = vie
staff-day-sat = sáb
staff-day-sun = dom

## Citas

staff-ask-appointment = Escriba la cita para { $alias } como AAAA-MM-DD HH:MM, en su hora local ({ $timezone }).
staff-appointment-saved = Cita guardada para { $alias }: { $when } ({ $timezone }). El check-in previo a la visita se envía antes.
