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
