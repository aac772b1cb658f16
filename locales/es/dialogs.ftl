# Contenido de los diálogos: títulos, preguntas, opciones y extremos de las escalas.
# Para pacientes: palabras sencillas, de tú, sin términos clínicos ni nombres de fármacos.
# Si cambia el sentido clínico de un mensaje, dale un id nuevo.

## Extremos de las escalas (se muestran como "0 = …, 10 = …")

dlg-anchor-not-at-all = nada
dlg-anchor-a-great-deal = muchísimo
dlg-anchor-very-much = mucho
dlg-anchor-completely = totalmente
dlg-anchor-not-worried = no me preocupa
dlg-anchor-very-worried = me preocupa mucho
dlg-anchor-not-ready = todavía no
dlg-anchor-completely-ready = del todo
dlg-anchor-very-bad = muy mal
dlg-anchor-very-good = muy bien
dlg-anchor-as-bad-as-they-get = lo peor posible
dlg-anchor-no-trouble = ningún problema
dlg-anchor-not-going-well = nada bien
dlg-anchor-going-very-well = muy bien

## Cómo se toma la medicación (adherence.dose_change)

dlg-dose-as-prescribed = Tal como me la recetaron
dlg-dose-took-less = Menos de lo recetado
dlg-dose-took-more = Más de lo recetado
dlg-dose-skipped-on-purpose = Me salto algunas dosis a propósito
dlg-dose-stopped = He dejado de tomarla

## Motivos de dosis saltadas o cambiadas (adherence.reason)

dlg-reason-forgot = Se me olvidó
dlg-reason-side-effects = Efectos secundarios
dlg-reason-felt-better = Me sentía mejor
dlg-reason-felt-worse = Me sentía peor
dlg-reason-not-needed = Sentí que no la necesitaba
dlg-reason-dont-want-to-depend = No quiero depender de ella
dlg-reason-ran-out-or-cost = Se me acabó, o es muy cara
dlg-reason-someone-advised = Alguien me lo aconsejó
dlg-reason-not-helping = No me estaba ayudando
dlg-reason-others-know = No quería que otros se enteraran
dlg-reason-test-need = Para ver si todavía la necesito
dlg-reason-other = Otra cosa

## Efectos secundarios (side_effects.present, side_effects.burden)

dlg-side-effects-which = ¿Cuáles de estos has notado? Elige todos los que encajen.
dlg-side-effects-bother = ¿Cuánto te molestan?
dlg-se-sleepy = Sueño o cansancio
dlg-se-trouble-sleeping = Problemas para dormir
dlg-se-restless = Nervios o inquietud
dlg-se-shaky = Temblores
dlg-se-dizzy = Mareos
dlg-se-headache = Dolores de cabeza
dlg-se-stomach = Molestias de estómago
dlg-se-dry-mouth = Boca seca
dlg-se-appetite-weight = Cambios de apetito o de peso
dlg-se-sexual = Cambios en el deseo o la vida sexual
dlg-se-emotionally-flat = Emociones apagadas
dlg-se-foggy = Me cuesta pensar con claridad
dlg-se-other = Otra cosa
dlg-se-none = No tengo ninguno

## Primera conversación

dlg-intake-title = Para empezar
dlg-intake-taking-now = Empecemos por algo sencillo. Ahora mismo, ¿cómo estás tomando tu medicación?
dlg-intake-other-medicines = ¿Tomas algo más que quizá no sepa la persona que te receta la medicación? Por ejemplo, otros medicamentos, remedios de hierbas o suplementos.
dlg-intake-other-medicines-which = ¿Qué más tomas? Puedes contarlo con tus palabras. Si sabes los nombres y las cantidades, mejor.
dlg-intake-benefit = ¿Cuánto crees que te va a ayudar la medicación?
dlg-intake-need = ¿Hasta qué punto sientes que necesitas esta medicación para estar bien?
dlg-intake-harm-worry = ¿Cuánto te preocupa que la medicación te haga daño o te dé efectos secundarios?
dlg-intake-dependency = ¿Cuánto te preocupa acabar dependiendo demasiado de la medicación, o no poder dejarla?
dlg-intake-identity = ¿Cuánto te preocupa que la medicación cambie tu forma de ser? Por ejemplo, que te apague por dentro o que dejes de sentirte tú.
dlg-intake-readiness = Ahora mismo, ¿hasta qué punto estás dispuesto/a a hacer cambios que te ayuden a estar mejor?
dlg-intake-heard = ¿Cuánto sientes que la persona que te receta la medicación te escucha y te entiende? Si todavía no has hablado con ella, puedes saltarte esta pregunta.
dlg-intake-agreement = ¿Hasta qué punto estás de acuerdo con la persona que te receta la medicación sobre el plan de tu tratamiento? Si todavía no se ha hablado de un plan, puedes saltarte esta pregunta.
dlg-intake-pressure = ¿Cuánto sientes que te presionan o te controlan en lo que tiene que ver con tu medicación?
dlg-intake-past-intolerance = ¿Alguna vez has dejado de tomar un medicamento por sus efectos secundarios?
dlg-intake-past-intolerance-which = ¿Qué medicamentos eran y qué pasó? Con unas pocas palabras basta.
dlg-intake-wary = ¿Hasta qué punto experiencias pasadas con médicos o medicamentos te han hecho desconfiar?
dlg-intake-miss-anything = Incluso cuando la vida es difícil, hay cosas de cómo estamos ahora que pueden seguir importándonos. ¿Hay algo que podrías echar de menos de cómo están las cosas ahora?
dlg-intake-might-lose = Imagina que tu tratamiento funcionara del todo. ¿Hay algo que podrías perder, echar de menos o que se te haría difícil? Escribe tanto o tan poco como quieras: no hay respuestas equivocadas.
dlg-intake-note = ¿Hay algo más que te gustaría que supiera la persona que te receta la medicación? Si quieres, puedes escribirlo aquí.

