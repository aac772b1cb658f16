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

digest-signals-heading = Señales para explorar
digest-signals-none = No hay señales en este periodo.
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
