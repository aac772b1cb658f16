# Issue 11, closing the loop: the digest chart's levels and medication changes, the clinician's
# feedback on hypotheses, and the summary sent right after a worrying intake.

## The chart (bot.domain.charting)

chart-levels-title = Symptoms, day-to-day life and mood (0–10)
chart-level-axis = Level (10 = best)
chart-mood = Mood (daily)
chart-changes = Medication changes
chart-change-line = medication change

## Feedback on a digest's hypotheses (bot.services.feedback): buttons numbered as the
## hypotheses are, the short answer to a tap

feedback-fits-button = { $n } ✓ fits
feedback-not-fits-button = { $n } ✗ doesn't fit
feedback-pharmacological-button = { $n } 💊 pharmacological
feedback-fits = fits
feedback-not-fits = doesn't fit
feedback-pharmacological = pharmacological
feedback-noted = Noted: hypothesis { $n } { $verdict }. Thank you.
feedback-changed = Changed: hypothesis { $n } now { $verdict }.
feedback-same = Already noted: hypothesis { $n } { $verdict }.
feedback-stale = These buttons are from an older digest; nothing was changed.
feedback-not-yours = These buttons are not for this chat; nothing was changed.

## The summary right after a worrying intake (bot.services.intake_summary)

intake-summary-title = Intake completed: { $patient }
intake-summary-why = Worth a look before the first visit:
intake-summary-harm = Very worried about harm from the medicine ({ $harm }/10)
intake-summary-intolerance = Stopped a medicine before because of side effects
intake-summary-wary = Past doctors or medicines made them wary ({ $wary }/10)
intake-summary-alliance = Feels little heard or in agreement so far (on average { $alliance }/10)
intake-summary-ambivalence = Said there is something they might lose if treatment worked
intake-summary-other-medicines = Named other medicines or remedies
intake-summary-hypotheses = To explore
intake-summary-words = In their words
intake-summary-about-other-medicines = Other medicines
intake-summary-about-loss = What they might lose
intake-summary-about-history = Past experiences
intake-summary-about-note = Their note
intake-summary-closing = The full digest comes before the visit; /digest shows it now.
