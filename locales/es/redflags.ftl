## Señales de alarma de la medicación (bot/domain/redflags.toml). Para el paciente: palabras
## sencillas y tranquilas. Las opciones de alarma de la lista de efectos y las preguntas extra.

dlg-se-rash = Un sarpullido, o llagas en la boca
dlg-se-fever = Fiebre o dolor de garganta
dlg-se-vomiting = Vómitos o diarrea
dlg-se-stiff = Músculos rígidos
dlg-se-confusion = Confusión, o inestable al andar
dlg-se-jaundice = Orina oscura u ojos amarillos
dlg-se-akathisia = No puedo quedarme quieto
dlg-se-dying-thoughts = Cuando no puedes quedarte quieto, ¿tienes también pensamientos de morir o de quitarte la vida?
dlg-dose-which-medicine = ¿Qué medicamento era?
dlg-dose-how-much-more = ¿Cuánto más tomaste?
dlg-extra-one = Una dosis de más
dlg-extra-a-few = Unas pocas dosis de más
dlg-extra-much-more = Mucho más, o muchas pastillas a la vez
dlg-dose-since-when = ¿Cuándo empezó?
dlg-since-today = Hoy
dlg-since-days-1-2 = Hace 1 o 2 días
dlg-since-days-3-7 = Hace 3 a 7 días
dlg-since-over-week = Hace más de una semana

## La respuesta de cada señal: qué hacer ahora, y lo que no hay que hacer.

safety-flag-rash =
    Gracias por contármelo. Un sarpullido nuevo o llagas en la boca tienen que verlos hoy.
    Por favor, contacta hoy con tu clínica. Si el sarpullido se extiende rápido, salen ampollas, o también tienes fiebre o los ojos irritados, llama a tu número local de emergencias.
    No esperes a ver si se va solo.
safety-flag-fever =
    Gracias por contármelo. Con algunos medicamentos, la fiebre o el dolor de garganta necesitan un análisis de sangre rápido.
    Por favor, contacta hoy con tu clínica. Si te encuentras muy mal, llama a tu número local de emergencias.
    No esperes a ver si se pasa.
safety-flag-vomiting =
    Gracias por contármelo. Los vómitos o la diarrea pueden cambiar cómo actúan algunos medicamentos en tu cuerpo.
    Por favor, contacta hoy con tu clínica. Si además te sientes confundido, tiemblas mucho o no retienes el agua, llama a tu número local de emergencias.
    No tomes dosis de más para compensar las que perdiste.
safety-flag-stiff =
    Gracias por contármelo. Los músculos rígidos pueden ser una reacción a un medicamento.
    Por favor, contacta hoy con tu clínica. Si además tienes fiebre, sudas mucho o te sientes confundido, llama ahora a tu número local de emergencias.
    No esperes a que se pase.
safety-flag-confusion =
    Gracias por contármelo. Sentirte confundido o inestable puede ser señal de que un medicamento es demasiado fuerte para ti ahora.
    Por favor, contacta hoy con tu clínica. Si empeora, llama a tu número local de emergencias.
    No conduzcas, y procura no quedarte solo: pide a alguien que esté contigo.
safety-flag-jaundice =
    Gracias por contármelo. La orina oscura o los ojos amarillos pueden significar que hay que revisar tu hígado.
    Por favor, contacta hoy con tu clínica. Si además tienes un dolor fuerte de barriga o vomitas, llama a tu número local de emergencias.
    No bebas alcohol hasta hablar con ellos.
safety-flag-akathisia =
    Gracias por contármelo. Sentir que no puedes quedarte quieto puede venir de un medicamento, y tiene tratamiento.
    Por favor, contacta hoy con tu clínica.
    No cambies la dosis por tu cuenta: pregúntales antes. Si tienes pensamientos de hacerte daño, llama ahora a tu número local de emergencias.
safety-flag-twitching =
    Gracias por contármelo. Los tirones o sacudidas de los músculos, con sudor, pueden ser una reacción a un medicamento.
    Por favor, contacta hoy con tu clínica. Si además tienes fiebre, te sientes confundido o muy agitado, llama ahora a tu número local de emergencias.
    No tomes la siguiente dosis hasta hablar con ellos.
safety-flag-shaking =
    Gracias por contármelo. Temblar mucho puede ser señal de que un medicamento es demasiado fuerte para ti ahora.
    Por favor, contacta hoy con tu clínica. Si además te sientes confundido o vomitas, llama a tu número local de emergencias.
    No tomes dosis de más.
