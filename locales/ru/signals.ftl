## Сигналы сопротивления в сводке для врача перед приёмом (текст для клинициста: клинические
## термины здесь допустимы, в текстах для пациента — никогда). Сигнал — гипотеза, которую стоит
## исследовать с пациентом, а не вывод.
## Аргументы: числа — количества или баллы 0–10; $basis, $rising, $stopped и $blocked — значения
## для выбора варианта; $mean и $drop — дробные. 0 означает «нет ответа» и не показывается.

## Категории, значимость, динамика

signal-category-medical = Медицинское: действие самого препарата
signal-category-attitudes = Отношение к лекарствам
signal-category-resistance-to = Сопротивление лекарствам
signal-category-resistance-from = Сопротивление посредством лекарств
signal-category-alliance = Терапевтический альянс
signal-category-engagement = Вовлечённость
signal-category-prescriber = Назначающий врач
signal-category-safety = Безопасность
signal-severity-high = Высокая
signal-severity-moderate = Умеренная
signal-severity-low = Низкая
signal-trend-new = Новый
signal-trend-persisting = Сохраняется
signal-trend-resolved = Исчез

## Сопротивление лекарствам

signal-nonadherence-title = Пропуски приёма
signal-nonadherence-summary = Пропуски приёма — до { $days } из 7 дней, { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }{ $rising ->
        [yes] , и пропусков всё больше
       *[no] {""}
    }
signal-nonadherence-suggestion = Без осуждения расспросите, что происходит в дни пропусков и что для пациента значит принимать лекарство.

signal-self-adjusted-dose-title = Самовольное изменение дозы
signal-self-adjusted-dose-summary = Менял(а) дозу самостоятельно — { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }{ $stopped ->
        [yes] , вплоть до отмены
       *[no] {""}
    }
signal-self-adjusted-dose-suggestion = Исследуйте, чего пациент хотел добиться, меняя дозу сам, и предложите решить следующий шаг вместе.

