## /mydata: читаемая копия всего, что хранится о пациенте. Её читает пациент: простые слова,
## без терминов баз данных и медицинских терминов. $date и $when — уже отформатированные даты;
## $count — число.

mydata-title = Всё, что Rapport хранит о вас
mydata-made = Составлено: { $date }. Все даты и время указаны в вашем часовом поясе, { $timezone }.
mydata-intro =
    Это копия всего, что этот сервис опросов хранит о вас: ваши данные, каждый опрос с вашими ответами, ваши сообщения, ваши приёмы, ваш план безопасности и что ещё хранится.
    Если что-то здесь кажется неверным, пожалуйста, скажите об этом своей команде в клинике.
mydata-nothing = Здесь ничего нет.

mydata-section-about = О вас
mydata-alias = Ваше кодовое имя здесь: { $alias } (оно используется вместо вашего настоящего имени)
mydata-clinic = Клиника: { $clinic }
mydata-clinician = Ваш врач: { $name }
mydata-status = Опросы: { $status }
mydata-language = Язык: { $language }
mydata-timezone = Часовой пояс: { $timezone }
mydata-quiet = Тихие часы, когда я не присылаю опросы: с { $start } до { $end }
mydata-added = Клиника добавила вас: { $date }
mydata-consented = Вы согласились участвовать: { $date }
mydata-telegram-chat = Номер этого чата в Telegram (чтобы знать, куда писать): { $number }
mydata-telegram-user = Номер вашего аккаунта в Telegram: { $number }

mydata-status-invited = ещё не начались
mydata-status-active = идут
mydata-status-paused = на паузе
mydata-status-paused-by-patient = на паузе по вашей просьбе
mydata-status-paused-by-staff = на паузе по решению вашей команды
mydata-status-stopped = остановлены
mydata-status-unreachable = приостановлены, потому что этот чат был заблокирован
mydata-status-erased = удалены

mydata-section-checkins = Ваши опросы
mydata-checkin-heading = { $title } – { $date }
mydata-checkin-state = Что произошло: { $status }
mydata-checkin-planned = Запланирован на: { $when }
mydata-checkin-sent = Отправлен: { $when }
mydata-checkin-started = Вы начали: { $when }
mydata-checkin-finished = Вы закончили: { $when }
mydata-checkin-closed = Закрыт: { $when }
mydata-checkin-status-pending = ещё не отправлен
mydata-checkin-status-open = ждёт ваших ответов
mydata-checkin-status-completed = пройден
mydata-checkin-status-expired = закрылся, не будучи пройден до конца; ваши ответы сохранены
mydata-checkin-status-missed = остался без ответа
mydata-checkin-status-cancelled = отменён, вопросы не задавались
mydata-no-answers = Ответов нет.
# A check-in or question removed from the service since; the answers are still shown.
mydata-checkin-gone = Опрос, который больше не проводится
mydata-question-gone = Вопрос, который больше не задаётся
mydata-answered-at = ответ дан { $when }
mydata-skipped-at = пропущено { $when }
mydata-changed = потом вы изменили этот ответ

mydata-section-messages = Ваши сообщения

mydata-section-appointments = Ваши приёмы
mydata-appointment = { $when }
mydata-appointment-cancelled = { $when } (отменён)

mydata-section-medicines = Ваши лекарства, как их записала ваша команда
mydata-medicine = { $drug }, { $dose } — { $kind }
mydata-medicine-as-needed = { $drug }, { $dose }, только когда нужно — { $kind }
mydata-medicine-since = принимаете с { $start }
mydata-medicine-between = принимали с { $start } по { $end }

mydata-section-changes = Изменения в лечении, как их записала ваша команда
mydata-change = { $drug }: { $what }

mydata-section-schedules = Когда запланированы опросы
mydata-schedule-days = { $title }: дни — { $days }, в { $time }
mydata-schedule-every = { $title }: { $count ->
        [1] каждый день
        [one] раз в { $count } день
        [few] раз в { $count } дня
       *[many] раз в { $count } дней
    }, в { $time }
mydata-schedule-from = с { $start }
mydata-schedule-between = с { $start } по { $end }

