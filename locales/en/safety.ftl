## Safety: crisis replies, the personal safety plan, alerts to clinicians.

safety-crisis-reply =
    Thank you for telling me. What you are going through sounds really hard, and you deserve support right now.
    Your care team will be told about your message, but please don't wait for them.
safety-medical-reply =
    What you describe can be a serious reaction to a medicine. Please contact your clinic now. If it feels severe, or you feel very unwell, call your local emergency number.
safety-resources-default =
    If you are in danger or might act on these thoughts, call your local emergency number now (112 in Europe, 911 in North America) or go to the nearest emergency department. In the US you can also call or text 988.
safety-not-monitored = Please remember: messages here are not read in real time.
safety-plan-heading = Your safety plan:
safety-plan-warning-signs = Warning signs
safety-plan-helps = Things that help me
safety-plan-people = People and places
safety-plan-safer = Making things safer
safety-plan-contacts = Professionals to call
safety-plan-saved = Thank you. Your safety plan is saved: send /sos at any time to see it.
safety-alert-crisis = Urgent: { $patient } wrote something that may mean they are at risk.
safety-alert-medical = Urgent: { $patient } may be having a serious reaction to medication, or stopped it abruptly.
safety-alert-idiomatic = Possibly idiomatic: the words matched may be an expression ("dying to…"); please check.
safety-alert-footer = The patient has been given crisis resources. Please follow your clinic's urgent-contact procedure.
safety-alert-undelivered = This alert could not be confirmed as delivered to the patient's clinician. Please make sure they hear of it.
safety-category-suicidal = Possible suicidal thoughts
safety-category-self-harm = Possible self-harm
safety-category-overdose = Possible overdose
safety-category-stopped-all = Stopping medication abruptly
safety-category-severe-reaction = Possible severe reaction
cmd-sos = Help now, and your safety plan
cmd-safetyplan = Write your safety plan

## The guided safety plan (dialogs/safety_plan.toml)

dlg-safety-plan-title = Your safety plan
dlg-safety-plan-warning-signs = What are the signs that a hard time may be starting for you? (thoughts, feelings, things you do)
dlg-safety-plan-helps = What helps you get through, even a little? (things you can do on your own)
dlg-safety-plan-people = Which people or places help take your mind off things?
dlg-safety-plan-safer = What could make your surroundings safer when things are hard?
dlg-safety-plan-contacts = Which professionals or services can you call? (names and numbers)
