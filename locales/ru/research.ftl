## Research exports (`rapport export --format redcap`): the REDCap data dictionary's labels,
## read by the clinic's researchers in the clinic's language.

research-record-id = Номер опроса
research-patient = Пациент (псевдоним)
research-dialog = Опрос
research-version = Версия опроса
research-status = Что произошло
research-status-open = отправлен, не завершён
research-status-completed = завершён
research-status-expired = закрыт до завершения
research-status-missed = без ответа
research-status-cancelled = отменён
research-due = Запланирован на (UTC)
research-sent = Отправлен (UTC)
research-started = Начат (UTC)
research-completed = Завершён (UTC)
# A field for answers to a question that no installed dialog asks any more.
research-gone = больше не задаётся
