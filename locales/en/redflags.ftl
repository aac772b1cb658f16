## Medication red flags (bot/domain/redflags.toml). Patient-facing: plain words, calm, reading
## age about 12. The side-effect checklist's red-flag options and the follow-up questions.

dlg-se-rash = A rash, or sores in the mouth
dlg-se-fever = Fever or a sore throat
dlg-se-vomiting = Being sick (vomiting) or diarrhoea
dlg-se-stiff = Stiff muscles
dlg-se-confusion = Confused, or unsteady on my feet
dlg-se-jaundice = Dark pee or yellow eyes
dlg-se-akathisia = I can't sit still
dlg-se-dying-thoughts = When you can't sit still, do you also have thoughts of dying, or of ending your life?
dlg-dose-which-medicine = Which medicine was it?
dlg-dose-how-much-more = How much more did you take?
dlg-extra-one = One extra dose
dlg-extra-a-few = A few extra doses
dlg-extra-much-more = A lot more, or many pills at once
dlg-dose-since-when = When did this start?
dlg-since-today = Today
dlg-since-days-1-2 = 1 or 2 days ago
dlg-since-days-3-7 = 3 to 7 days ago
dlg-since-over-week = More than a week ago

## Each red flag's own reply: what to do now, and the one thing not to do.

safety-flag-rash =
    Thank you for telling me. A new rash or sores in the mouth need a doctor to look at them today.
    Please contact your clinic today. If the rash spreads fast, blisters, or you also have a fever or sore eyes, call your local emergency number.
    Don't wait to see if it goes away on its own.
safety-flag-fever =
    Thank you for telling me. With some medicines, a fever or a sore throat needs a quick blood test.
    Please contact your clinic today. If you feel very unwell, call your local emergency number.
    Don't wait to see if it passes.
safety-flag-vomiting =
    Thank you for telling me. Being sick or having diarrhoea can change how some medicines work in your body.
    Please contact your clinic today. If you also feel confused, very shaky or can't keep water down, call your local emergency number.
    Don't take extra doses to make up for any you lost.
safety-flag-stiff =
    Thank you for telling me. Stiff muscles can be a reaction to a medicine.
    Please contact your clinic today. If you also have a fever, sweat a lot or feel confused, call your local emergency number now.
    Don't wait for it to pass.
safety-flag-confusion =
    Thank you for telling me. Feeling confused or unsteady can be a sign that a medicine is too strong for you right now.
    Please contact your clinic today. If it gets worse, call your local emergency number.
    Don't drive, and try not to stay alone: ask someone to be with you.
safety-flag-jaundice =
    Thank you for telling me. Dark pee or yellow eyes can mean your liver needs checking.
    Please contact your clinic today. If you also have bad stomach pain or keep being sick, call your local emergency number.
    Don't drink alcohol until you have spoken to them.
safety-flag-akathisia =
    Thank you for telling me. Feeling that you can't sit still can come from a medicine, and it can be treated.
    Please contact your clinic today.
    Don't change your dose on your own: ask them first. If you have thoughts of hurting yourself, call your local emergency number now.
safety-flag-twitching =
    Thank you for telling me. Twitching or jerking muscles, with sweating, can be a reaction to a medicine.
    Please contact your clinic today. If you also have a fever, feel confused or very agitated, call your local emergency number now.
    Don't take your next dose until you have spoken to them.
safety-flag-shaking =
    Thank you for telling me. Strong shaking can be a sign that a medicine is too strong for you right now.
    Please contact your clinic today. If you also feel confused or keep being sick, call your local emergency number.
    Don't take extra doses.
safety-flag-dystonia =
    Thank you for telling me. A stuck or twisted neck, jaw or eyes can be a reaction to a medicine, and it can be treated quickly.
    Please contact your clinic today. If it is hard to swallow or breathe, call your local emergency number now.
safety-flag-heart =
    Thank you for telling me. Chest pain, a racing heart or fainting need to be checked today.
    Please contact your clinic today. If the pain is strong, you are short of breath or you faint, call your local emergency number now.
    Don't wait to see if it passes.
safety-flag-headache =
    Thank you for telling me. A sudden, very bad headache can be serious with some medicines.
    Please call your local emergency number now, and tell them which medicines you take.
safety-flag-constipation =
    Thank you for telling me. With some medicines, not being able to go to the toilet for days can become serious.
    Please contact your clinic today. If your tummy is very painful or swollen, or you are being sick, call your local emergency number.
safety-flag-ran-out =
    Thank you for telling me. Stopping some medicines all at once, even when you run out, can make you unwell.
    Please contact your clinic or pharmacy today so you can get more.
    If you feel very unwell, shaky or confused, call your local emergency number.
safety-flag-took-more =
    Thank you for telling me. With some medicines, even a little extra can cause harm, sometimes hours later.
    Please contact your clinic now, or a poison help line, even if you feel fine.
    Don't take your next dose until you have spoken to them.

## For the care team: each flag's name in an alert, and the window that made it urgent.

alert-flag-rash = rash or mouth sores
alert-flag-fever = fever or sore throat
alert-flag-vomiting = vomiting or diarrhoea
alert-flag-stiff = stiff muscles
alert-flag-confusion = confusion or unsteadiness
alert-flag-jaundice = dark urine or yellow eyes
alert-flag-akathisia = can't sit still (akathisia)
alert-flag-twitching = twitching, jerking or sweating
alert-flag-shaking = coarse shaking
alert-flag-dystonia = neck, jaw or eyes stuck (dystonia)
alert-flag-heart = chest pain, racing heart or fainting
alert-flag-headache = sudden severe headache
alert-flag-constipation = severe constipation
alert-flag-ran-out = ran out of medication
alert-flag-stopped = stopped taking it
alert-flag-took-more = took more than prescribed
alert-window-any = at any time on this medicine
alert-window-named = the patient named this medicine
alert-window-stopped-recently = stopped in the last two weeks
alert-window-first-8-weeks = in the first 8 weeks on it
alert-window-first-4-weeks = in the first 4 weeks on it
alert-window-rise-8-weeks = within 8 weeks of a start or dose increase
alert-window-rise-4-weeks = within 4 weeks of a start or dose increase
alert-window-stopped-over-2-days = stopped for more than 2 days: not to be restarted at the old dose without the clinic
safety-category-rash = Medication red flag
safety-category-fever = Medication red flag
safety-category-vomiting = Medication red flag
safety-category-stiff = Medication red flag
safety-category-confusion = Medication red flag
safety-category-jaundice = Medication red flag
safety-category-akathisia = Medication red flag
safety-category-twitching = Medication red flag
safety-category-shaking = Medication red flag
safety-category-dystonia = Medication red flag
safety-category-heart = Medication red flag
safety-category-headache = Medication red flag
safety-category-constipation = Medication red flag
safety-category-ran-out = Ran out of medication
safety-category-thoughts-of-dying = Thoughts of dying

# A same-day red flag (level "same_day" in bot/domain/redflags.toml): a task, not an alert.
task-red-flag = Same-day task: please contact { $patient } within 24 hours (by { $due }) about a medication red flag.
digest-task-red-flag = Contact within 24 hours about a medication red flag ({ $when }). Due by { $due }.
