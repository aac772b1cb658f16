## Enrolment and consent. Shown on a phone: plain words, no diagnoses or drug names.

enrol-consent =
    Hello! This is the check-in service of { $clinic }. Your care team invited you.

    What it does: every so often I will ask a few short questions about how things are going with your treatment. Your answers go to your clinician before your appointments, so your visits can focus on what matters to you.

    What is kept: your answers and anything you write here, with the date. From Telegram I keep only this chat's number and your language.

    Please know: nobody reads these messages in real time. If you are in danger or thinking about hurting yourself, call your local emergency number now or go to the nearest emergency department.

    Privacy: your phone may show previews of messages on the lock screen. You can turn previews off in Telegram's notification settings, and you can clear this chat at any time.

    You can stop whenever you like. Do you agree to take part?
enrol-accept = Yes, I agree
enrol-decline = No, thank you
enrol-accepted-record = ✓ You agreed to take part.
enrol-declined-record = You chose not to take part.
enrol-declined =
    That's completely fine. Nothing about you has been stored here.
    If you change your mind, open the same link again.
enrol-welcome =
    Thank you, you're all set. { $clinic } will send you short check-ins from time to time.
    Send /help whenever you want to see what I can do.
enrol-clinician-confirm =
    Hello! This link connects this Telegram chat to your clinician account at { $clinic }.
    Pre-visit summaries and urgent alerts about your patients will be sent here. Continue?
enrol-clinician-welcome =
    Done: this chat is now linked to your clinician account. Summaries and alerts will arrive here.
enrol-already = You're already connected. Send /help to see what I can do.
enrol-no-token =
    Hello! To join, please open the personal link your clinic gave you.
    If you don't have one, ask your clinic for a new link.
enrol-invalid =
    Sorry, I don't recognise that link. Please check you used the whole link,
    or ask your clinic for a new one.
enrol-expired = Sorry, this link has expired. Please ask your clinic for a new one.
enrol-used = This link has already been used. If that wasn't you, please tell your clinic.
enrol-revoked = This link is no longer valid. Please ask your clinic for a new one.
enrol-taken = This link has already been used. If that wasn't you, please tell your clinic.
enrol-link-closed = This invitation is closed.
enrol-how =
    Hello! This is a private check-in service for patients of { $clinic }.
    To join, open the personal link your clinic gave you. If you don't have one, please ask your clinic.
error-generic = Sorry, something went wrong on my side. Please try again in a little while.

## Patient commands and replies

patient-help =
    Here is what I can do:
    /checkin – answer a check-in that is waiting for you
    /language – change the language
    /pause – take a break from check-ins
    /resume – start check-ins again
    /stop – stop all messages from me
    /sos – help now, and your safety plan
    /safetyplan – write your own safety plan
    /mydata – get a copy of everything stored about you
    /delete – erase your answers and messages
    /help – show this list

    You can also write to me at any time. I keep your message for your care team to read before your next appointment.
    Please remember: messages here are not read in real time. If you are in danger or thinking of harming yourself, call your local emergency number now.
patient-note-saved =
    Thank you, I've saved your message for your care team. They will see it before your next appointment.
    Messages here are not read in real time: if something is urgent, please contact your clinic, or your local emergency number if you are in danger.
patient-text-only = Sorry, I can only read text messages. Please type what you'd like to say.
patient-language-choose = Which language would you like me to use?
patient-language-set = Done, I'll write in { $language } from now on.
patient-paused = Check-ins are paused. Send /resume whenever you'd like to start again. Your care team will know you took a break.
patient-already-paused = Check-ins are already paused. Send /resume to start again.
patient-resumed = Welcome back! Check-ins will start again as planned.
patient-not-paused = Check-ins are already running.
patient-stop-confirm = Do you want to stop all messages from this service? Your care team will be told you stopped.
patient-stop-yes = Yes, stop everything
patient-stop-no = No, keep going
patient-stopped = All messages are stopped. If you ever want to start again, send /resume.
patient-stop-kept = Okay, nothing has changed.

## The command menu (Telegram shows these next to the text box)

cmd-checkin = Answer a waiting check-in
cmd-language = Change the language
cmd-pause = Take a break from check-ins
cmd-resume = Start check-ins again
cmd-stop = Stop all messages
cmd-digest = A patient's summary now
cmd-patients = Your clinic's patients
cmd-web = Open Rapport in a browser
cmd-help = What I can do

## Clinicians

clinician-help =
    This chat receives pre-visit summaries and urgent alerts about your patients.
    Send /digest to see a patient's summary now.
    Send /web for a link to Rapport's web view.
clinician-choose-patient = Which patient's digest would you like to see?
clinician-no-patients = You have no patients in Rapport yet.
clinician-not-yours = That digest is not available.

## The web view (a link from /web)

web-link =
    Your link to Rapport's web view: { $url }
    It works once, for 10 minutes. Keep it to yourself: whoever uses it first is signed in as you.

## The patient's data

privacy-mydata = Here is everything Rapport has stored about you: one file for computers (JSON) and one you can read.
privacy-delete-confirm = Do you want to erase everything you have told me (your answers and messages) and disconnect this chat? This cannot be undone. Your care team will be told that you erased your data.
privacy-delete-yes = Yes, erase everything
privacy-delete-no = No, keep it
privacy-delete-kept = Okay, nothing was erased.
privacy-deleted = Done: your answers and messages are erased and this chat is disconnected. You can clear this chat in Telegram too. Take care.
cmd-mydata = Get a copy of your data
cmd-delete = Erase your data

## Enrolment guard

enrol-slow-down = That's a lot of tries in a short time. Please wait an hour, or ask your clinic for help.
enrol-code-ask = Thank you. Please type the short code your clinic gave you (on paper or by phone).
enrol-code-wrong = That code doesn't match. Please check it and try again ({ $left } { $left ->
        [one] try
       *[other] tries
    } left).
enrol-code-void = That code didn't match too many times, so this link no longer works. Please ask your clinic for a new link and code.
