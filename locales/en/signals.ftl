## Resistance signals in the clinician's pre-visit digest (clinician-facing: clinical words are
## fine here, never in patient-facing text). A signal is a hypothesis to explore, not a finding.
## Args: numbers are counts or 0-10 scores; $basis, $rising, $stopped and $blocked are selector
## values; $mean and $drop are decimals. A 0 arg means "not answered" and is never shown.

## Categories, severities, trends

signal-category-medical = Medical: the drug's own effects
signal-category-attitudes = Attitudes to medication
signal-category-resistance-to = Resistance to medication
signal-category-resistance-from = Resistance from medication
signal-category-alliance = Therapeutic alliance
signal-category-engagement = Engagement
signal-category-prescriber = Prescriber
signal-category-safety = Safety
signal-severity-high = High
signal-severity-moderate = Moderate
signal-severity-low = Low
signal-trend-new = New
signal-trend-persisting = Persisting
signal-trend-resolved = Resolved

## Resistance to medication

signal-nonadherence-title = Missed doses
signal-nonadherence-summary = Missed doses on up to { $days } of 7 days, in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }{ $rising ->
        [yes] , rising check-in after check-in
       *[no] {""}
    }
signal-nonadherence-suggestion = Ask, without judgement, what happens on the days the doses are missed, and what taking the medication means to them.

signal-self-adjusted-dose-title = Self-adjusted dose
signal-self-adjusted-dose-summary = Changed the dose on their own in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }{ $stopped ->
        [yes] , including stopping it
       *[no] {""}
    }
signal-self-adjusted-dose-suggestion = Explore what they hoped to achieve by changing the dose themselves, and invite them to decide the next step with you.

signal-intentional-nonadherence-title = Intentional non-adherence
signal-intentional-nonadherence-summary = Missed or changed doses on purpose (not forgetting or cost) in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-intentional-nonadherence-suggestion = Explore the reasons behind the choice, and what the medication, the illness or feeling controlled mean to them, before changing the regimen.

signal-nocebo-pattern-title = Side effects with high worry
signal-nocebo-pattern-summary = { $effects ->
        [one] One side effect
       *[other] { $effects } side effects
    } new { $baseline ->
        [yes] since their baseline
       *[no] (no baseline recorded)
    } and not explained by a recent change, { $basis ->
        [worry] with worry about harm at { $harm }/10
        [prior] { $prior ->
            [intolerance] in someone who stopped medicines for side effects before
            [wary] in someone made wary by past care
           *[distrust] while feeling unheard and pressured
        }
       *[both] with worry about harm at { $harm }/10, { $prior ->
            [intolerance] in someone who stopped medicines for side effects before
            [wary] in someone made wary by past care
           *[distrust] while feeling unheard and pressured
        }
    }