signal-intentional-nonadherence-title = Намеренное несоблюдение режима
signal-intentional-nonadherence-summary = Намеренно пропускал(а) или менял(а) дозы (не из-за забывчивости или цены) { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-intentional-nonadherence-suggestion = Прежде чем менять схему, исследуйте причины этого решения и то, что значат для пациента лекарство, болезнь или ощущение контроля над ним.

signal-nocebo-pattern-title = Побочные эффекты на фоне сильного беспокойства
signal-nocebo-pattern-summary = { $effects ->
        [one] { $effects } побочный эффект, новый
        [few] { $effects } побочных эффекта, новых
       *[other] { $effects } побочных эффектов, новых
    } { $baseline ->
        [yes] по сравнению с исходным состоянием
       *[no] (исходное состояние не записано)
    } и не объяснимых недавним изменением, { $basis ->
        [worry] при беспокойстве о вреде { $harm }/10
        [prior] { $prior ->
            [intolerance] у человека, который уже бросал лекарства из-за побочных эффектов
            [wary] у человека, настороженного прошлым опытом лечения
           *[distrust] при ощущении, что его не слышат и на него давят
        }
       *[both] при беспокойстве о вреде { $harm }/10, { $prior ->
            [intolerance] у человека, который уже бросал лекарства из-за побочных эффектов
            [wary] у человека, настороженного прошлым опытом лечения
           *[distrust] при ощущении, что его не слышат и на него давят
        }
    }
signal-nocebo-pattern-suggestion = Сначала рассмотрите фармакологические причины (доза, время, известный профиль препарата). Затем исследуйте, какого вреда пациент ждёт от лекарства и откуда этот страх (прошлый вред, подведшие близкие или авторитеты), и договоритесь вместе, как вы будете справляться с побочными эффектами; беспокойство делает эффекты реальными, а не мнимыми.

signal-distrust-control-title = Недоверие и ощущение контроля
signal-distrust-control-summary = Не чувствует, что его слышат (до { $heard }/10), и ощущает давление (до { $pressure }/10) { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-distrust-control-suggestion = Признайте ощущение давления и верните пациенту часть контроля: спросите, чего он ждёт от вас, и предложите реальный выбор.

signal-low-readiness-title = Низкая готовность к изменениям
signal-low-readiness-summary = Готовность к изменениям всего { $score }/10 { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-low-readiness-suggestion = Исследуйте амбивалентность, не подталкивая: ради чего лечение стоило бы усилий и что мешает изменениям сейчас.

signal-symptom-loss-ambivalence-title = Амбивалентность к утрате симптомов
signal-symptom-loss-ambivalence-summary = { $basis ->
        [said] При первичном опросе отметил(а), что чего-то из нынешней жизни будет не хватать
        [named] При первичном опросе назвал(а), что может потерять, если лечение подействует
       *[both] При первичном опросе сказал(а), что чего-то будет не хватать, и назвал(а), что может потерять
    }
signal-symptom-loss-ambivalence-suggestion = Бережно исследуйте, чего пациенту может стоить выздоровление: что симптомы защищают, выражают или делают возможным.

signal-medication-fears-title = Страхи перед лекарствами
signal-medication-fears-summary = { $basis ->
        [dependency] Боится зависимости
        [identity] Боится, что лекарство изменит его личность
       *[both] Боится зависимости и того, что лекарство изменит его личность
    } (до { $score }/10) { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-medication-fears-suggestion = Спросите, что для пациента значило бы зависеть от лекарства или измениться под его действием, и обсудите, что оно делает и чего не делает.

signal-low-expectation-title = Низкие ожидания от лечения
signal-low-expectation-summary = Мало ждёт от лекарства (всего { $score }/10) { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-low-expectation-suggestion = Спросите, чего пациент ждёт от лекарства и почему; безнадёжность влияет на ответ на лечение, и её стоит исследовать, прежде чем судить о препарате.

## Медицинское

signal-adverse-effect-after-change-title = Новые побочные эффекты после изменения лечения
signal-adverse-effect-after-change-summary = { $effects ->
        [one] { $effects } побочный эффект, новый
        [few] { $effects } побочных эффекта, новых
       *[other] { $effects } побочных эффектов, новых
    } { $baseline ->
        [yes] по сравнению с исходным состоянием
       *[no] (исходное состояние не записано)
    }, в рамках известного профиля { $drug }, { $days ->
        [0] в день, когда
        [one] через { $days } день после того, как
        [few] через { $days } дня после того, как
       *[other] через { $days } дней после того, как
    } { $kind ->
        [start] его начали
        [increase] дозу повысили
        [decrease] дозу снизили
        [stop] его отменили
       *[other] дозу изменили
    }
signal-adverse-effect-after-change-suggestion = Сначала подумайте о препарате: доза, время и известный профиль его класса (например, активация или акатизия после повышения антидепрессанта или антипсихотика, синдром отмены после снижения); пересмотрите изменение, прежде чем считать эффекты беспокойством.

## Отношение к лекарствам

signal-beliefs-gap-title = Опасения перевешивают ощущаемую нужду в лекарстве
signal-beliefs-gap-summary = Ощущаемая нужда в лекарстве { $necessity }/10, на { $gap } балла ниже опасений по поводу него ({ $concern }/10)
signal-beliefs-gap-suggestion = Спросите, что, по мнению пациента, лекарство для него делает и что в нём тревожит; ответьте на конкретные опасения, прежде чем настаивать на необходимости.

## Альянс

signal-low-alliance-title = Слабый альянс
signal-low-alliance-summary = { $basis ->
        [low] Средняя оценка альянса за период { $mean }/10
        [drop] Оценка альянса ниже первых ответов на { $drop } (сейчас { $mean }/10)
       *[both] Средняя оценка альянса { $mean }/10, ниже первых ответов на { $drop }
    }
signal-low-alliance-suggestion = Открыто спросите, как пациенту работается с вами и что помогло бы ему почувствовать, что его слышат, и согласиться с планом.

## Сопротивление посредством лекарств

signal-symptom-function-gap-title = Симптомы лучше, жизнь — нет
signal-symptom-function-gap-summary = Симптомы лучше, а повседневная жизнь { $basis ->
        [changes] не лучше
       *[other] остаётся на низком уровне
    }, { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-symptom-function-gap-suggestion = Исследуйте, почему облегчение не изменило повседневную жизнь: чего пациент ждёт от лекарства и что ещё нужно, чтобы жизнь сдвинулась.

signal-defensive-use-title = Лишние дозы, чтобы справиться с чувствами
signal-defensive-use-summary = Принимал(а) лишнюю или незапланированную дозу, чтобы справиться с чувством, { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-defensive-use-suggestion = Исследуйте, какие чувства должны заглушить лишние дозы и что ещё могло бы помочь их выдерживать.

signal-escalation-seeking-title = Стремление к большему количеству лекарств
signal-escalation-seeking-summary = Просил(а) больше лекарства или более высокую дозу, хотя симптомы не ухудшались, { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
signal-escalation-seeking-suggestion = Прежде чем менять дозу, исследуйте, что должно исправить «больше лекарства», и заметьте собственное желание добавить или повысить.

## Вовлечённость, назначающий врач, безопасность

signal-disengagement-title = Отход от опросов
signal-disengagement-summary = Ответил(а) на { $answered } из { $sent } опросов ({ $rate } %), пропустил(а) { $missed }{ $blocked ->
        [yes] ; заблокировал(а) бота, связаться здесь нельзя
       *[no] {""}
    }{ $paused ->
        [0] {""}
        [one] ; пауза { $paused } день
        [few] ; пауза { $paused } дня
       *[many] ; пауза { $paused } дней
    }
signal-disengagement-suggestion = Свяжитесь с пациентом с интересом, а не с упрёком: спросите, что сделало опросы трудными или не стоящими ответа.

signal-polypharmacy-title = Полипрагмазия
signal-polypharmacy-summary = { $count ->
        [one] { $count } психотропный препарат
        [few] { $count } психотропных препарата
       *[many] { $count } психотропных препаратов
    } в текущей схеме
signal-polypharmacy-suggestion = Пересмотрите схему вместе с пациентом (зачем каждый препарат и можно ли какой-то отменить) и заметьте, что заставляет её разрастаться.

signal-safety-event-title = Событие безопасности
signal-safety-event-summary = { $count ->
        [one] { $count } высказывание о риске
        [few] { $count } высказывания о риске
       *[many] { $count } высказываний о риске
    } за период
signal-safety-event-suggestion = Сейчас же просмотрите процитированные высказывания и действуйте по протоколу безопасности клиники; пройдите с пациентом его план безопасности.
