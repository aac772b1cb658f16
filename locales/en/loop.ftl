# Issue 11, closing the loop: the digest chart's levels and medication changes, the clinician's
# feedback on hypotheses, and the summary sent right after a worrying intake.

## The chart (bot.domain.charting)

chart-levels-title = Symptoms, day-to-day life and mood (0–10)
chart-level-axis = Level (10 = best)
chart-mood = Mood (daily)
chart-changes = Medication changes
chart-change-line = medication change
