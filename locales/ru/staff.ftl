## Чат персонала: сотрудники клиники управляют опросами пациентов из Telegram.
## Время показывается в часовом поясе каждого пациента.

staff-refused = Извините, это только для сотрудников клиники.
staff-help =
    Вот что я умею для сотрудников клиники:
    /patients – пациенты, их опросы и приёмы; нажмите на пациента, чтобы изменить расписание, добавить приём, поставить на паузу или возобновить, или получить новую ссылку-приглашение
    /web – ссылка на веб-версию, с формами для всего этого
    /help – показать этот список
staff-stale = Эта кнопка устарела. Отправьте /patients, чтобы начать заново.
staff-gone = Этого пациента больше нет в списке.
staff-none = –
staff-error = Ничего не изменено: { $reason }
staff-note = Обратите внимание: { $note }
staff-try-again = Введите ещё раз или нажмите «Отмена».

## Список пациентов

staff-list-empty = Пациентов пока нет. Сотрудники добавляют их командой: rapport patient add
staff-list-title =
    Пациенты (страница { $page } из { $pages }, всего { $total })
    ⏰ следующий опрос · ✍ последний ответ · 📅 следующий приём, по местному времени пациента
staff-list-item =
    { $alias } — { $status }
    ⏰ { $next } · ✍ { $last } · 📅 { $appointment }
staff-prev = ‹ Назад
staff-next = Далее ›
staff-status-invited = приглашён, ещё не подключился
staff-status-active = подключён
staff-status-paused = подключён, на паузе
staff-status-stopped = остановлен
staff-status-unreachable = недоступен (заблокировал бота)

## Карточка пациента

staff-card =
    { $alias } — { $status }
    Часовой пояс: { $timezone }
    Следующий опрос: { $next }
    Последний ответ: { $last }
    Приёмы: { $appointments }
    Расписания:
    { $schedules }
staff-schedule-line = { $dialog }: { $rule } в { $time }
staff-every-days =
    { $count ->
        [1] каждый день
        [one] раз в { $count } день
        [few] раз в { $count } дня
       *[other] раз в { $count } дней
    }
staff-btn-schedule = Расписание
staff-btn-appointment = Приём
staff-btn-pause = Пауза
staff-btn-resume = Возобновить
staff-btn-invite = Новая ссылка-приглашение
staff-btn-back = ‹ Назад
staff-btn-save = Сохранить
staff-btn-cancel = Отмена
staff-btn-type-time = Ввести время…
staff-paused = { $alias } на паузе: опросы не отправляются, пока вы не возобновите.
staff-resumed = { $alias } снова активен: опросы отправляются по расписанию.
staff-invite =
    Новая ссылка-приглашение для { $alias }, действует до { $expires }. Прежние ссылки больше не работают.
    { $link }

## Форма расписания

staff-pick-dialog = Расписание для { $alias }: какой опрос?
staff-form =
    Расписание для { $alias }: { $dialog }
    Дни: { $days }
    Время: { $time } ({ $timezone })
    Выберите дни и время, затем нажмите «Сохранить».
staff-ask-time = Введите время для { $alias } в формате ЧЧ:ММ (24 часа), по его местному времени ({ $timezone }).
staff-saved = Сохранено: { $dialog } для { $alias }, { $days }, в { $time }. Следующий опрос: { $next }.
staff-day-mon = Пн
staff-day-tue = Вт
staff-day-wed = Ср
staff-day-thu = Чт
staff-day-fri = Пт
staff-day-sat = Сб
staff-day-sun = Вс

## Приёмы

staff-ask-appointment = Введите приём для { $alias } в формате ГГГГ-ММ-ДД ЧЧ:ММ, по его местному времени ({ $timezone }).
staff-appointment-saved = Приём сохранён для { $alias }: { $when } ({ $timezone }). Опрос перед визитом будет отправлен заранее.
