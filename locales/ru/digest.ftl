## Сводка для врача перед приёмом. Даты приходят уже отформатированными на языке врача;
## $patient — псевдоним, выбранный сотрудниками; счётчики — целые числа.

digest-title = Сводка перед приёмом: { $patient }
digest-period = Период: { $start } – { $end }
digest-appointment = Готовит к приёму: { $when }
digest-no-appointment = Приём не назначен: сводка по запросу
digest-generated = Создано { $when } · часовой пояс: { $zone }
digest-continued = { $patient }, продолжение ({ $part }/{ $total })

## Ответы на опросы

digest-response-heading = Опросы
digest-response-counts = { $sent ->
        [0] За этот период опросы не отправлялись (отвечено: { $answered }, пропущено: { $missed })
       *[other] Отправлено: { $sent }, отвечено: { $answered }, пропущено: { $missed }
    }
digest-response-paused = { $count ->
        [one] Приостанавливал(а) опросы { $count } раз
        [few] Приостанавливал(а) опросы { $count } раза
       *[other] Приостанавливал(а) опросы { $count } раз
    }
digest-response-unreachable = Нет связи: пациент заблокировал бота или покинул чат, опросы до него больше не доходят. Свяжитесь с ним другим способом.

## Схема лечения

digest-regimen-heading = Схема лечения
digest-regimen-active = { $drug }, { $dose } · { $kind } · с { $since }
digest-regimen-as-needed = { $drug }, { $dose } по необходимости · { $kind } · с { $since }
digest-regimen-none = Препараты не записаны.
digest-regimen-changes = Изменения за этот период:
digest-regimen-change = { $when } · { $drug }: { $what }
digest-regimen-note = { $when } · записано до ведения схемы лечения: { $note }
digest-regimen-staff-count = Психотропных препаратов по подсчёту персонала: { $count } (сигнал о полипрагмазии читает это число, а не список)

## Сигналы

digest-signals-heading = Сигналы для обсуждения
digest-signals-none = За этот период сигналов нет.
digest-evidence-heading = Основания
digest-evidence-more = …и ещё { $count } (все — в полной сводке)
digest-suggestion-label = Что обсудить
digest-resolved = Исчезли с прошлой сводки: { $signals }
digest-not-asked = { $signal }: не спрашивали с { $date }, поэтому неизвестно, прошло ли

## График

digest-chart-heading = Динамика
digest-chart-alt = График: дни с пропущенной дозой по неделям и симптомы в сравнении с повседневной жизнью на каждом опросе
digest-chart-adherence-title = Дни с пропущенной дозой, по неделям
digest-chart-adherence-axis = Пропущено дней (из 7)
digest-chart-trend-title = Симптомы и повседневная жизнь
digest-chart-change-axis = Изменение с прошлого опроса
digest-chart-symptoms = Симптомы
digest-chart-function = Повседневная жизнь
digest-chart-better = лучше
digest-chart-worse = хуже
digest-chart-empty = За этот период ответов нет

## Слова пациента

digest-words-heading = Словами пациента
digest-words-none = За этот период пациент ничего не написал помимо ответов на вопросы.
digest-source-note = Заметка
digest-source-pre-visit = К приёму
digest-source-message = Сообщение
digest-quote = «{ $text }»
digest-quote-lang = «{ $text }» ({ $language })

## Ответы в читаемом виде

digest-skipped = (пропущено)
digest-answer-yes = да
digest-answer-no = нет
digest-answer-not-sure = не уверен(а)
digest-answer-score = { $score }/10
digest-answer-days = { $days } из 7 дней
digest-answer-change = { $change ->
        [-2] −2 (намного хуже)
        [-1] −1 (немного хуже)
        [0] 0 (без изменений)
        [1] +1 (немного лучше)
       *[2] +2 (намного лучше)
    }

## Завершение

digest-closing = Эти сигналы — гипотезы, которые стоит обсудить с пациентом, а не выводы: каждый опирается только на показанные ответы, и Rapport не ставит диагнозов.
