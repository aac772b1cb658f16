# Dialog content: titles, questions, option labels and scale anchors for dialogs/*.toml.
# Patient-facing: plain words (reading age ~12), no clinical terms, no drug names.
# Give a message a new id when its clinical meaning changes.

## Scale anchors (shown as "0 = …, 10 = …")

dlg-anchor-not-at-all = not at all
dlg-anchor-a-great-deal = a great deal
dlg-anchor-very-much = very much
dlg-anchor-completely = completely
dlg-anchor-not-worried = not worried
dlg-anchor-very-worried = very worried
dlg-anchor-not-ready = not ready
dlg-anchor-completely-ready = completely ready
dlg-anchor-very-bad = very bad
dlg-anchor-very-good = very good
dlg-anchor-as-bad-as-they-get = as bad as they get
dlg-anchor-no-trouble = no trouble at all
dlg-anchor-not-going-well = not going well at all
dlg-anchor-going-very-well = going very well

## How the medication is taken (adherence.dose_change)

dlg-dose-as-prescribed = As prescribed
dlg-dose-took-less = Less than prescribed
dlg-dose-took-more = More than prescribed
dlg-dose-skipped-on-purpose = I skip some doses on purpose
dlg-dose-stopped = I've stopped taking it

## Reasons for missed or changed doses (adherence.reason)

dlg-reason-forgot = I forgot
dlg-reason-side-effects = Side effects
dlg-reason-felt-better = I was feeling better
dlg-reason-felt-worse = I was feeling worse
dlg-reason-not-needed = I didn't feel I needed it
dlg-reason-dont-want-to-depend = I don't want to depend on it
dlg-reason-ran-out-or-cost = I ran out, or it costs too much
dlg-reason-someone-advised = Someone told me to
dlg-reason-not-helping = It wasn't helping
dlg-reason-others-know = I didn't want others to know
dlg-reason-test-need = To see if I still need it
dlg-reason-other = Something else

## Side effects (side_effects.present, side_effects.burden)

dlg-side-effects-which = Which of these have you noticed? Choose all that fit.
dlg-side-effects-bother = How much do these bother you?
dlg-se-sleepy = Sleepy or tired
dlg-se-trouble-sleeping = Trouble sleeping
dlg-se-restless = Restless or on edge
dlg-se-shaky = Shaky
dlg-se-dizzy = Dizzy or light-headed
dlg-se-headache = Headaches
dlg-se-stomach = Upset stomach
dlg-se-dry-mouth = Dry mouth
dlg-se-appetite-weight = Changes in appetite or weight
dlg-se-sexual = Changes in sex drive or sex life
dlg-se-emotionally-flat = Feelings seem flat or numb
dlg-se-foggy = Hard to think clearly
dlg-se-other = Something else
dlg-se-none = I have none of these

## Intake

dlg-intake-title = Getting started
dlg-intake-taking-now = Let's start with something simple. Right now, how are you taking your medication?
dlg-intake-other-medicines = Do you take anything else that the person who prescribes your medication might not know about? For example other medicines, herbal remedies or supplements.
dlg-intake-other-medicines-which = What else do you take? Your own words are fine. Names and amounts help, if you know them.
dlg-intake-benefit = How much do you expect your medication to help you?
dlg-intake-need = How much do you feel you need this medication to stay well?
dlg-intake-harm-worry = How worried are you that your medication could harm you or cause side effects?
dlg-intake-dependency = How much do you worry about relying on medication too much, or not being able to stop it?
dlg-intake-identity = How much do you worry that medication could change who you are? For example, make your feelings flat, or make you feel not like yourself.
dlg-intake-readiness = Right now, how ready do you feel to make changes that could help you feel better?
dlg-intake-heard = How much do you feel the person who prescribes your medication listens to you and understands you? If you haven't talked with them yet, you can skip this one.
dlg-intake-agreement = How much do you and the person who prescribes your medication agree on the plan for your treatment? If you haven't talked about a plan yet, you can skip this one.
dlg-intake-pressure = How much do you feel pushed or controlled when it comes to your medication?
dlg-intake-past-intolerance = Have you ever stopped taking a medicine because of side effects?
dlg-intake-past-intolerance-which = Which medicines were they, and what happened? A few words are plenty.
dlg-intake-wary = How much have past experiences with doctors or medicines made you wary?
dlg-intake-miss-anything = Even when life is hard, some parts of how things are now can still matter to us. Is there anything you might miss about how things are now?
dlg-intake-might-lose = Imagine your treatment worked completely. Is there anything you might lose, or miss, or find hard? Write as much or as little as you like. There are no wrong answers.
dlg-intake-note = Is there anything else you'd like the person who prescribes your medication to know? You're welcome to write it here.

