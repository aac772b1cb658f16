## Respuestas por nivel (para el paciente: palabras sencillas, sin términos clínicos), la
## pregunta ante una posible expresión hecha, el mensaje de cuidado del día siguiente a una
## respuesta de crisis; avisos que se confirman (para el equipo clínico).

safety-overdose-reply =
    Gracias por contármelo. Si has tomado demasiado de un medicamento, o podrías hacerlo, llama ahora al número de emergencias o a un servicio de información toxicológica, aunque te encuentres bien. Algunos medicamentos hacen daño horas después.
    Dile a alguien que esté cerca qué has tomado y cuánto, y ten los envases contigo.
    Tu equipo sabrá de tu mensaje, pero por favor no esperes a que te contesten.
safety-stopped-reply =
    Gracias por contármelo. Dejar algunos medicamentos de golpe puede hacer que te encuentres mal, y con algunos puede ser peligroso.
    Contacta hoy con tu centro para que te ayuden a decidir qué hacer. No vuelvas a tomar tu dosis de antes por tu cuenta: pregúntales primero.
    Si te encuentras muy mal o muy confundido/a, llama al número de emergencias.
safety-emergency-reply =
    Lo que describes puede ser una urgencia médica. Llama ahora al número de emergencias o ve a urgencias. Diles qué medicamentos tomas.
safety-check-question = Quiero asegurarme de que te he entendido bien. ¿Estás a salvo ahora mismo?
safety-check-safe = Estoy a salvo
safety-check-help = Necesito ayuda ya
safety-check-safe-reply = Gracias por decírmelo. Me alegro. Si eso cambia, escribe /sos cuando quieras para ver tu plan de seguridad y a quién llamar.
care-contact = Hola, solo quería saber de ti: ¿cómo estás hoy? Puedes escribirme aquí cuando quieras. Si las cosas se ponen difíciles, toca abajo o escribe /sos.
care-contact-sos = Ayuda ahora

## Avisos al clínico y al chat de guardia. $patient es el alias; $when, fecha y hora ya
## formateadas; $name, quien pulsó «Me encargo».

alert-help-now = Urgente: { $patient } ha respondido «Necesito ayuda ya» al preguntarle si está a salvo ahora mismo.
alert-flag = Señal de alarma: { $flag }
alert-drug = Medicamento: { $drug }
alert-window = Cuándo: { $window }
alert-in-plan = Escrito en el plan de seguridad que el paciente está preparando (por ejemplo, como señal de alarma): el plan siguió y no se envió respuesta de crisis. Este aviso no se reenvía a guardia.
alert-footer-check = En lugar de la respuesta de crisis completa, se preguntó al paciente «¿Estás a salvo ahora mismo?»; su respuesta llegará aquí.
alert-ack-hint = Pulsa «Me encargo» cuando lo asumas. Hasta entonces se reenvía al chat de guardia cada { $minutes } minutos, { $max } veces como máximo.
alert-ack-button = Me encargo
alert-escalated = Sin confirmar { $minutes } minutos después de enviarse (recordatorio { $count } de { $max }).
alert-acknowledged = ✓ { $name } se encarga del aviso sobre { $patient } enviado el { $when }.
alert-check-safe = { $patient } ha respondido «Estoy a salvo» al preguntarle si está a salvo (aviso enviado el { $when }).
alert-already = { $name } ya se encarga de este aviso (desde el { $when }).
alert-ack-thanks = Gracias: queda registrado. Se ha avisado al equipo de que te encargas.
alert-not-allowed = Solo el equipo asistencial puede confirmar avisos.
alert-unknown = Este aviso ya no existe.

## La sección de seguridad del resumen: una línea por aviso tras el mensaje que lo causó.

digest-alert-label = Aviso
digest-alert-in-plan = escrito en el plan de seguridad (sin respuesta de crisis)
digest-alert-help-now = el paciente pulsó «Necesito ayuda ya»
digest-alert-button = a partir de una respuesta con botón
digest-alert-screening = a partir de las preguntas de seguridad
digest-alert-check-safe = se preguntó «¿Estás a salvo ahora mismo?»: «Estoy a salvo»
digest-alert-check-help = se preguntó «¿Estás a salvo ahora mismo?»: «Necesito ayuda ya»
digest-alert-check-none = se preguntó «¿Estás a salvo ahora mismo?»: sin respuesta
digest-alert-acknowledged = confirmado por { $name }, { $when }
digest-alert-open = sin confirmar
digest-alert-escalated = { $count ->
        [one] reenviado a guardia una vez
       *[other] reenviado a guardia { $count } veces
    }
