# Pantallas de las preguntas periódicas. Las invitaciones y los recordatorios se ven en la
# pantalla de bloqueo: deben ser neutros (sin medicación, sin diagnósticos, sin tipo de clínica).
# $hours, $length, $limit, $position y $total son números; $when es una fecha y hora ya
# formateadas; $answer y $label son textos ya traducidos.

checkin-invite = ¡Hola! Es momento de unas preguntas rápidas. Toca Empezar cuando tengas un rato.
checkin-reminder-first = Un pequeño recordatorio: tus preguntas siguen abiertas { $hours } { $hours ->
        [one] hora
       *[other] horas
    } más. Toca Empezar cuando te venga bien.
checkin-reminder-last = Tus preguntas se cierran dentro de { $hours } { $hours ->
        [one] hora
       *[other] horas
    }. Si ahora no es buen momento, no pasa nada.
checkin-start = Empezar

## Botones

checkin-back = ← Atrás
checkin-skip = Saltar
checkin-done = Listo
checkin-yes = Sí
checkin-no = No
checkin-not-sure = No lo tengo claro
checkin-change-much-worse = Mucho peor
checkin-change-bit-worse = Algo peor
checkin-change-same = Más o menos igual
checkin-change-bit-better = Algo mejor
checkin-change-much-better = Mucho mejor
# Una opción elegida en una pregunta de varias respuestas.
checkin-selected = ✓ { $label }

## Alrededor de una pregunta

checkin-progress = { $position } de { $total }
checkin-scale-anchors = 0 = { $low }, 10 = { $high }
checkin-scale-low = nada
checkin-scale-high = totalmente
checkin-multi-hint = Elige todas las que encajen y después toca Listo.
checkin-multi-empty = Elige al menos una opción y después toca Listo.
checkin-text-hint = Escribe tu respuesta y envíala como mensaje.
checkin-text-hint-skippable = Escribe tu respuesta y envíala como mensaje, o toca Saltar si prefieres no contestar.
# Sustituye a los botones cuando la pregunta ya tiene respuesta.
checkin-answered = ✓ { $answer }
checkin-answer-skipped = sin responder
# El registro de las respuestas, una línea por respuesta dada con botón, encima de la pregunta
# actual (la siguiente pregunta se dibuja sobre el mensaje tocado). $question es la pregunta abreviada.
checkin-record-line = ✓ { $question } — { $answer }
# Sustituye a las líneas más antiguas cuando la pantalla no cabría en un mensaje. $count es un número.
checkin-record-earlier = … { $count } { $count ->
        [one] respuesta anterior
       *[other] respuestas anteriores
    }

## Respuestas

checkin-use-buttons = Gracias por escribir. Para esta pregunta, toca uno de los botones que tiene debajo.
checkin-too-long = Es un poco largo para poder guardarlo ({ $length } caracteres). ¿Podrías acortarlo a { $limit } caracteres como máximo y enviarlo de nuevo?
checkin-thanks-next = Gracias, eso es todo por ahora. Tus próximas preguntas: { $when }.
checkin-thanks = Gracias, eso es todo por ahora. De momento no hay más preguntas previstas.
checkin-closed = Estas preguntas ya están terminadas. ¡Gracias!
checkin-expired = Estas preguntas ya se han cerrado, así que no hace falta responderlas. No pasa nada.
checkin-none-waiting = Ahora mismo no tienes preguntas pendientes.
checkin-stale = Esa pregunta ya tiene respuesta. Usa los botones de la última pregunta, por favor.