## Weekly check-in

dlg-weekly-title = Weekly check-in
dlg-weekly-days-missed = In the last 7 days, on how many days did you miss at least one dose? Missed doses happen to lots of people. An honest answer helps the most.
dlg-weekly-dose-change = In the last 7 days, how have you been taking your medication?
dlg-weekly-reasons = What led to that? Choose everything that fits. Every reason is worth knowing, and none of them is wrong.
dlg-weekly-anything-new = In the last 7 days, have you noticed anything new or different in your body or mind?
dlg-weekly-harm-worry = Right now, how worried are you that your medication could harm you?
dlg-weekly-symptoms = Since your last check-in, have the difficulties you're getting help with got better or worse?
dlg-weekly-daily-life = And your everyday life: work or school, time with other people, doing the things you planned. Since your last check-in, has it got better or worse?
dlg-weekly-heard = At the moment, how much do you feel the person who prescribes your medication listens to you and understands you?
dlg-weekly-pressure = At the moment, how much do you feel pushed or controlled when it comes to your medication?
dlg-weekly-extra-for-feelings = In the last 7 days, did you take an extra dose, or one you hadn't planned, to get through a feeling such as sadness, loneliness, stress or anger? Doses taken the way you were told ("when needed" doses too) don't count here.
dlg-weekly-want-more = Right now, do you wish you had more medication, or a higher dose?
dlg-weekly-note = Is there anything else you'd like the person who prescribes your medication to know? You're welcome to write it here.

## Daily check-in

dlg-daily-title = Quick check-in
dlg-daily-took-today = Have you taken today's medication?
dlg-daily-took-yes = Yes
dlg-daily-took-not-yet = Not yet
dlg-daily-took-no = No, not today
dlg-daily-mood = How are you feeling today?

## Before an appointment

dlg-pre-visit-title = Before your appointment
dlg-pre-visit-topics = Your next appointment is coming up. What would you like to talk about? A few words are plenty.
dlg-pre-visit-untold = Some things are hard to say face to face. Is there anything you haven't had the chance to tell the person who prescribes your medication? They will read it before your appointment.
dlg-pre-visit-benefit = From here on, how much do you expect your medication to help you?
dlg-pre-visit-harm-worry = And how worried are you that your medication could harm you?
dlg-pre-visit-heard = How much do you feel the person who prescribes your medication listens to you and understands you?

## After a medication change

dlg-post-change-title = How the change is going
dlg-post-change-taking = Since your medication was changed, how have you been taking it?
dlg-post-change-reasons = What led to that? Choose everything that fits. Every reason is worth knowing.
dlg-post-change-anything-new = Since the change, have you noticed anything new or different in your body or mind?
dlg-post-change-benefit = How much do you expect the change to help you?
dlg-post-change-note = Is there anything about the change you'd like the person who prescribes your medication to know? You're welcome to write it here.

## Asked in several check-ins (levels, the checklist as it is now, follow-ups)

dlg-symptoms-level = Right now, how are the difficulties you're getting help with?
dlg-daily-life-level = Right now, how is your everyday life going? Work or school, time with other people, doing the things you planned.
dlg-baseline-which = Which of these do you have at the moment, whatever the cause? Choose all that fit.
dlg-prescriber-knows = Does the person who prescribes your medication know you're taking it this way?
dlg-attribution = What do you think caused it?
dlg-attribution-medicine = My medication
dlg-attribution-something-else = Something else
dlg-attribution-not-sure = I'm not sure
dlg-which-feeling = Which feelings was it? Choose all that fit.
dlg-feeling-sadness = Sadness
dlg-feeling-loneliness = Loneliness
dlg-feeling-stress = Stress or worry
dlg-feeling-anger = Anger
dlg-feeling-sleep = To get to sleep
dlg-feeling-other = Something else
dlg-want-more-hope = What do you hope more medication would change? Choose all that fit.
dlg-hope-symptoms-gone = My difficulties would go away
dlg-hope-sleep = I'd sleep better
dlg-hope-calm = I'd feel calmer
dlg-hope-feel-nothing = I wouldn't feel so much
dlg-hope-cope-with-people = Coping better with people
dlg-hope-other = Something else
