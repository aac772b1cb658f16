# Check-in screens. Invitations and reminders show on lock screens: keep them neutral
# (no medication, no diagnoses, no clinic type).
# $hours, $length, $limit, $position and $total are numbers; $when is a date and time already
# formatted for the patient; $answer and $label are already translated text.

checkin-invite = Hi! Time for a short check-in. Tap Start whenever you have a moment.
checkin-reminder-first = A gentle reminder: your check-in is open for { $hours } more { $hours ->
        [one] hour
       *[other] hours
    }. Tap Start whenever it suits you.
checkin-reminder-last = Your check-in closes in { $hours } { $hours ->
        [one] hour
       *[other] hours
    }. If now isn't a good time, that's okay.
checkin-start = Start

## Buttons

checkin-back = ← Back
checkin-skip = Skip
checkin-done = Done
checkin-yes = Yes
checkin-no = No
checkin-not-sure = Not sure
checkin-change-much-worse = Much worse
checkin-change-bit-worse = A bit worse
checkin-change-same = About the same
checkin-change-bit-better = A bit better
checkin-change-much-better = Much better
# A multi-select option that is currently chosen.
checkin-selected = ✓ { $label }

## Around a question

checkin-progress = { $position } of { $total }
checkin-scale-anchors = 0 = { $low }, 10 = { $high }
checkin-scale-low = not at all
checkin-scale-high = completely
checkin-multi-hint = Choose all that fit, then tap Done.
checkin-multi-empty = Please choose at least one option, then tap Done.
checkin-text-hint = Type your answer and send it as a message.
checkin-text-hint-skippable = Type your answer and send it as a message, or tap Skip if you'd rather not.
# Replaces the buttons once a question is answered.
checkin-answered = ✓ { $answer }
checkin-answer-skipped = skipped
# The check-in's record, one line per answer given by button, above the current question (the
# next question is drawn over the message that was tapped). $question is the question shortened.
checkin-record-line = ✓ { $question } — { $answer }
# Stands for the oldest record lines when the screen would not fit in one message. $count is a number.
checkin-record-earlier = … { $count } earlier { $count ->
        [one] answer
       *[other] answers
    }

## Replies

checkin-use-buttons = Thanks for writing. For this question, please tap one of the buttons under it.
checkin-too-long = That's a little too long for me to save ({ $length } characters). Could you shorten it to { $limit } characters or fewer and send it again?
checkin-thanks-next = Thank you, that's everything for now. Your next check-in: { $when }.
checkin-thanks = Thank you, that's everything for now. No other check-in is planned at the moment.
checkin-closed = This check-in is already finished. Thank you!
checkin-expired = This check-in has closed, so there's no need to answer it now. That's completely fine.
checkin-none-waiting = There's no check-in waiting for you right now.
checkin-stale = That question has already been answered. Please use the buttons on the latest question.
