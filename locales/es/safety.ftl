## Seguridad: respuestas de crisis, plan de seguridad, avisos a clínicos.

safety-crisis-reply =
    Gracias por contármelo. Lo que estás pasando suena muy duro y mereces apoyo ahora mismo.
    Tu equipo sabrá de tu mensaje, pero por favor no esperes a que te contesten.
safety-medical-reply =
    Lo que describes puede ser una reacción seria a un medicamento. Contacta ahora con tu centro. Si te parece grave o te encuentras muy mal, llama al número de emergencias.
safety-resources-default =
    Si estás en peligro o podrías hacer caso a esos pensamientos, llama ahora al 112 (o al número de emergencias de tu país) o ve a urgencias. En España también puedes llamar al 024, la línea de atención a la conducta suicida.
safety-not-monitored = Recuerda: nadie lee estos mensajes en tiempo real.
safety-plan-heading = Tu plan de seguridad:
safety-plan-warning-signs = Señales de alarma
safety-plan-helps = Lo que me ayuda
safety-plan-people = Personas y lugares
safety-plan-safer = Hacer mi entorno más seguro
safety-plan-contacts = Profesionales a quien llamar
safety-plan-saved = Gracias. Tu plan de seguridad está guardado: escribe /sos cuando quieras verlo.
safety-alert-crisis = Urgente: { $patient } ha escrito algo que puede indicar riesgo.
safety-alert-medical = Urgente: { $patient } puede tener una reacción grave a la medicación, o la ha dejado de golpe.
safety-alert-idiomatic = Posible expresión hecha: las palabras detectadas pueden ser una forma de hablar ("me muero de ganas…"); compruébalo.
safety-alert-footer = Al paciente se le han dado recursos de crisis. Sigue el procedimiento de contacto urgente de tu centro.
safety-alert-undelivered = No se ha podido confirmar que esta alerta llegara al clínico del paciente. Asegúrate de que se entere.
safety-category-suicidal = Posibles pensamientos suicidas
safety-category-self-harm = Posibles autolesiones
safety-category-overdose = Posible sobredosis
safety-category-stopped-all = Abandono brusco de la medicación
safety-category-severe-reaction = Posible reacción grave
cmd-sos = Ayuda ahora y tu plan de seguridad
cmd-safetyplan = Escribir tu plan de seguridad

## El plan de seguridad guiado (dialogs/safety_plan.toml)

dlg-safety-plan-title = Tu plan de seguridad
dlg-safety-plan-warning-signs = ¿Qué señales te avisan de que puede empezar un momento difícil? (pensamientos, sentimientos, cosas que haces)
dlg-safety-plan-helps = ¿Qué te ayuda a sobrellevarlo, aunque sea un poco? (cosas que puedes hacer tú solo/a)
dlg-safety-plan-people = ¿Qué personas o lugares te ayudan a despejarte?
dlg-safety-plan-safer = ¿Qué podría hacer tu entorno más seguro cuando las cosas van mal?
dlg-safety-plan-contacts = ¿A qué profesionales o servicios puedes llamar? (nombres y teléfonos)
