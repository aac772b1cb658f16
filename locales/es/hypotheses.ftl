## Hipótesis del resumen previo a la visita (para el clínico). Cada una tiene un título (lo que
## se observó, no una etiqueta) y una pregunta para abrir la visita, con su principio escrito en
## palabras. Los puntos son líneas breves de evidencia; los argumentos de lista ($effects,
## $changes, $reasons, $feelings, $hopes) llegan ya traducidos con las etiquetas
## hypothesis-value-* de abajo, unidos por ", ".

## Títulos y preguntas de apertura

hypothesis-adverse-effect-after-change-title = Efectos secundarios nuevos desde un cambio de medicación
hypothesis-adverse-effect-after-change-question = Evite separar mente y cuerpo, y revise primero el fármaco (dosis, momento, su perfil conocido): «Desde el cambio, ¿cuándo empezó esto, en qué momento del día es peor y cómo es comparado con antes?»

hypothesis-nonadherence-title = Dosis olvidadas o no tomadas
hypothesis-nonadherence-question = Conozca a su paciente: «¿Qué pasa los días en que no se toma la medicación?»

hypothesis-self-adjusted-dose-title = Cambió la dosis por su cuenta
hypothesis-self-adjusted-dose-question = Aborde la resistencia pronto y sin reproches: «Ha ido buscando su propia dosis. ¿Qué ha notado y qué esperaba conseguir?»

hypothesis-intentional-nonadherence-title = Dosis saltadas o cambiadas a propósito
hypothesis-intentional-nonadherence-question = Atienda los sentimientos encontrados sobre el tratamiento: «¿Qué hizo que le pareciera bien tomarla de otra manera, y qué significa para usted tomarla?»

hypothesis-taking-less-title = Toma menos de lo prescrito
hypothesis-taking-less-question = Conozca a su paciente: «¿Qué pasa los días en que toma menos, o nada?»

hypothesis-taking-less-on-purpose-title = Toma menos de lo prescrito, a propósito
hypothesis-taking-less-on-purpose-question = Aborde la resistencia pronto y sin reproches: «Decidió tomar menos. ¿Qué esperaba que pasara, y qué significa para usted tomarla?»

hypothesis-taking-more-title = Toma más de lo prescrito
hypothesis-taking-more-question = Fíjese en usos de la medicación que pueden ir contra el tratamiento: «Cuando toma más de lo acordado, ¿qué hace por usted esa dosis extra?»

hypothesis-nocebo-pattern-title = Efectos secundarios con mucha preocupación
hypothesis-nocebo-pattern-question = Considere primero las causas farmacológicas (dosis, momento, el perfil conocido del fármaco); evite separar mente y cuerpo: la preocupación puede hacer reales los efectos, no imaginarios. Después: «¿Qué es lo que más le preocupa que esta medicina le pueda hacer?»

hypothesis-distrust-control-title = Se siente no escuchado/a y presionado/a
hypothesis-distrust-control-question = Aborde pronto los sentimientos negativos hacia el tratamiento: «Parece que las decisiones sobre su medicación no se han sentido suyas. ¿Qué querría que fuera distinto?»

hypothesis-low-alliance-title = El trabajo conjunto se siente más débil
hypothesis-low-alliance-question = Conozca a su paciente: «¿Cómo ha sido trabajar esto conmigo, y qué le ayudaría a sentirse más escuchado/a?»

hypothesis-unheard-pressured-title = Se siente no escuchado/a y presionado/a, y la alianza es baja
hypothesis-unheard-pressured-question = Aborde pronto los sentimientos negativos hacia el tratamiento: «Parece que se ha sentido empujado/a y poco escuchado/a. ¿Qué debería entender mejor?»

hypothesis-symptom-function-gap-title = Mejores síntomas, la vida diaria no
hypothesis-symptom-function-gap-question = Fíjese en usos de la medicación que pueden ir contra el tratamiento: «Se siente mejor, pero su día a día no ha cambiado. ¿Qué querría que cambiara que aún no ha cambiado?»

hypothesis-defensive-use-title = Dosis extra para afrontar sentimientos
hypothesis-defensive-use-question = Fíjese en usos de la medicación que pueden ir contra el tratamiento: «Cuando toma una dosis extra, ¿qué sentimiento intenta atravesar?»

