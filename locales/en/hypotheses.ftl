## Hypotheses in the clinician's pre-visit digest (clinician-facing). Each has a title (what was
## observed, not a label) and one opening question for the visit, its principle written out in
## words. Points are compact evidence lines; list args ($effects, $changes, $reasons, $feelings,
## $hopes) arrive already rendered from the hypothesis-value-* labels below, joined with ", ".

## Titles and opening questions

hypothesis-adverse-effect-after-change-title = New side effects since a medication change
hypothesis-adverse-effect-after-change-question = Avoid a mind–body split, and check the drug first (dose, timing, its known profile): “Since the change, when did this start, when in the day is it worst, and how is it compared with before?”

hypothesis-nonadherence-title = Missed doses
hypothesis-nonadherence-question = Know your patient: “What happens on the days the medication doesn't get taken?”

hypothesis-self-adjusted-dose-title = Changed the dose on their own
hypothesis-self-adjusted-dose-question = Address resistance early and without reproach: “You've been finding your own dose. What have you noticed, and what were you hoping for?”

hypothesis-intentional-nonadherence-title = Doses missed or changed on purpose
hypothesis-intentional-nonadherence-question = Attend to mixed feelings about the treatment: “What made it feel right to take it differently, and what does taking it mean to you?”

hypothesis-taking-less-title = Taking less than prescribed
hypothesis-taking-less-question = Know your patient: “What happens on the days you take less, or none?”

hypothesis-taking-less-on-purpose-title = Taking less than prescribed, on purpose
hypothesis-taking-less-on-purpose-question = Address resistance early and without reproach: “You decided to take less. What were you hoping would happen, and what does taking it mean to you?”

hypothesis-taking-more-title = Taking more than prescribed
hypothesis-taking-more-question = Notice uses of medication that may work against treatment: “When you take more than we agreed, what does the extra do for you?”

hypothesis-nocebo-pattern-title = Side effects with high worry
hypothesis-nocebo-pattern-question = Consider pharmacological causes first (dose, timing, the drug's known profile); avoid a mind–body split: worry can make effects real, not imagined. Then: “What worries you most about what this medicine could do to you?”

hypothesis-distrust-control-title = Feels unheard and pressured
hypothesis-distrust-control-question = Address negative feelings about the treatment early: “It sounds as if decisions about your medication haven't felt like yours. What would you want to be different?”

hypothesis-low-alliance-title = Working together feels weaker
hypothesis-low-alliance-question = Know your patient: “How has it been working on this with me, and what would help you feel more heard?”

hypothesis-unheard-pressured-title = Feels unheard and pressured, and the alliance is low
hypothesis-unheard-pressured-question = Address negative feelings about the treatment early: “It sounds as if you've felt pushed and not listened to. What should I understand better?”

hypothesis-symptom-function-gap-title = Symptoms better, day-to-day life not
hypothesis-symptom-function-gap-question = Notice uses of medication that may work against treatment: “You feel better, yet day-to-day life hasn't moved. What would you want to change that hasn't yet?”

hypothesis-defensive-use-title = Extra doses to cope with feelings
hypothesis-defensive-use-question = Notice uses of medication that may work against treatment: “When you take an extra dose, what is the feeling you are trying to get through?”

hypothesis-escalation-seeking-title = Asking for more medication
hypothesis-escalation-seeking-question = Notice your own pull to add or increase: “If a higher dose worked perfectly, what would be different in your life?”

hypothesis-relying-on-medicine-title = Leaning on medication while life stays stuck
hypothesis-relying-on-medicine-question = Notice uses of medication that may work against treatment: “If the medicine did all you hope, what would you be doing that you aren't doing now?”

hypothesis-beliefs-gap-title = Worries outweigh the felt need for the medication
hypothesis-beliefs-gap-question = Know your patient: “What do you feel this medicine does for you, and what worries you about taking it?”

hypothesis-medication-fears-title = Fears about what the medication does to them
hypothesis-medication-fears-question = Know your patient: “Some people worry a medicine will make them dependent or change who they are. How is it for you?”

hypothesis-low-expectation-title = Expects little from the medication
hypothesis-low-expectation-question = Know your patient: “What did you hope this medicine would do, and what makes you doubt it will?”

hypothesis-doubts-about-medicine-title = Doubts about the medication outweigh the need for it
hypothesis-doubts-about-medicine-question = Know your patient: “What do you feel this medicine does for you, and what worries you about it?”

hypothesis-low-readiness-title = Not ready for changes now
hypothesis-low-readiness-question = Attend to mixed feelings about getting better: “What would have to be different for a change to feel worth it right now?”

hypothesis-symptom-loss-ambivalence-title = Something they would miss if they got better
hypothesis-symptom-loss-ambivalence-question = Attend to mixed feelings about losing symptoms: “At the start you mentioned something you might miss if things got better. Can we talk about that?”

hypothesis-mixed-feelings-about-change-title = Mixed feelings about getting better
hypothesis-mixed-feelings-about-change-question = Attend to mixed feelings about losing symptoms: “What would getting better change for you, and is any part of that hard?”

hypothesis-disengagement-title = Check-ins going unanswered
hypothesis-disengagement-question = Know your patient: “The check-ins have been hard to keep up with. What got in the way, or made them feel not worth it?”

hypothesis-polypharmacy-title = Many psychotropics at once
hypothesis-polypharmacy-question = Watch your own pull as the prescriber to add more: “Of all the medicines you take, which do you feel help, and which would you most like to stop?”

## Points (compact evidence lines)

hypothesis-point-missed-days = missed days { $series }
hypothesis-point-dose-changed = own dose change: { $changes }{ $knows ->
        [aware] {" "}(prescriber knows)
        [unaware] {" "}(prescriber doesn't know)
        [unsure] {" "}(not sure the prescriber knows)
       *[unasked] {""}
    }
hypothesis-point-reasons = on purpose: { $reasons }
hypothesis-point-worry-effects = { $harm ->
        [0] {""}
       *[other] worry { $harm }/10 ·{" "}
    }side effects: { $effects } ({ $since ->
        [change] new since the change
        [baseline] new since their baseline
       *[start] no baseline recorded
    })
hypothesis-point-change = { $kind ->
        [start] { $drug } started at { $after }
        [stop] { $drug } stopped
       *[other] { $drug } { $before } → { $after }
    }, { $days ->
        [0] the day the effects were reported
        [one] one day before the effects were reported
       *[other] { $days } days before the effects were reported
    }
hypothesis-point-prior = { $prior ->
        [intolerance] has stopped medicines for side effects before
        [wary] wary from past care ({ $wary }/10)
       *[distrust] feels unheard ({ $heard }/10) and pressured ({ $pressure }/10)
    }
hypothesis-point-heard-pressure = heard { $heard }/10 · pressure { $pressure }/10
hypothesis-point-levels = symptoms { $symptoms } · day-to-day life { $function } (0–10, higher is better)
hypothesis-point-extra-doses = extra doses for feelings in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
hypothesis-point-extra-doses-for = extra doses for feelings in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }: { $feelings }
hypothesis-point-wants-more = wants more medication in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
hypothesis-point-wants-more-for = wants more medication in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }, hoping for: { $hopes }
hypothesis-point-loss-words = at intake, what they might lose: { $words }
hypothesis-point-beliefs = felt need { $necessity }/10 · worries { $concern }/10
hypothesis-point-checkins = answered { $answered } of { $sent } check-ins · missed { $missed }{ $reach ->
        [blocked] {" "}· has blocked the bot
       *[reachable] {""}
    }

