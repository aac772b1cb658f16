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

## Сводка сразу после тревожного первичного опроса (bot.services.intake_summary)

intake-summary-title = Первичный опрос пройден: { $patient }
intake-summary-why = Стоит посмотреть до первого приёма:
intake-summary-harm = Сильно беспокоится о вреде лекарства ({ $harm }/10)
intake-summary-intolerance = Раньше бросал(а) лекарство из-за побочных эффектов
intake-summary-wary = Прежние врачи или лекарства вызвали недоверие ({ $wary }/10)
intake-summary-alliance = Пока мало чувствует, что его/её слышат и что есть согласие (в среднем { $alliance }/10)
intake-summary-ambivalence = Сказал(а), что может что-то потерять, если лечение поможет
intake-summary-other-medicines = Назвал(а) другие лекарства или средства
intake-summary-hypotheses = Что обсудить
intake-summary-words = Своими словами
intake-summary-about-other-medicines = Другие лекарства
intake-summary-about-loss = Что может потерять
intake-summary-about-history = Прошлый опыт
intake-summary-about-note = Заметка
intake-summary-closing = Полная сводка придёт до приёма; /digest покажет её сейчас.
