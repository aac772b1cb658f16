## Resumen previo a la consulta para el clínico. Las fechas llegan ya formateadas en el idioma
## del clínico; $patient es el alias que eligió el personal; los recuentos son enteros.

digest-title = Resumen previo a la consulta: { $patient }
digest-period = Periodo: { $start } – { $end }
digest-appointment = Prepara la cita del { $when }
digest-no-appointment = Sin cita programada: resumen a petición
digest-generated = Generado el { $when } · horas en { $zone }
digest-continued = { $patient }, continuación ({ $part }/{ $total })

## Respuesta a los seguimientos

digest-response-heading = Seguimientos
digest-response-counts = { $sent ->
        [0] No se envió ningún seguimiento en este periodo ({ $answered } respondidos, { $missed } perdidos)
       *[other] Enviados { $sent }, respondidos { $answered }, perdidos { $missed }
    }
digest-response-paused = { $count ->
        [one] Pausó los seguimientos una vez
       *[other] Pausó los seguimientos { $count } veces
    }
digest-response-unreachable = Sin contacto: el paciente ha bloqueado el bot o ha salido del chat, así que los seguimientos ya no le llegan. Contacte con él por otra vía.

## Tratamiento

digest-regimen-heading = Tratamiento
digest-regimen-active = { $drug }, { $dose } · { $kind } · desde el { $since }
digest-regimen-as-needed = { $drug }, { $dose } si precisa · { $kind } · desde el { $since }
digest-regimen-none = No hay medicamentos registrados.
digest-regimen-changes = Cambios en este periodo:
digest-regimen-change = { $when } · { $drug }: { $what }
digest-regimen-note = { $when } · anotado antes de registrar el tratamiento: { $note }
digest-regimen-staff-count = Psicofármacos según el recuento del personal: { $count } (la señal de polifarmacia lee este número, no la lista)

## Señales

digest-evidence-heading = Qué la originó
digest-evidence-more = …y { $count } más (todas en el resumen completo)
digest-suggestion-label = Para explorar
digest-resolved = Resueltas desde el último resumen: { $signals }
digest-not-asked = { $signal }: no se ha vuelto a preguntar desde el { $date }; no se sabe si se ha resuelto

## Gráfico

digest-chart-heading = Tendencias
digest-chart-alt = Gráfico: días con alguna dosis olvidada por semana, y síntomas comparados con la vida diaria en cada seguimiento
digest-chart-adherence-title = Días con alguna dosis perdida, por semana
digest-chart-adherence-axis = Días perdidos (de 7)
digest-chart-trend-title = Síntomas frente a vida diaria
digest-chart-change-axis = Cambio desde el último seguimiento
digest-chart-symptoms = Síntomas
digest-chart-function = Vida diaria
digest-chart-better = mejor
digest-chart-worse = peor
digest-chart-empty = Sin respuestas en este periodo

## Las palabras del paciente

digest-words-heading = En palabras del paciente
digest-words-none = No escribió nada fuera de las preguntas en este periodo.
digest-source-note = Nota
digest-source-pre-visit = Para la consulta
digest-source-message = Mensaje
digest-quote = «{ $text }»
digest-quote-lang = «{ $text }» ({ $language })

## Respuestas legibles

digest-skipped = (omitida)
digest-answer-yes = sí
digest-answer-no = no
digest-answer-not-sure = no está seguro
digest-answer-score = { $score }/10
digest-answer-days = { $days ->
        [one] 1 de 7 días
       *[other] { $days } de 7 días
    }
digest-answer-change = { $change ->
        [-2] −2 (mucho peor)
        [-1] −1 (algo peor)
        [0] 0 (sin cambios)
        [1] +1 (algo mejor)
       *[2] +2 (mucho mejor)
    }

## Cierre

digest-closing = Estas señales son hipótesis para explorar con el paciente, no hallazgos: cada una se basa solo en las respuestas mostradas, y Rapport no hace diagnósticos.

