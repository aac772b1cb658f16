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
