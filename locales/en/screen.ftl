## The suicide screen (dialogs/screen.toml). The items keep the wording of the NIMH Ask
## Suicide-Screening Questions (ASQ), a public-domain tool, used with attribution.

dlg-screen-title = How you have been feeling
dlg-screen-wish-dead = In the past few weeks, have you wished you were dead?
dlg-screen-better-off-dead = In the past few weeks, have you felt that you or your family would be better off if you were dead?
dlg-screen-thoughts = In the past week, have you been having thoughts about killing yourself?
dlg-screen-past-attempt = Have you ever tried to kill yourself?
dlg-screen-acute = Are you having thoughts of killing yourself right now?

## To the patient

screen-intro = A few more short questions. We ask everyone these from time to time, because they matter for your safety. There are no wrong answers.
screen-intro-alone = A few short questions. We ask everyone these from time to time, because they matter for your safety. There are no wrong answers.
screen-positive-reply =
    Thank you for answering honestly. That isn't easy, and you don't have to carry these thoughts alone.
    Someone from your care team will get in touch with you within a day. If things get harder before then, please use your plan and the numbers below straight away.

## To the care team

alert-screen-acute = Urgent: { $patient } answered yes to "thoughts of killing yourself right now" on the suicide screen.
screen-quote = Suicide screen, answered yes: { $items }
screen-item-wish-dead = wished they were dead (past few weeks)
screen-item-better-off-dead = felt they or their family would be better off if they were dead (past few weeks)
screen-item-thoughts = thoughts about killing themselves (past week)
screen-item-past-attempt = has tried to kill themselves before
screen-item-acute = thoughts of killing themselves right now
task-screen-positive =
    Same-day task: please contact { $patient } within 24 hours (by { $due }).
    The suicide screen was positive, not acute: no thoughts of killing themselves right now.
    Answered yes: { $items }
task-done-button = Done
task-done = ✓ Done: { $name }, { $when }
task-done-thanks = Recorded as done. Thank you.
task-already = Already done by { $name } ({ $when }).
task-unknown = This task is no longer known.
digest-tasks-heading = To do first
digest-task-screen-positive = Contact within 24 hours: the suicide screen was positive, not acute ({ $when }). Due by { $due }.
