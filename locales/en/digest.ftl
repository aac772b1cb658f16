## The clinician's pre-visit digest (clinician-facing). Dates and times arrive already formatted
## in the clinician's language; $patient is the alias staff chose; counts are integers.

digest-title = Pre-visit digest: { $patient }
digest-period = Period: { $start } – { $end }
digest-appointment = Prepares the appointment on { $when }
digest-no-appointment = No appointment booked: digest on request
digest-generated = Generated { $when } · times in { $zone }
digest-continued = { $patient }, continued ({ $part }/{ $total })

## Response to check-ins

digest-response-heading = Check-ins
digest-response-counts = { $sent ->
        [0] No check-ins were sent in this period ({ $answered } answered, { $missed } missed)
       *[other] Sent { $sent }, answered { $answered }, missed { $missed }
    }
digest-response-paused = { $count ->
        [one] Paused check-ins once
       *[other] Paused check-ins { $count } times
    }
digest-response-unreachable = Unreachable: the patient has blocked the bot or left the chat, so check-ins no longer reach them. Contact them another way.

## The regimen, as staff recorded it: $drug and $dose as typed, $kind the class in plain words,
## $since and $when formatted dates, $what a change ("dose raised: 50 mg → 100 mg").

digest-regimen-heading = Regimen
digest-regimen-active = { $drug }, { $dose } · { $kind } · since { $since }
digest-regimen-as-needed = { $drug }, { $dose } as needed · { $kind } · since { $since }
digest-regimen-none = No medications recorded.
digest-regimen-changes = Changes in this period:
digest-regimen-change = { $when } · { $drug }: { $what }
digest-regimen-note = { $when } · noted before the regimen was recorded: { $note }
digest-regimen-staff-count = Psychotropics as counted by staff: { $count } (the polypharmacy signal reads this count, not the list)

## Signals

digest-evidence-heading = What raised it
digest-evidence-more = …and { $count } more (all in the full digest)
digest-suggestion-label = To explore
digest-resolved = Resolved since the last digest: { $signals }
digest-not-asked = { $signal }: not asked since { $date }, so not known to be resolved

## Chart

digest-chart-heading = Trends
digest-chart-alt = Chart: days with a missed dose per week, and symptoms compared with day-to-day life at each check-in
digest-chart-adherence-title = Days with a missed dose, per week
digest-chart-adherence-axis = Days missed (of 7)
digest-chart-trend-title = Symptoms vs. day-to-day life
digest-chart-change-axis = Change since last check-in
digest-chart-symptoms = Symptoms
digest-chart-function = Day-to-day life
digest-chart-better = better
digest-chart-worse = worse
digest-chart-empty = No answers in this period

## The patient's own words

digest-words-heading = In the patient's own words
digest-words-none = Nothing written outside the questions in this period.
digest-source-note = Note
digest-source-pre-visit = For the visit
digest-source-message = Message
digest-quote = “{ $text }”
digest-quote-lang = “{ $text }” ({ $language })

## Answers made readable

digest-skipped = (skipped)
digest-answer-yes = yes
digest-answer-no = no
digest-answer-not-sure = not sure
digest-answer-score = { $score }/10
digest-answer-days = { $days ->
        [one] 1 of 7 days
       *[other] { $days } of 7 days
    }
digest-answer-change = { $change ->
        [-2] −2 (much worse)
        [-1] −1 (a bit worse)
        [0] 0 (no change)
        [1] +1 (a bit better)
       *[2] +2 (much better)
    }

## Closing

digest-closing = These signals are hypotheses to explore with the patient, not findings: each rests only on the answers shown, and Rapport makes no diagnosis.

## The visit plan (issue 11): safety, the patient's agenda, the regimen, other medicines,
## up to three hypotheses with one opening question each, then what is also noted.

digest-safety-heading = Safety
digest-safety-none = No risk statements or medication red flags in this period.
digest-agenda-heading = Their agenda for this visit
digest-agenda-none = Nothing sent for this visit.
digest-source-untold = Not said face to face yet
digest-other-medicines-heading = Other medicines they named
digest-hypotheses-heading = To explore at the visit
digest-hypotheses-none = Nothing to explore from this period's answers.
digest-findings = Grouped: { $signals }
digest-question-label = Opening question
digest-also-heading = Also noted
digest-also-hypothesis = { $title } ({ $meta })
digest-mood = Daily mood: average { $mean }/10, range { $low }–{ $high }, latest { $latest } on { $when }; answered on { $days ->
        [one] 1 day
       *[other] { $days } days
    }
digest-evidence-full-heading = Full evidence: every answer behind the hypotheses
digest-clipped = (full text in the attached page)

## What an answer measured, in a few words (an evidence line's label)

digest-construct-adherence-days-missed-7d = Days with a missed dose
digest-construct-adherence-dose-change = How they take it
digest-construct-adherence-extra = How much extra
digest-construct-adherence-forgot = Forgot a dose
digest-construct-adherence-medicine = Which medicine
digest-construct-adherence-prescriber-knows = Prescriber knows
digest-construct-adherence-reason = Reasons
digest-construct-adherence-since = Since when
digest-construct-adherence-took-today = Took it today
digest-construct-alliance-agreement = Agrees with the plan
digest-construct-alliance-heard = Feels heard
digest-construct-ambivalence-loss = What getting better might cost
digest-construct-ambivalence-loss-any = Anything to miss if better
digest-construct-belief-necessity = Needs the medication
digest-construct-concern-dependency = Worry about dependence
digest-construct-concern-identity = Worry about changing who they are
digest-construct-control-pressure = Feels pressured
digest-construct-expectation-benefit = Expected benefit
digest-construct-expectation-harm = Worry about harm
digest-construct-function-change = Day-to-day life, change
digest-construct-function-level = Day-to-day life
digest-construct-history-intolerance = Stopped a medicine for side effects before
digest-construct-history-wary = Wary from past experience
digest-construct-mood-level = Mood
digest-construct-note-free = Note
digest-construct-other-medicines = Other medicines
digest-construct-readiness-change = Readiness to change
digest-construct-safety-dying-thoughts = Restless, with thoughts of dying
digest-construct-screen-acute = Screen: thoughts of suicide now
digest-construct-screen-better-off-dead = Screen: better off dead
digest-construct-screen-past-attempt = Screen: past attempt
digest-construct-screen-thoughts = Screen: thoughts of suicide
digest-construct-screen-wish-dead = Screen: wished to be dead
digest-construct-side-effects-attribution = Thinks it was caused by
digest-construct-side-effects-baseline = Before the change (baseline)
digest-construct-side-effects-burden = Side effects bother
digest-construct-side-effects-present = Side effects noticed
digest-construct-symptoms-change = Symptoms, change
digest-construct-symptoms-level = Symptoms
digest-construct-use-extra-for-feelings = Extra dose for a feeling
digest-construct-use-feeling = Which feeling
digest-construct-use-for-feelings = Medication for a feeling
digest-construct-want-more-hope = Hopes more would change
digest-construct-want-more-medication = Wants more medication