signal-nocebo-pattern-suggestion = Consider pharmacological causes first (dose, timing, the drug's known profile). Then explore what they fear the medication will do and where the fear comes from (past harm, carers or authorities who let them down), and agree together on how side effects will be handled; worry makes effects real, not imagined.

signal-distrust-control-title = Distrust and feeling controlled
signal-distrust-control-summary = Feels unheard (down to { $heard }/10) and pressured (up to { $pressure }/10), in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-distrust-control-suggestion = Acknowledge the sense of pressure and hand back some control: ask what they want from you, and offer real choices.

signal-low-readiness-title = Low readiness to change
signal-low-readiness-summary = Readiness to change as low as { $score }/10, in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-low-readiness-suggestion = Explore their ambivalence without pushing: what would make treatment worth it, and what makes change hard right now.

signal-symptom-loss-ambivalence-title = Ambivalence about losing symptoms
signal-symptom-loss-ambivalence-summary = { $basis ->
        [said] At intake, said there is something they would miss about how things are
        [named] At intake, named something they might lose if treatment worked
       *[both] At intake, said they would miss something and named what they might lose
    }
signal-symptom-loss-ambivalence-suggestion = Gently explore what getting better might cost them: what the symptoms protect, express or make possible.

signal-medication-fears-title = Fears about medication
signal-medication-fears-summary = { $basis ->
        [dependency] Worried about becoming dependent
        [identity] Worried the medication changes who they are
       *[both] Worried about dependency and about the medication changing who they are
    } (up to { $score }/10), in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-medication-fears-suggestion = Ask what depending on the medication, or being changed by it, would mean to them, and talk through what it does and does not do.

signal-low-expectation-title = Low expectation of benefit
signal-low-expectation-summary = Expects little from the medication (as low as { $score }/10), in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-low-expectation-suggestion = Ask what they expect from the medication and why; low hope shapes the response and is worth exploring before judging the drug.

## Medical

signal-adverse-effect-after-change-title = New side effects after a medication change
signal-adverse-effect-after-change-summary = { $effects ->
        [one] One side effect
       *[other] { $effects } side effects
    } new { $baseline ->
        [yes] since their baseline
       *[no] (no baseline recorded)
    }, fitting the known profile of { $drug }, { $days ->
        [0] on the day of
        [one] one day after
       *[other] { $days } days after
    } { $kind ->
        [start] its start
        [increase] a dose increase
        [decrease] a dose decrease
        [stop] stopping it
       *[other] a dose change
    }
signal-adverse-effect-after-change-suggestion = Consider the drug first: the dose, the timing and the class's known profile (for example activation or akathisia after an antidepressant or antipsychotic rise, discontinuation after a cut); review the change before reading the effects as worry.

## Attitudes

signal-beliefs-gap-title = Worries outweigh the felt need for the medication
signal-beliefs-gap-summary = Felt need for the medication { $necessity }/10, { $gap } points below their worries about it ({ $concern }/10)
signal-beliefs-gap-suggestion = Ask what they believe the medication does for them and what worries them about it; answer the specific worries before pressing the need.

## Alliance

signal-low-alliance-title = Weak alliance
signal-low-alliance-summary = { $basis ->
        [low] Alliance averages { $mean }/10 in the period
        [drop] Alliance down { $drop } points from their first answers (now { $mean }/10)
       *[both] Alliance averages { $mean }/10, down { $drop } points from their first answers
    }
signal-low-alliance-suggestion = Ask openly how working together feels to them, and what would help them feel heard and agree on the plan.

## Resistance from medication

signal-symptom-function-gap-title = Symptoms better, life not
signal-symptom-function-gap-summary = Symptoms better while day-to-day life { $basis ->
        [changes] is not
       *[other] stays low
    }, in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-symptom-function-gap-suggestion = Explore why feeling better has not changed daily life: what they expect the medication to do for them, and what else life would need to move.

signal-defensive-use-title = Extra doses to cope with feelings
signal-defensive-use-summary = Took an extra or unplanned dose to cope with a feeling in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-defensive-use-suggestion = Explore which feelings the extra doses are meant to quiet, and what else could help hold them.

signal-escalation-seeking-title = Seeking more medication
signal-escalation-seeking-summary = Asked for more medication or a higher dose while symptoms were not getting worse, in { $checkins ->
        [one] one check-in
       *[other] { $checkins } check-ins
    }
signal-escalation-seeking-suggestion = Before changing the dose, explore what more medication is hoped to fix, and notice your own pull to add or increase.

## Engagement, prescriber, safety

signal-disengagement-title = Disengagement from check-ins
signal-disengagement-summary = Answered { $answered } of { $sent } check-ins ({ $rate }%), missed { $missed }{ $blocked ->
        [yes] ; has blocked the bot and cannot be reached here
       *[no] {""}
    }{ $paused ->
        [0] {""}
        [one] ; paused for one day
       *[other] ; paused for { $paused } days
    }
signal-disengagement-suggestion = Reach out with curiosity rather than reproach: ask what has made the check-ins hard, or not worth answering.

signal-polypharmacy-title = Polypharmacy
signal-polypharmacy-summary = { $count } psychotropics in the current regimen
signal-polypharmacy-suggestion = Review the regimen with the patient (what each medication is for, and whether any could go) and notice what keeps it growing.

signal-safety-event-title = Safety event
signal-safety-event-summary = { $count ->
        [one] One risk statement
       *[other] { $count } risk statements
    } detected in the period
signal-safety-event-suggestion = Review the quoted statements now and follow the clinic's safety protocol; go through the patient's safety plan with them.
