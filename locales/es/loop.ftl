# Issue 11, cerrar el ciclo: niveles y cambios de medicación en el gráfico del resumen, la
# opinión del clínico sobre las hipótesis y el resumen enviado tras una entrevista inicial
# preocupante.

## El gráfico (bot.domain.charting)

chart-levels-title = Síntomas, vida diaria y ánimo (0–10)
chart-level-axis = Nivel (10 = mejor)
chart-mood = Ánimo (diario)
chart-changes = Cambios de medicación
chart-change-line = cambio de medicación
