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

## План приёма (issue 11): безопасность, повестка пациента, схема лечения, другие препараты,
## до трёх гипотез с одним вопросом для начала разговора, затем остальное.

digest-safety-heading = Безопасность
digest-safety-none = За этот период нет высказываний о риске и тревожных признаков со стороны препаратов.
digest-agenda-heading = Что пациент хочет обсудить
digest-agenda-none = К этому приёму ничего не прислано.
digest-source-untold = Пока не сказано лично
digest-other-medicines-heading = Другие препараты, которые назвал пациент
digest-hypotheses-heading = Что исследовать на приёме
digest-hypotheses-none = По ответам этого периода исследовать нечего.
digest-findings = Объединяет: { $signals }
digest-question-label = Вопрос для начала
digest-also-heading = Также отмечено
digest-also-hypothesis = { $title } ({ $meta })
digest-mood = Настроение (ежедневно): в среднем { $mean }/10, от { $low } до { $high }, последнее { $latest } ({ $when }); ответы за { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[other] { $days } дней
    }
digest-evidence-full-heading = Все данные: каждый ответ, на котором основаны гипотезы
digest-clipped = (полный текст на приложенной странице)

## Что измерял ответ, в нескольких словах (подпись строки данных)

digest-construct-adherence-days-missed-7d = Дни с пропуском дозы
digest-construct-adherence-dose-change = Как принимает
digest-construct-adherence-extra = Сколько сверх назначенного
digest-construct-adherence-forgot = Забыл(а) дозу
digest-construct-adherence-medicine = Какой препарат
digest-construct-adherence-prescriber-knows = Врач знает
digest-construct-adherence-reason = Причины
digest-construct-adherence-since = С какого времени
digest-construct-adherence-took-today = Принял(а) сегодня
digest-construct-alliance-agreement = Согласие с планом
digest-construct-alliance-heard = Чувствует, что его слышат
digest-construct-ambivalence-loss = Чего может стоить выздоровление
digest-construct-ambivalence-loss-any = Будет ли чего-то не хватать
digest-construct-belief-necessity = Нуждается в препарате
digest-construct-concern-dependency = Страх зависимости
digest-construct-concern-identity = Страх перестать быть собой
digest-construct-control-pressure = Чувствует давление
digest-construct-expectation-benefit = Ожидаемая польза
digest-construct-expectation-harm = Тревога о вреде
digest-construct-function-change = Повседневная жизнь, изменение
digest-construct-function-level = Повседневная жизнь
digest-construct-history-intolerance = Раньше бросал(а) препарат из-за побочных эффектов
digest-construct-history-wary = Настороженность из-за прошлого опыта
digest-construct-mood-level = Настроение
digest-construct-note-free = Заметка
digest-construct-other-medicines = Другие препараты
digest-construct-readiness-change = Готовность к изменениям
digest-construct-safety-dying-thoughts = Беспокойство с мыслями о смерти
digest-construct-screen-acute = Скрининг: мысли о суициде сейчас
digest-construct-screen-better-off-dead = Скрининг: лучше бы умер(ла)
digest-construct-screen-past-attempt = Скрининг: попытка в прошлом
digest-construct-screen-thoughts = Скрининг: мысли о суициде
digest-construct-screen-wish-dead = Скрининг: желание умереть
digest-construct-side-effects-attribution = Считает причиной
digest-construct-side-effects-baseline = До изменения (исходно)
digest-construct-side-effects-burden = Насколько мешают побочные эффекты
digest-construct-side-effects-present = Заметил(а) побочные эффекты
digest-construct-symptoms-change = Симптомы, изменение
digest-construct-symptoms-level = Симптомы
digest-construct-use-extra-for-feelings = Лишняя доза из-за чувства
digest-construct-use-feeling = Какое чувство
digest-construct-use-for-feelings = Препарат из-за чувства
digest-construct-want-more-hope = Что должно измениться от большей дозы
digest-construct-want-more-medication = Хочет больше препарата