## Repaso semanal

dlg-weekly-title = Repaso de la semana
dlg-weekly-days-missed = En los últimos 7 días, ¿cuántos días dejaste de tomar al menos una dosis? Le pasa a mucha gente. Una respuesta sincera es lo que más ayuda.
dlg-weekly-dose-change = En los últimos 7 días, ¿cómo has estado tomando tu medicación?
dlg-weekly-reasons = ¿Qué te llevó a eso? Elige todo lo que encaje. Todos los motivos cuentan y ninguno está mal.
dlg-weekly-anything-new = En los últimos 7 días, ¿has notado algo nuevo o diferente en tu cuerpo o en tu mente?
dlg-weekly-harm-worry = Ahora mismo, ¿cuánto te preocupa que tu medicación te pueda hacer daño?
dlg-weekly-symptoms = Desde la última vez, las dificultades por las que recibes ayuda, ¿han ido a mejor o a peor?
dlg-weekly-daily-life = ¿Y tu día a día? El trabajo o los estudios, el tiempo con otras personas, hacer lo que tenías pensado. Desde la última vez, ¿ha ido a mejor o a peor?
dlg-weekly-heard = Ahora mismo, ¿cuánto sientes que la persona que te receta la medicación te escucha y te entiende?
dlg-weekly-pressure = Ahora mismo, ¿cuánto sientes que te presionan o te controlan en lo que tiene que ver con tu medicación?
dlg-weekly-extra-for-feelings = En los últimos 7 días, ¿tomaste una dosis de más, o una que no tenías prevista, para sobrellevar un sentimiento como tristeza, soledad, estrés o enfado? Las dosis tomadas como te indicaron (también las de «cuando lo necesites») no cuentan aquí.
dlg-weekly-want-more = Ahora mismo, ¿te gustaría tener más medicación o una dosis más alta?
dlg-weekly-note = ¿Hay algo más que te gustaría que supiera la persona que te receta la medicación? Si quieres, puedes escribirlo aquí.

## Revisión diaria

dlg-daily-title = Revisión rápida
dlg-daily-took-today = ¿Has tomado hoy tu medicación?
dlg-daily-took-yes = Sí
dlg-daily-took-not-yet = Todavía no
dlg-daily-took-no = Hoy no
dlg-daily-mood = ¿Cómo te sientes hoy?

## Antes de una cita

dlg-pre-visit-title = Antes de tu cita
dlg-pre-visit-topics = Se acerca tu próxima cita. ¿De qué te gustaría hablar? Con unas pocas palabras basta.
dlg-pre-visit-untold = Hay cosas que cuesta decir en persona. ¿Hay algo que todavía no hayas podido contarle a la persona que te receta la medicación? Lo leerá antes de tu cita.
dlg-pre-visit-benefit = De aquí en adelante, ¿cuánto crees que te va a ayudar tu medicación?
dlg-pre-visit-harm-worry = ¿Y cuánto te preocupa que tu medicación te pueda hacer daño?
dlg-pre-visit-heard = ¿Cuánto sientes que la persona que te receta la medicación te escucha y te entiende?

## Después de un cambio en la medicación

dlg-post-change-title = Cómo va el cambio
dlg-post-change-taking = Desde que cambiaron tu medicación, ¿cómo la has estado tomando?
dlg-post-change-reasons = ¿Qué te llevó a eso? Elige todo lo que encaje. Todos los motivos cuentan.
dlg-post-change-anything-new = Desde el cambio, ¿has notado algo nuevo o diferente en tu cuerpo o en tu mente?
dlg-post-change-benefit = ¿Cuánto crees que te va a ayudar el cambio?
dlg-post-change-note = ¿Hay algo sobre el cambio que te gustaría que supiera la persona que te receta la medicación? Si quieres, puedes escribirlo aquí.

## Preguntas de varias conversaciones (niveles, la lista de ahora, preguntas de seguimiento)

dlg-symptoms-level = Ahora mismo, ¿cómo están las dificultades por las que recibes ayuda?
dlg-daily-life-level = Ahora mismo, ¿cómo va tu día a día? El trabajo o los estudios, el tiempo con otras personas, hacer lo que tenías pensado.
dlg-baseline-which = ¿Cuáles de estos tienes ahora mismo, sea cual sea la causa? Elige todos los que encajen.
dlg-prescriber-knows = ¿Sabe la persona que te receta la medicación que la estás tomando así?
dlg-attribution = ¿Qué crees que lo ha causado?
dlg-attribution-medicine = Mi medicación
dlg-attribution-something-else = Otra cosa
dlg-attribution-not-sure = No estoy seguro/a
dlg-which-feeling = ¿Qué sentimientos eran? Elige todos los que encajen.
dlg-feeling-sadness = Tristeza
dlg-feeling-loneliness = Soledad
dlg-feeling-stress = Estrés o preocupación
dlg-feeling-anger = Enfado
dlg-feeling-sleep = Para poder dormir
dlg-feeling-other = Otra cosa
dlg-want-more-hope = ¿Qué esperas que cambiaría con más medicación? Elige todo lo que encaje.
dlg-hope-symptoms-gone = Se irían mis dificultades
dlg-hope-sleep = Dormiría mejor
dlg-hope-calm = Estaría más tranquilo/a
dlg-hope-feel-nothing = No sentiría tanto
dlg-hope-cope-with-people = Llevarme mejor con la gente
dlg-hope-other = Otra cosa
