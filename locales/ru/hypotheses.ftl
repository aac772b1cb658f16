## Гипотезы в сводке перед визитом (для врача). У каждой есть заголовок (что наблюдалось, а не
## ярлык) и один вопрос, чтобы начать разговор на визите, с принципом, записанным словами.
## Пункты — краткие строки доказательств; аргументы-списки ($effects, $changes, $reasons,
## $feelings, $hopes) приходят уже переведёнными по меткам hypothesis-value-* ниже, через ", ".

## Заголовки и вопросы для начала разговора

hypothesis-adverse-effect-after-change-title = Новые побочные эффекты после изменения лечения
hypothesis-adverse-effect-after-change-question = Не разделяйте психику и тело и сначала проверьте препарат (доза, время, известный профиль): «С тех пор как мы изменили лечение, когда это началось, в какое время дня хуже всего и как это по сравнению с тем, что было раньше?»

hypothesis-nonadherence-title = Пропущенные приёмы
hypothesis-nonadherence-question = Знайте своего пациента: «Что происходит в те дни, когда лекарство не принимается?»

hypothesis-self-adjusted-dose-title = Сам(а) изменил(а) дозу
hypothesis-self-adjusted-dose-question = Работайте с сопротивлением рано и без упрёков: «Вы подбирали дозу сами. Что вы заметили и на что надеялись?»

hypothesis-intentional-nonadherence-title = Приёмы пропущены или изменены намеренно
hypothesis-intentional-nonadherence-question = Обратите внимание на смешанные чувства к лечению: «Почему вам показалось правильным принимать его иначе, и что для вас значит его принимать?»

hypothesis-taking-less-title = Принимает меньше назначенного
hypothesis-taking-less-question = Знайте своего пациента: «Что происходит в те дни, когда вы принимаете меньше или не принимаете совсем?»

hypothesis-taking-less-on-purpose-title = Принимает меньше назначенного, намеренно
hypothesis-taking-less-on-purpose-question = Работайте с сопротивлением рано и без упрёков: «Вы решили принимать меньше. Чего вы ждали от этого, и что для вас значит его принимать?»

hypothesis-taking-more-title = Принимает больше назначенного
hypothesis-taking-more-question = Замечайте, как лекарство может работать против лечения: «Когда вы принимаете больше, чем мы договорились, что даёт вам эта добавка?»

hypothesis-nocebo-pattern-title = Побочные эффекты на фоне сильного беспокойства
hypothesis-nocebo-pattern-question = Сначала рассмотрите фармакологические причины (доза, время, известный профиль препарата); не разделяйте психику и тело: беспокойство делает эффекты реальными, а не мнимыми. Затем: «Чего вы больше всего боитесь, что это лекарство может с вами сделать?»

hypothesis-distrust-control-title = Чувствует, что не слышат и давят
hypothesis-distrust-control-question = Рано работайте с негативными чувствами к лечению: «Похоже, решения о вашем лечении не ощущались вашими. Что бы вы хотели изменить?»

hypothesis-low-alliance-title = Совместная работа ослабла
hypothesis-low-alliance-question = Знайте своего пациента: «Как вам работается со мной над этим, и что помогло бы вам чувствовать, что вас слышат?»

hypothesis-unheard-pressured-title = Чувствует, что не слышат и давят; альянс слабый
hypothesis-unheard-pressured-question = Рано работайте с негативными чувствами к лечению: «Похоже, на вас давили и вас не слушали. Что мне стоит лучше понять?»

hypothesis-symptom-function-gap-title = Симптомы лучше, повседневная жизнь — нет
hypothesis-symptom-function-gap-question = Замечайте, как лекарство может работать против лечения: «Вам лучше, но повседневная жизнь не сдвинулась. Что бы вы хотели изменить из того, что пока не изменилось?»

hypothesis-defensive-use-title = Лишние дозы, чтобы справиться с чувствами
hypothesis-defensive-use-question = Замечайте, как лекарство может работать против лечения: «Когда вы принимаете лишнюю дозу, какое чувство вы пытаетесь пережить?»