mydata-section-plan = Ваш план безопасности
mydata-plan-updated-by-patient = Последний раз вы меняли его: { $date }
mydata-plan-updated-by-staff = Последний раз его меняла ваша команда: { $date }
mydata-plan-empty = (не заполнено)

mydata-section-kept = Что ещё хранится
mydata-kept-log = Журнал отмечает, что произошло и когда: например, что был отправлен опрос или что вы попросили эту копию. Он никогда не хранит то, что вы написали или ответили. Вот всё, что в нём есть:
mydata-kept-log-line = { $what } ({ $who }), { $count ->
        [one] { $count } раз
        [few] { $count } раза
       *[many] { $count } раз
    }: { $dates }
mydata-who-patient = вами
mydata-who-staff = вашей командой
mydata-who-telegram = по данным Telegram
mydata-who-system = автоматически
mydata-kept-log-plain = { $what }, { $count ->
        [one] { $count } раз
        [few] { $count } раза
       *[many] { $count } раз
    }: { $dates }
mydata-kept-alerts = Когда я сообщал вашей команде, что вам, возможно, нужна поддержка:
mydata-kept-alert-quote = Потому что вы написали: «{ $quote }»
mydata-kept-summaries = Сводки ваших ответов для врача были составлены: { $dates }
mydata-kept-sent = { $count ->
        [1] Ещё я храню копию сообщения, которое отправил вам
        [one] Ещё я храню копии { $count } сообщения, которые отправил вам
       *[other] Ещё я храню копии { $count } сообщений, которые отправил вам
    }, чтобы ничего не отправить дважды.

mydata-event-alert-acknowledged = Кто-то из вашей команды увидел оповещение о вас и взялся за него
mydata-event-alert-escalated = Оповещение о вас было повторно отправлено дежурной команде клиники
mydata-event-care-contact-not-sent = Сообщение с вопросом о вашем самочувствии не было отправлено, потому что сообщения были остановлены
mydata-event-care-contact-sent = Отправлено сообщение с вопросом о вашем самочувствии
mydata-event-safety-check-answered = Вы ответили, в безопасности ли вы
mydata-event-appointment-added = Добавлен приём
mydata-event-appointment-cancelled = Отменён приём
mydata-event-checkin-completed = Опрос пройден
mydata-event-checkin-not-sent = Опрос не отправлен, потому что опросы были на паузе или остановлены
mydata-event-checkin-opened = Опрос начат
mydata-event-checkin-queued = Запрошен дополнительный опрос
mydata-event-checkin-sent = Опрос отправлен
mydata-event-consent-declined = Вы отказались участвовать
mydata-event-consent-given = Вы согласились участвовать
mydata-event-data-exported = Сделана копия ваших данных
mydata-event-digest-sent = Врачу отправлена сводка ваших ответов
mydata-event-digest-viewed = Врач открыл сводку ваших ответов
mydata-event-invite-refused = Ссылку-приглашение открыли, но воспользоваться ею не удалось
mydata-event-invite-renewed = Создана новая ссылка-приглашение
mydata-event-invite-voided = Ссылка-приглашение закрыта
mydata-event-language-changed = Изменён язык
mydata-event-medication-added = Записано новое лекарство
mydata-event-medication-changed = Записано изменение в лечении
mydata-event-medication-stopped = Записана отмена лекарства
mydata-event-patient-added = Вас добавили в сервис
mydata-event-patient-erased = Ваши ответы и сообщения удалены
mydata-event-patient-paused = Опросы поставлены на паузу
mydata-event-patient-reachable = В этот чат снова можно писать
mydata-event-patient-resumed = Опросы возобновлены
mydata-event-patient-stopped = Опросы остановлены
mydata-event-patient-unreachable = В этот чат нельзя было написать (он был заблокирован)
mydata-event-patient-updated = Изменены ваши данные
mydata-event-safety-event = Вашей команде сообщили, что вам, возможно, нужна поддержка
mydata-event-safety-plan-set = Сохранён ваш план безопасности
mydata-event-schedule-removed = Удалено расписание опросов
mydata-event-schedule-set = Задано расписание опросов
mydata-event-staff-chat-action = Ваша команда внесла изменение через служебный чат
mydata-event-other = В вашей записи отмечено что-то ещё
