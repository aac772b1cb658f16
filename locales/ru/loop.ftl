# Задача 11, обратная связь: уровни и изменения лечения на графике сводки, оценка гипотез
# врачом и сводка сразу после тревожного первичного опроса.

## График (bot.domain.charting)

chart-levels-title = Симптомы, повседневная жизнь и настроение (0–10)
chart-level-axis = Уровень (10 — лучше)
chart-mood = Настроение (ежедневно)
chart-changes = Изменения лечения
chart-change-line = изменение лечения

## Оценка гипотез сводки (bot.services.feedback)

feedback-fits-button = { $n } ✓ подходит
feedback-not-fits-button = { $n } ✗ не подходит
feedback-pharmacological-button = { $n } 💊 эффект препарата
feedback-fits = подходит
feedback-not-fits = не подходит
feedback-pharmacological = эффект препарата
feedback-noted = Записано: гипотеза { $n } — { $verdict }. Спасибо.
feedback-changed = Изменено: гипотеза { $n } — теперь { $verdict }.
feedback-same = Уже записано: гипотеза { $n } — { $verdict }.
feedback-stale = Эти кнопки из прежней сводки; ничего не изменено.
feedback-not-yours = Эти кнопки не для этого чата; ничего не изменено.
