## Inscripción y consentimiento.

enrol-consent =
    ¡Hola! Este es el servicio de seguimiento de { $clinic }. Tu equipo de atención te ha invitado.

    Qué hace: de vez en cuando te haré unas pocas preguntas cortas sobre cómo te va con tu tratamiento. Tus respuestas llegan a tu clínico antes de cada cita, para que la consulta se centre en lo que te importa.

    Qué se guarda: tus respuestas y lo que escribas aquí, con la fecha. De Telegram solo guardo el número de este chat y tu idioma.

    Importante: nadie lee estos mensajes en tiempo real. Si estás en peligro o piensas en hacerte daño, llama ahora al número de emergencias de tu zona o ve al servicio de urgencias más cercano.

    Privacidad: tu teléfono puede mostrar vistas previas de los mensajes en la pantalla de bloqueo. Puedes desactivarlas en los ajustes de notificaciones de Telegram y borrar este chat cuando quieras.

    Puedes dejarlo cuando quieras. ¿Aceptas participar?
enrol-accept = Sí, acepto
enrol-decline = No, gracias
enrol-accepted-record = ✓ Has aceptado participar.
enrol-declined-record = Has decidido no participar.
enrol-declined =
    Está bien, de verdad. No se ha guardado nada sobre ti.
    Si cambias de opinión, vuelve a abrir el mismo enlace.
enrol-welcome =
    Gracias, ya está todo listo. { $clinic } te enviará de vez en cuando unas preguntas breves.
    Escribe /help cuando quieras ver lo que puedo hacer.
enrol-clinician-confirm =
    ¡Hola! Este enlace conecta este chat de Telegram con tu cuenta de clínico en { $clinic }.
    Aquí recibirás los resúmenes previos a las citas y los avisos urgentes sobre tus pacientes. ¿Continuar?
enrol-clinician-welcome =
    Listo: este chat ya está conectado a tu cuenta de clínico. Los resúmenes y avisos llegarán aquí.
enrol-already = Ya estás conectado. Escribe /help para ver lo que puedo hacer.
enrol-no-token =
    ¡Hola! Para unirte, abre el enlace personal que te dio tu centro.
    Si no lo tienes, pide uno nuevo a tu centro.
enrol-invalid =
    Lo siento, no reconozco ese enlace. Comprueba que lo has abierto completo
    o pide uno nuevo a tu centro.
enrol-expired = Lo siento, este enlace ha caducado. Pide uno nuevo a tu centro.
enrol-used = Este enlace ya se ha usado. Si no fuiste tú, avisa a tu centro.
enrol-revoked = Este enlace ya no es válido. Pide uno nuevo a tu centro.
enrol-taken = Este enlace ya se ha usado. Si no fuiste tú, avisa a tu centro.
enrol-link-closed = Esta invitación está cerrada.
enrol-how =
    ¡Hola! Este es un servicio privado de seguimiento para pacientes de { $clinic }.
    Para unirte, abre el enlace personal que te dio tu centro. Si no lo tienes, pídelo a tu centro.
error-generic = Lo siento, algo ha fallado por mi parte. Inténtalo de nuevo dentro de un rato.

## Comandos y respuestas para pacientes

patient-help =
    Esto es lo que puedo hacer:
    /checkin – responder a unas preguntas que te esperan
    /language – cambiar el idioma
    /pause – tomarte un descanso de las preguntas
    /resume – volver a recibir las preguntas
    /stop – dejar de recibir mensajes míos
    /sos – ayuda ahora y tu plan de seguridad
    /safetyplan – escribir tu plan de seguridad
    /mydata – recibir una copia de todo lo guardado sobre ti
    /delete – borrar tus respuestas y mensajes
    /help – ver esta lista

    También puedes escribirme cuando quieras. Guardo tu mensaje para que tu equipo lo lea antes de tu próxima cita.
    Recuerda: nadie lee estos mensajes en tiempo real. Si estás en peligro o piensas en hacerte daño, llama ahora al número de emergencias de tu zona.