## Option values as points show them

hypothesis-value-side-effects-present-sleepy = sleepy
hypothesis-value-side-effects-present-trouble-sleeping = insomnia
hypothesis-value-side-effects-present-restless = restless
hypothesis-value-side-effects-present-shaky = shaky
hypothesis-value-side-effects-present-dizzy = dizzy
hypothesis-value-side-effects-present-headache = headache
hypothesis-value-side-effects-present-stomach = stomach upset
hypothesis-value-side-effects-present-dry-mouth = dry mouth
hypothesis-value-side-effects-present-appetite-weight = appetite or weight change
hypothesis-value-side-effects-present-sexual = sexual effects
hypothesis-value-side-effects-present-emotionally-flat = emotionally flat
hypothesis-value-side-effects-present-foggy = foggy thinking
hypothesis-value-side-effects-present-other = other
hypothesis-value-adherence-dose-change-as-prescribed = as prescribed
hypothesis-value-adherence-dose-change-took-less = took less
hypothesis-value-adherence-dose-change-took-more = took more
hypothesis-value-adherence-dose-change-skipped-on-purpose = skipped on purpose
hypothesis-value-adherence-dose-change-stopped = stopped
hypothesis-value-adherence-reason-forgot = forgot
hypothesis-value-adherence-reason-side-effects = side effects
hypothesis-value-adherence-reason-felt-better = felt better
hypothesis-value-adherence-reason-felt-worse = felt worse
hypothesis-value-adherence-reason-not-needed = felt it wasn't needed
hypothesis-value-adherence-reason-dont-want-to-depend = doesn't want to depend on it
hypothesis-value-adherence-reason-ran-out-or-cost = ran out or cost
hypothesis-value-adherence-reason-someone-advised = someone advised it
hypothesis-value-adherence-reason-not-helping = it wasn't helping
hypothesis-value-adherence-reason-others-know = didn't want others to know
hypothesis-value-adherence-reason-test-need = to see if still needed
hypothesis-value-adherence-reason-other = other
hypothesis-value-use-feeling-sadness = sadness
hypothesis-value-use-feeling-loneliness = loneliness
hypothesis-value-use-feeling-stress = stress
hypothesis-value-use-feeling-anger = anger
hypothesis-value-use-feeling-sleep = to sleep
hypothesis-value-use-feeling-other = other
hypothesis-value-want-more-hope-symptoms-gone = symptoms gone
hypothesis-value-want-more-hope-sleep = better sleep
hypothesis-value-want-more-hope-calm = calm
hypothesis-value-want-more-hope-feel-nothing = to feel nothing
hypothesis-value-want-more-hope-cope-with-people = coping with people
hypothesis-value-want-more-hope-other = other