hypothesis-escalation-seeking-title = Просит больше лекарства
hypothesis-escalation-seeking-question = Замечайте собственное желание добавить или повысить: «Если бы более высокая доза сработала идеально, что изменилось бы в вашей жизни?»

hypothesis-relying-on-medicine-title = Опирается на лекарство, а жизнь стоит на месте
hypothesis-relying-on-medicine-question = Замечайте, как лекарство может работать против лечения: «Если бы лекарство сделало всё, на что вы надеетесь, чем бы вы занимались, чего не делаете сейчас?»

hypothesis-beliefs-gap-title = Опасения перевешивают ощущаемую нужду в лекарстве
hypothesis-beliefs-gap-question = Знайте своего пациента: «Что, по-вашему, это лекарство для вас делает, и что вас беспокоит в его приёме?»

hypothesis-medication-fears-title = Страхи о том, что лекарство с ним делает
hypothesis-medication-fears-question = Знайте своего пациента: «Некоторые боятся, что лекарство вызовет зависимость или изменит их личность. Как это у вас?»

hypothesis-low-expectation-title = Мало ждёт от лекарства
hypothesis-low-expectation-question = Знайте своего пациента: «Чего вы ждали от этого лекарства, и что заставляет сомневаться, что оно поможет?»

hypothesis-doubts-about-medicine-title = Сомнения в лекарстве перевешивают нужду в нём
hypothesis-doubts-about-medicine-question = Знайте своего пациента: «Что, по-вашему, это лекарство для вас делает, и что в нём вас беспокоит?»

hypothesis-low-readiness-title = Пока не готов(а) к переменам
hypothesis-low-readiness-question = Обратите внимание на смешанные чувства к выздоровлению: «Что должно быть иначе, чтобы перемены сейчас того стоили?»

hypothesis-symptom-loss-ambivalence-title = Есть то, чего будет не хватать, если станет лучше
hypothesis-symptom-loss-ambivalence-question = Обратите внимание на смешанные чувства к утрате симптомов: «В начале вы упомянули то, чего вам могло бы не хватать, если станет лучше. Можем поговорить об этом?»

hypothesis-mixed-feelings-about-change-title = Смешанные чувства к выздоровлению
hypothesis-mixed-feelings-about-change-question = Обратите внимание на смешанные чувства к утрате симптомов: «Что изменится для вас, если станет лучше, и есть ли в этом что-то трудное?»

hypothesis-disengagement-title = Опросы остаются без ответа
hypothesis-disengagement-question = Знайте своего пациента: «Отвечать на опросы было трудно. Что мешало, или почему они казались бесполезными?»

hypothesis-polypharmacy-title = Много психотропных препаратов одновременно
hypothesis-polypharmacy-question = Замечайте собственное желание назначающего добавить ещё: «Из всех лекарств, что вы принимаете, какие, по-вашему, помогают, а от какого вы больше всего хотели бы отказаться?»

## Пункты (краткие строки доказательств)

hypothesis-point-missed-days = пропущено дней { $series }
hypothesis-point-dose-changed = сам(а) изменил(а) дозу: { $changes }{ $knows ->
        [aware] {" "}(врач знает)
        [unaware] {" "}(врач не знает)
        [unsure] {" "}(не уверен(а), что врач знает)
       *[unasked] {""}
    }
hypothesis-point-reasons = намеренно: { $reasons }
hypothesis-point-worry-effects = { $harm ->
        [0] {""}
       *[other] беспокойство { $harm }/10 ·{" "}
    }побочные эффекты: { $effects } ({ $since ->
        [change] новые после изменения
        [baseline] новые по сравнению с исходным состоянием
       *[start] исходное состояние не записано
    })
hypothesis-point-change = { $kind ->
        [start] { $drug } начат с { $after }
        [stop] { $drug } отменён
       *[other] { $drug } { $before } → { $after }
    }, { $days ->
        [0] в день, когда сообщил(а) об эффектах
        [one] за { $days } день до сообщения об эффектах
        [few] за { $days } дня до сообщения об эффектах
       *[other] за { $days } дней до сообщения об эффектах
    }
hypothesis-point-prior = { $prior ->
        [intolerance] уже бросал(а) лекарства из-за побочных эффектов
        [wary] насторожен(а) прошлым опытом лечения ({ $wary }/10)
       *[distrust] чувствует, что не слышат ({ $heard }/10) и давят ({ $pressure }/10)
    }