safety-flag-dystonia =
    Gracias por contármelo. El cuello, la mandíbula o los ojos trabados o torcidos pueden ser una reacción a un medicamento, y se tratan rápido.
    Por favor, contacta hoy con tu clínica. Si te cuesta tragar o respirar, llama ahora a tu número local de emergencias.
safety-flag-heart =
    Gracias por contármelo. El dolor en el pecho, el corazón acelerado o los desmayos hay que revisarlos hoy.
    Por favor, contacta hoy con tu clínica. Si el dolor es fuerte, te falta el aire o te desmayas, llama ahora a tu número local de emergencias.
    No esperes a ver si se pasa.
safety-flag-headache =
    Gracias por contármelo. Un dolor de cabeza muy fuerte y de repente puede ser grave con algunos medicamentos.
    Por favor, llama ahora a tu número local de emergencias y diles qué medicamentos tomas.
safety-flag-constipation =
    Gracias por contármelo. Con algunos medicamentos, pasar días sin poder ir al baño puede volverse grave.
    Por favor, contacta hoy con tu clínica. Si te duele mucho la barriga, la tienes hinchada o vomitas, llama a tu número local de emergencias.
safety-flag-ran-out =
    Gracias por contármelo. Dejar algunos medicamentos de golpe, aunque sea porque se acabaron, puede hacerte sentir mal.
    Por favor, contacta hoy con tu clínica o tu farmacia para conseguir más.
    Si te encuentras muy mal, tiemblas o te sientes confundido, llama a tu número local de emergencias.
safety-flag-took-more =
    Gracias por contármelo. Con algunos medicamentos, incluso un poco de más puede hacer daño, a veces horas después.
    Por favor, contacta ahora con tu clínica o con un servicio de información toxicológica, aunque te encuentres bien.
    No tomes la siguiente dosis hasta hablar con ellos.

## Para el equipo: el nombre de cada señal en una alerta, y la ventana que la hizo urgente.

alert-flag-rash = sarpullido o llagas en la boca
alert-flag-fever = fiebre o dolor de garganta
alert-flag-vomiting = vómitos o diarrea
alert-flag-stiff = rigidez muscular
alert-flag-confusion = confusión o inestabilidad
alert-flag-jaundice = orina oscura u ojos amarillos
alert-flag-akathisia = no puede quedarse quieto (acatisia)
alert-flag-twitching = sacudidas, espasmos o sudoración
alert-flag-shaking = temblor grueso
alert-flag-dystonia = cuello, mandíbula u ojos trabados (distonía)
alert-flag-heart = dolor torácico, taquicardia o desmayo
alert-flag-headache = cefalea intensa y súbita
alert-flag-constipation = estreñimiento grave
alert-flag-ran-out = se quedó sin medicación
alert-flag-stopped = dejó de tomarla
alert-flag-took-more = tomó más de lo recetado
alert-window-any = en cualquier momento con este medicamento
alert-window-named = el paciente nombró este medicamento
alert-window-stopped-recently = retirado en las dos últimas semanas
alert-window-first-8-weeks = en las primeras 8 semanas de tratamiento
alert-window-first-4-weeks = en las primeras 4 semanas de tratamiento
alert-window-rise-8-weeks = en las 8 semanas tras un inicio o una subida de dosis
alert-window-rise-4-weeks = en las 4 semanas tras un inicio o una subida de dosis
alert-window-stopped-over-2-days = suspendido más de 2 días: no reiniciar a la dosis anterior sin la clínica
safety-category-rash = Señal de alarma de la medicación
safety-category-fever = Señal de alarma de la medicación
safety-category-vomiting = Señal de alarma de la medicación
safety-category-stiff = Señal de alarma de la medicación
safety-category-confusion = Señal de alarma de la medicación
safety-category-jaundice = Señal de alarma de la medicación
safety-category-akathisia = Señal de alarma de la medicación
safety-category-twitching = Señal de alarma de la medicación
safety-category-shaking = Señal de alarma de la medicación
safety-category-dystonia = Señal de alarma de la medicación
safety-category-heart = Señal de alarma de la medicación
safety-category-headache = Señal de alarma de la medicación
safety-category-constipation = Señal de alarma de la medicación
safety-category-ran-out = Se quedó sin medicación
safety-category-thoughts-of-dying = Pensamientos de muerte

# A same-day red flag (level "same_day" in bot/domain/redflags.toml): a task, not an alert.
task-red-flag = Tarea para hoy: contacta con { $patient } en 24 horas (antes de { $due }) por una señal de alarma de su medicación.
digest-task-red-flag = Contactar en 24 horas por una señal de alarma de la medicación ({ $when }). Antes de { $due }.
