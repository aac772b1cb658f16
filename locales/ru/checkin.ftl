# Экраны опросов. Приглашения и напоминания видны на экране блокировки: они должны быть
# нейтральными (без лекарств, диагнозов и названия клиники).
# $hours, $length, $limit, $position и $total — числа; $when — уже отформатированные дата и
# время; $answer и $label — уже переведённый текст.

checkin-invite = Здравствуйте! Пора ответить на несколько коротких вопросов. Нажмите «Начать», когда будет минутка.
checkin-reminder-first = Небольшое напоминание: вопросы ждут вас ещё { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    }. Нажмите «Начать», когда будет удобно.
checkin-reminder-last = Вопросы закроются через { $hours } { $hours ->
        [one] час
        [few] часа
       *[many] часов
    }. Если сейчас неудобно — ничего страшного.
checkin-start = Начать

## Кнопки

checkin-back = ← Назад
checkin-skip = Пропустить
checkin-done = Готово
checkin-yes = Да
checkin-no = Нет
checkin-not-sure = Сложно сказать
checkin-change-much-worse = Намного хуже
checkin-change-bit-worse = Немного хуже
checkin-change-same = Примерно так же
checkin-change-bit-better = Немного лучше
checkin-change-much-better = Намного лучше
# Выбранный вариант в вопросе с несколькими ответами.
checkin-selected = ✓ { $label }

## Вокруг вопроса

checkin-progress = { $position } из { $total }
checkin-scale-anchors = 0 = { $low }, 10 = { $high }
checkin-scale-low = совсем нет
checkin-scale-high = полностью
checkin-multi-hint = Выберите всё, что подходит, и нажмите «Готово».
checkin-multi-empty = Выберите хотя бы один вариант и нажмите «Готово».
checkin-text-hint = Напишите ответ и отправьте его сообщением.
checkin-text-hint-skippable = Напишите ответ и отправьте его сообщением — или нажмите «Пропустить», если не хочется отвечать.
# Заменяет кнопки, когда на вопрос уже ответили.
checkin-answered = ✓ { $answer }
checkin-answer-skipped = пропущено

## Ответы

checkin-use-buttons = Спасибо, что написали! На этот вопрос, пожалуйста, ответьте кнопкой под ним.
checkin-too-long = Сообщение слишком длинное, я не смогу его сохранить: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }. Сократите его, пожалуйста, до { $limit } символов и отправьте ещё раз.
checkin-thanks-next = Спасибо, на этом всё. Следующие вопросы: { $when }.
checkin-thanks = Спасибо, на этом всё. Новых вопросов пока не запланировано.
checkin-closed = Этот опрос уже завершён. Спасибо!
checkin-expired = Этот опрос уже закрыт, отвечать на него не нужно. Ничего страшного.
checkin-none-waiting = Сейчас вопросов для вас нет.
checkin-stale = На этот вопрос вы уже ответили. Пожалуйста, используйте кнопки последнего вопроса.