hypothesis-point-heard-pressure = слышат { $heard }/10 · давление { $pressure }/10
hypothesis-point-levels = симптомы { $symptoms } · повседневная жизнь { $function } (0–10, больше — лучше)
hypothesis-point-extra-doses = лишние дозы из-за чувств { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
hypothesis-point-extra-doses-for = лишние дозы из-за чувств { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }: { $feelings }
hypothesis-point-wants-more = хочет больше лекарства { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }
hypothesis-point-wants-more-for = хочет больше лекарства { $checkins ->
        [one] в { $checkins } опросе
       *[other] в { $checkins } опросах
    }, надеясь на: { $hopes }
hypothesis-point-loss-words = в начале, что может потерять: { $words }
hypothesis-point-beliefs = ощущаемая нужда { $necessity }/10 · опасения { $concern }/10
hypothesis-point-checkins = ответил(а) на { $answered } из { $sent } опросов · пропустил(а) { $missed }{ $reach ->
        [blocked] {" "}· заблокировал(а) бота
       *[reachable] {""}
    }

## Значения вариантов ответа, как их показывают пункты

hypothesis-value-side-effects-present-sleepy = сонливость
hypothesis-value-side-effects-present-trouble-sleeping = бессонница
hypothesis-value-side-effects-present-restless = беспокойство, не сидится
hypothesis-value-side-effects-present-shaky = дрожь
hypothesis-value-side-effects-present-dizzy = головокружение
hypothesis-value-side-effects-present-headache = головная боль
hypothesis-value-side-effects-present-stomach = расстройство желудка
hypothesis-value-side-effects-present-dry-mouth = сухость во рту
hypothesis-value-side-effects-present-appetite-weight = изменение аппетита или веса
hypothesis-value-side-effects-present-sexual = сексуальные эффекты
hypothesis-value-side-effects-present-emotionally-flat = эмоциональная притуплённость
hypothesis-value-side-effects-present-foggy = туман в голове
hypothesis-value-side-effects-present-other = другое
hypothesis-value-adherence-dose-change-as-prescribed = как назначено
hypothesis-value-adherence-dose-change-took-less = принимал(а) меньше
hypothesis-value-adherence-dose-change-took-more = принимал(а) больше
hypothesis-value-adherence-dose-change-skipped-on-purpose = пропускал(а) намеренно
hypothesis-value-adherence-dose-change-stopped = прекратил(а)
hypothesis-value-adherence-reason-forgot = забыл(а)
hypothesis-value-adherence-reason-side-effects = побочные эффекты
hypothesis-value-adherence-reason-felt-better = стало лучше
hypothesis-value-adherence-reason-felt-worse = стало хуже
hypothesis-value-adherence-reason-not-needed = казалось ненужным
hypothesis-value-adherence-reason-dont-want-to-depend = не хочет зависеть от лекарства
hypothesis-value-adherence-reason-ran-out-or-cost = закончилось или дорого
hypothesis-value-adherence-reason-someone-advised = кто-то посоветовал
hypothesis-value-adherence-reason-not-helping = не помогало
hypothesis-value-adherence-reason-others-know = не хотел(а), чтобы другие узнали
hypothesis-value-adherence-reason-test-need = проверить, нужно ли ещё
hypothesis-value-adherence-reason-other = другое
hypothesis-value-use-feeling-sadness = грусть
hypothesis-value-use-feeling-loneliness = одиночество
hypothesis-value-use-feeling-stress = стресс
hypothesis-value-use-feeling-anger = злость
hypothesis-value-use-feeling-sleep = чтобы уснуть
hypothesis-value-use-feeling-other = другое
hypothesis-value-want-more-hope-symptoms-gone = чтобы симптомы ушли
hypothesis-value-want-more-hope-sleep = лучше спать
hypothesis-value-want-more-hope-calm = спокойствие
hypothesis-value-want-more-hope-feel-nothing = ничего не чувствовать
hypothesis-value-want-more-hope-cope-with-people = справляться с людьми
hypothesis-value-want-more-hope-other = другое