patient-note-saved =
    Gracias, he guardado tu mensaje para tu equipo. Lo verán antes de tu próxima cita.
    Nadie lee estos mensajes en tiempo real: si es algo urgente, contacta con tu centro, o con el número de emergencias si estás en peligro.
patient-text-only = Lo siento, solo puedo leer mensajes de texto. Escribe lo que quieras contarme.
patient-language-choose = ¿En qué idioma prefieres que te escriba?
patient-language-set = Hecho, a partir de ahora te escribiré en { $language }.
patient-paused = Las preguntas están en pausa. Escribe /resume cuando quieras retomarlas. Tu equipo sabrá que te has tomado un descanso.
patient-already-paused = Las preguntas ya están en pausa. Escribe /resume para retomarlas.
patient-resumed = ¡Bienvenido/a de nuevo! Las preguntas volverán según lo previsto.
patient-not-paused = Las preguntas ya están activas.
patient-stop-confirm = ¿Quieres dejar de recibir todos los mensajes de este servicio? Tu equipo sabrá que lo has dejado.
patient-stop-yes = Sí, parar todo
patient-stop-no = No, seguir
patient-stopped = Se han detenido todos los mensajes. Si algún día quieres volver, escribe /resume.
patient-stop-kept = De acuerdo, no ha cambiado nada.

## Menú de comandos

cmd-checkin = Responder preguntas pendientes
cmd-language = Cambiar el idioma
cmd-pause = Pausar las preguntas
cmd-resume = Retomar las preguntas
cmd-stop = Dejar de recibir mensajes
cmd-digest = El resumen de un paciente ahora
cmd-patients = Los pacientes del centro
cmd-web = Abrir Rapport en el navegador
cmd-help = Qué puedo hacer

## Clínicos

clinician-help =
    Este chat recibe los resúmenes previos a las citas y los avisos urgentes sobre tus pacientes.
    Escribe /digest para ver ahora el resumen de un paciente.
    Escribe /web para recibir un enlace a la vista web de Rapport.
clinician-choose-patient = ¿De qué paciente quieres ver el resumen?
clinician-no-patients = Todavía no tienes pacientes en Rapport.
clinician-not-yours = Ese resumen no está disponible.

## La vista web (un enlace de /web)

web-link =
    Enlace a la vista web de Rapport: { $url }
    Funciona una sola vez y durante 10 minutos. Es personal: quien lo use primero entra en su nombre.

## Los datos del paciente

privacy-mydata = Aquí tienes todo lo que Rapport ha guardado sobre ti: un archivo para ordenadores (JSON) y otro que puedes leer.
privacy-delete-confirm = ¿Quieres borrar todo lo que me has contado (tus respuestas y mensajes) y desconectar este chat? No se puede deshacer. Tu equipo sabrá que has borrado tus datos.
privacy-delete-yes = Sí, borrarlo todo
privacy-delete-no = No, mantenerlo
privacy-delete-kept = De acuerdo, no se ha borrado nada.
privacy-deleted = Hecho: tus respuestas y mensajes están borrados y este chat está desconectado. También puedes vaciar este chat en Telegram. Cuídate.
cmd-mydata = Recibir una copia de tus datos
cmd-delete = Borrar tus datos

## Enrolment guard

enrol-slow-down = Son muchos intentos en poco tiempo. Espera una hora o pide ayuda a tu centro.
enrol-code-ask = Gracias. Escribe el código corto que te dio tu centro (en papel o por teléfono).
enrol-code-wrong = Ese código no coincide. Compruébalo e inténtalo de nuevo (te { $left ->
        [one] queda { $left } intento
       *[other] quedan { $left } intentos
    }).
enrol-code-void = El código no ha coincidido demasiadas veces, así que este enlace ya no funciona. Pide a tu centro un enlace y un código nuevos.