hypothesis-escalation-seeking-title = Pide más medicación
hypothesis-escalation-seeking-question = Fíjese en su propio impulso de añadir o subir: «Si una dosis mayor funcionara perfectamente, ¿qué sería distinto en su vida?»

hypothesis-relying-on-medicine-title = Se apoya en la medicación mientras la vida sigue estancada
hypothesis-relying-on-medicine-question = Fíjese en usos de la medicación que pueden ir contra el tratamiento: «Si la medicina hiciera todo lo que espera, ¿qué estaría haciendo que ahora no hace?»

hypothesis-beliefs-gap-title = Las preocupaciones pesan más que la necesidad sentida de la medicación
hypothesis-beliefs-gap-question = Conozca a su paciente: «¿Qué siente que hace esta medicina por usted, y qué le preocupa de tomarla?»

hypothesis-medication-fears-title = Miedos sobre lo que la medicación le hace
hypothesis-medication-fears-question = Conozca a su paciente: «A algunas personas les preocupa que una medicina las haga dependientes o cambie quiénes son. ¿Cómo es para usted?»

hypothesis-low-expectation-title = Espera poco de la medicación
hypothesis-low-expectation-question = Conozca a su paciente: «¿Qué esperaba que hiciera esta medicina, y qué le hace dudar de que lo haga?»

hypothesis-doubts-about-medicine-title = Las dudas sobre la medicación pesan más que la necesidad
hypothesis-doubts-about-medicine-question = Conozca a su paciente: «¿Qué siente que hace esta medicina por usted, y qué le preocupa de ella?»

hypothesis-low-readiness-title = Sin disposición a cambios por ahora
hypothesis-low-readiness-question = Atienda los sentimientos encontrados sobre mejorar: «¿Qué tendría que ser distinto para que un cambio valiera la pena ahora mismo?»

hypothesis-symptom-loss-ambivalence-title = Algo que echaría de menos si mejorara
hypothesis-symptom-loss-ambivalence-question = Atienda los sentimientos encontrados sobre perder los síntomas: «Al principio mencionó algo que podría echar de menos si las cosas mejoraran. ¿Podemos hablar de eso?»

hypothesis-mixed-feelings-about-change-title = Sentimientos encontrados sobre mejorar
hypothesis-mixed-feelings-about-change-question = Atienda los sentimientos encontrados sobre perder los síntomas: «¿Qué cambiaría para usted si mejorara, y hay algo de eso que le resulte difícil?»

hypothesis-disengagement-title = Controles sin responder
hypothesis-disengagement-question = Conozca a su paciente: «Le ha costado seguir con los controles. ¿Qué se lo ha impedido, o qué hizo que no valieran la pena?»

hypothesis-polypharmacy-title = Muchos psicofármacos a la vez
hypothesis-polypharmacy-question = Vigile su propio impulso como prescriptor de añadir más: «De todas las medicinas que toma, ¿cuáles siente que le ayudan y cuál le gustaría más dejar?»

## Puntos (líneas breves de evidencia)

hypothesis-point-missed-days = días sin tomarla { $series }
hypothesis-point-dose-changed = cambio de dosis por su cuenta: { $changes }{ $knows ->
        [aware] {" "}(el prescriptor lo sabe)
        [unaware] {" "}(el prescriptor no lo sabe)
        [unsure] {" "}(no sabe si el prescriptor lo sabe)
       *[unasked] {""}
    }
hypothesis-point-reasons = a propósito: { $reasons }
hypothesis-point-worry-effects = { $harm ->
        [0] {""}
       *[other] preocupación { $harm }/10 ·{" "}
    }efectos secundarios: { $effects } ({ $since ->
        [change] nuevos desde el cambio
        [baseline] nuevos respecto a su situación inicial
       *[start] sin situación inicial registrada
    })
hypothesis-point-change = { $kind ->
        [start] { $drug } iniciado a { $after }
        [stop] { $drug } suspendido
       *[other] { $drug } { $before } → { $after }
    }, { $days ->
        [0] el día en que comunicó los efectos
        [one] un día antes de comunicar los efectos
       *[other] { $days } días antes de comunicar los efectos
    }
hypothesis-point-prior = { $prior ->
        [intolerance] ya dejó medicamentos por efectos secundarios
        [wary] desconfía por la atención previa ({ $wary }/10)
       *[distrust] se siente poco escuchado/a ({ $heard }/10) y presionado/a ({ $pressure }/10)
    }
