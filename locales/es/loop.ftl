# Issue 11, cerrar el ciclo: niveles y cambios de medicación en el gráfico del resumen, la
# opinión del clínico sobre las hipótesis y el resumen enviado tras una entrevista inicial
# preocupante.

## El gráfico (bot.domain.charting)

chart-levels-title = Síntomas, vida diaria y ánimo (0–10)
chart-level-axis = Nivel (10 = mejor)
chart-mood = Ánimo (diario)
chart-changes = Cambios de medicación
chart-change-line = cambio de medicación

## Opinión sobre las hipótesis de un resumen (bot.services.feedback)

feedback-fits-button = { $n } ✓ encaja
feedback-not-fits-button = { $n } ✗ no encaja
feedback-pharmacological-button = { $n } 💊 farmacológico
feedback-fits = encaja
feedback-not-fits = no encaja
feedback-pharmacological = farmacológico
feedback-noted = Anotado: hipótesis { $n }, { $verdict }. Gracias.
feedback-changed = Cambiado: hipótesis { $n }, ahora { $verdict }.
feedback-same = Ya anotado: hipótesis { $n }, { $verdict }.
feedback-stale = Estos botones son de un resumen anterior; no se ha cambiado nada.
feedback-not-yours = Estos botones no son para este chat; no se ha cambiado nada.

## El resumen tras una entrevista inicial preocupante (bot.services.intake_summary)

intake-summary-title = Entrevista inicial completada: { $patient }
intake-summary-why = Merece una mirada antes de la primera visita:
intake-summary-harm = Muy preocupado/a por posibles daños del medicamento ({ $harm }/10)
intake-summary-intolerance = Dejó antes un medicamento por efectos secundarios
intake-summary-wary = Médicos o medicamentos anteriores le hicieron desconfiar ({ $wary }/10)
intake-summary-alliance = Se siente poco escuchado/a o de acuerdo por ahora (media { $alliance }/10)
intake-summary-ambivalence = Dijo que podría perder algo si el tratamiento funcionara
intake-summary-other-medicines = Nombró otros medicamentos o remedios
intake-summary-hypotheses = Para explorar
intake-summary-words = En sus palabras
intake-summary-about-other-medicines = Otros medicamentos
intake-summary-about-loss = Lo que podría perder
intake-summary-about-history = Experiencias previas
intake-summary-about-note = Su nota
intake-summary-closing = El resumen completo llega antes de la visita; /digest lo muestra ahora.
