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

digest-signals-heading = Signals to explore
digest-signals-none = No signals in this period.
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