## El plan de la consulta (issue 11): seguridad, la agenda del paciente, el tratamiento, otros
## medicamentos, hasta tres hipótesis con una pregunta inicial cada una, y lo demás anotado.

digest-safety-heading = Seguridad
digest-safety-none = Sin expresiones de riesgo ni señales de alarma de la medicación en este periodo.
digest-agenda-heading = Su agenda para esta consulta
digest-agenda-none = No envió nada para esta consulta.
digest-source-untold = Aún no lo ha dicho en persona
digest-other-medicines-heading = Otros medicamentos que mencionó
digest-hypotheses-heading = Para explorar en la consulta
digest-hypotheses-none = Nada que explorar con las respuestas de este periodo.
digest-findings = Agrupa: { $signals }
digest-question-label = Pregunta inicial
digest-also-heading = También anotado
digest-also-hypothesis = { $title } ({ $meta })
digest-mood = Ánimo diario: media { $mean }/10, rango { $low }–{ $high }, último { $latest } el { $when }; respondió { $days ->
        [one] 1 día
       *[other] { $days } días
    }
digest-evidence-full-heading = Evidencia completa: cada respuesta detrás de las hipótesis
digest-clipped = (texto completo en la página adjunta)

## Qué midió una respuesta, en pocas palabras (la etiqueta de una línea de evidencia)

digest-construct-adherence-days-missed-7d = Días con alguna dosis perdida
digest-construct-adherence-dose-change = Cómo la toma
digest-construct-adherence-extra = Cuánto de más
digest-construct-adherence-forgot = Olvidó una dosis
digest-construct-adherence-medicine = Qué medicamento
digest-construct-adherence-prescriber-knows = Lo sabe quien receta
digest-construct-adherence-reason = Motivos
digest-construct-adherence-since = Desde cuándo
digest-construct-adherence-took-today = La tomó hoy
digest-construct-alliance-agreement = De acuerdo con el plan
digest-construct-alliance-heard = Se siente escuchado
digest-construct-ambivalence-loss = Lo que mejorar podría costarle
digest-construct-ambivalence-loss-any = Algo que echaría de menos
digest-construct-belief-necessity = Necesita la medicación
digest-construct-concern-dependency = Preocupación por depender
digest-construct-concern-identity = Preocupación por dejar de ser uno mismo
digest-construct-control-pressure = Se siente presionado
digest-construct-expectation-benefit = Beneficio esperado
digest-construct-expectation-harm = Preocupación por el daño
digest-construct-function-change = Vida diaria, cambio
digest-construct-function-level = Vida diaria
digest-construct-history-intolerance = Dejó antes un medicamento por efectos secundarios
digest-construct-history-wary = Recelo por experiencias pasadas
digest-construct-mood-level = Ánimo
digest-construct-note-free = Nota
digest-construct-other-medicines = Otros medicamentos
digest-construct-readiness-change = Disposición al cambio
digest-construct-safety-dying-thoughts = Inquietud con pensamientos de morir
digest-construct-screen-acute = Cribado: ideas de suicidio ahora
digest-construct-screen-better-off-dead = Cribado: mejor muerto
digest-construct-screen-past-attempt = Cribado: intento previo
digest-construct-screen-thoughts = Cribado: ideas de suicidio
digest-construct-screen-wish-dead = Cribado: deseo de estar muerto
digest-construct-side-effects-attribution = Lo atribuye a
digest-construct-side-effects-baseline = Antes del cambio (basal)
digest-construct-side-effects-burden = Molestia de los efectos
digest-construct-side-effects-present = Efectos que notó
digest-construct-symptoms-change = Síntomas, cambio
digest-construct-symptoms-level = Síntomas
digest-construct-use-extra-for-feelings = Dosis extra por un sentimiento
digest-construct-use-feeling = Qué sentimiento
digest-construct-use-for-feelings = Medicación por un sentimiento
digest-construct-want-more-hope = Qué espera que cambie con más
digest-construct-want-more-medication = Quiere más medicación