hypothesis-point-heard-pressure = escuchado/a { $heard }/10 · presión { $pressure }/10
hypothesis-point-levels = síntomas { $symptoms } · vida diaria { $function } (0–10, más alto es mejor)
hypothesis-point-extra-doses = dosis extra para sentimientos en { $checkins ->
        [one] un control
       *[other] { $checkins } controles
    }
hypothesis-point-extra-doses-for = dosis extra para sentimientos en { $checkins ->
        [one] un control
       *[other] { $checkins } controles
    }: { $feelings }
hypothesis-point-wants-more = quiere más medicación en { $checkins ->
        [one] un control
       *[other] { $checkins } controles
    }
hypothesis-point-wants-more-for = quiere más medicación en { $checkins ->
        [one] un control
       *[other] { $checkins } controles
    }, esperando: { $hopes }
hypothesis-point-loss-words = al inicio, lo que podría perder: { $words }
hypothesis-point-beliefs = necesidad sentida { $necessity }/10 · preocupaciones { $concern }/10
hypothesis-point-checkins = respondió { $answered } de { $sent } controles · perdió { $missed }{ $reach ->
        [blocked] {" "}· ha bloqueado el bot
       *[reachable] {""}
    }

## Valores de opciones tal como los muestran los puntos

hypothesis-value-side-effects-present-sleepy = somnolencia
hypothesis-value-side-effects-present-trouble-sleeping = insomnio
hypothesis-value-side-effects-present-restless = inquietud
hypothesis-value-side-effects-present-shaky = temblor
hypothesis-value-side-effects-present-dizzy = mareo
hypothesis-value-side-effects-present-headache = dolor de cabeza
hypothesis-value-side-effects-present-stomach = molestias de estómago
hypothesis-value-side-effects-present-dry-mouth = boca seca
hypothesis-value-side-effects-present-appetite-weight = cambio de apetito o peso
hypothesis-value-side-effects-present-sexual = efectos sexuales
hypothesis-value-side-effects-present-emotionally-flat = aplanamiento emocional
hypothesis-value-side-effects-present-foggy = pensamiento nublado
hypothesis-value-side-effects-present-other = otro
hypothesis-value-adherence-dose-change-as-prescribed = según lo prescrito
hypothesis-value-adherence-dose-change-took-less = tomó menos
hypothesis-value-adherence-dose-change-took-more = tomó más
hypothesis-value-adherence-dose-change-skipped-on-purpose = saltó dosis a propósito
hypothesis-value-adherence-dose-change-stopped = la dejó
hypothesis-value-adherence-reason-forgot = olvido
hypothesis-value-adherence-reason-side-effects = efectos secundarios
hypothesis-value-adherence-reason-felt-better = se sentía mejor
hypothesis-value-adherence-reason-felt-worse = se sentía peor
hypothesis-value-adherence-reason-not-needed = le parecía innecesaria
hypothesis-value-adherence-reason-dont-want-to-depend = no quiere depender de ella
hypothesis-value-adherence-reason-ran-out-or-cost = se le acabó o por el coste
hypothesis-value-adherence-reason-someone-advised = alguien se lo aconsejó
hypothesis-value-adherence-reason-not-helping = no le ayudaba
hypothesis-value-adherence-reason-others-know = no quería que otros lo supieran
hypothesis-value-adherence-reason-test-need = para ver si aún la necesita
hypothesis-value-adherence-reason-other = otro
hypothesis-value-use-feeling-sadness = tristeza
hypothesis-value-use-feeling-loneliness = soledad
hypothesis-value-use-feeling-stress = estrés
hypothesis-value-use-feeling-anger = enfado
hypothesis-value-use-feeling-sleep = para dormir
hypothesis-value-use-feeling-other = otro
hypothesis-value-want-more-hope-symptoms-gone = que desaparezcan los síntomas
hypothesis-value-want-more-hope-sleep = dormir mejor
hypothesis-value-want-more-hope-calm = calma
hypothesis-value-want-more-hope-feel-nothing = no sentir nada
hypothesis-value-want-more-hope-cope-with-people = llevarse con la gente
hypothesis-value-want-more-hope-other = otro
