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
