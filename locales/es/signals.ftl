## Señales de resistencia en el resumen previo a la consulta (para el clínico: aquí se admite
## vocabulario clínico, nunca en los textos para el paciente). Una señal es una hipótesis que
## explorar, no un hallazgo.
## Argumentos: los números son recuentos o puntuaciones de 0 a 10; $basis, $rising, $stopped y
## $blocked son valores de selección; $mean y $drop son decimales. Un 0 significa «sin respuesta»
## y nunca se muestra.

## Categorías, gravedad, evolución

signal-category-medical = Médico: efectos del propio fármaco
signal-category-attitudes = Actitudes ante la medicación
signal-category-resistance-to = Resistencia a la medicación
signal-category-resistance-from = Resistencia mediante la medicación
signal-category-alliance = Alianza terapéutica
signal-category-engagement = Participación
signal-category-prescriber = Prescriptor
signal-category-safety = Seguridad
signal-severity-high = Alta
signal-severity-moderate = Moderada
signal-severity-low = Baja
signal-trend-new = Nueva
signal-trend-persisting = Persiste
signal-trend-resolved = Resuelta

## Resistencia a la medicación

signal-nonadherence-title = Dosis omitidas
signal-nonadherence-summary = Omitió dosis hasta en { $days } de 7 días, en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }{ $rising ->
        [yes] , cada vez más
       *[no] {""}
    }
signal-nonadherence-suggestion = Pregunte, sin juzgar, qué ocurre los días en que no toma las dosis y qué significa para la persona tomar la medicación.

signal-self-adjusted-dose-title = Dosis modificada por su cuenta
signal-self-adjusted-dose-summary = Cambió la dosis por su cuenta en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }{ $stopped ->
        [yes] , incluso la suspendió
       *[no] {""}
    }
signal-self-adjusted-dose-suggestion = Explore qué buscaba al cambiar la dosis por su cuenta e invítele a decidir con usted el siguiente paso.

signal-intentional-nonadherence-title = Falta de adherencia intencional
signal-intentional-nonadherence-summary = Omitió o cambió dosis a propósito (no por olvido ni por coste) en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-intentional-nonadherence-suggestion = Antes de cambiar la pauta, explore las razones de esa decisión y lo que significan para la persona la medicación, la enfermedad o sentirse controlada.

signal-nocebo-pattern-title = Efectos secundarios con mucha preocupación
signal-nocebo-pattern-summary = { $effects ->
        [one] Un efecto secundario nuevo
       *[other] { $effects } efectos secundarios nuevos
    } { $baseline ->
        [yes] respecto a su situación inicial
       *[no] (sin situación inicial registrada)
    } y no explicados por un cambio reciente, { $basis ->
        [worry] con preocupación por posibles daños de { $harm }/10
        [prior] { $prior ->
            [intolerance] en alguien que ya dejó medicamentos por efectos secundarios
            [wary] en alguien a quien la atención previa volvió desconfiado/a
           *[distrust] mientras se siente no escuchado/a y presionado/a
        }
       *[both] con preocupación por posibles daños de { $harm }/10, { $prior ->
            [intolerance] en alguien que ya dejó medicamentos por efectos secundarios
            [wary] en alguien a quien la atención previa volvió desconfiado/a
           *[distrust] mientras se siente no escuchado/a y presionado/a
        }
    }
signal-nocebo-pattern-suggestion = Considere primero las causas farmacológicas (dosis, momento, el perfil conocido del fármaco). Después explore qué teme que le haga la medicación y de dónde viene ese miedo (daños pasados, cuidadores o autoridades que le fallaron), y acuerden juntos cómo manejar los efectos secundarios; la preocupación hace reales los efectos, no imaginarios.

signal-distrust-control-title = Desconfianza y sensación de control
signal-distrust-control-summary = No se siente escuchado/a (hasta { $heard }/10) y se siente presionado/a (hasta { $pressure }/10), en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-distrust-control-suggestion = Reconozca la sensación de presión y devuelva parte del control: pregunte qué espera de usted y ofrezca opciones reales.

signal-low-readiness-title = Poca disposición al cambio
signal-low-readiness-summary = Disposición al cambio de solo { $score }/10, en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-low-readiness-suggestion = Explore su ambivalencia sin presionar: qué haría que el tratamiento valiera la pena y qué hace difícil el cambio ahora.

signal-symptom-loss-ambivalence-title = Ambivalencia ante la pérdida de síntomas
signal-symptom-loss-ambivalence-summary = { $basis ->
        [said] En la entrevista inicial dijo que echaría algo de menos de cómo están las cosas
        [named] En la entrevista inicial nombró algo que podría perder si el tratamiento funcionara
       *[both] En la entrevista inicial dijo que echaría algo de menos y nombró qué podría perder
    }
signal-symptom-loss-ambivalence-suggestion = Explore con delicadeza qué le podría costar mejorar: qué protegen, expresan o hacen posible los síntomas.

signal-medication-fears-title = Temores ante la medicación
signal-medication-fears-summary = { $basis ->
        [dependency] Le preocupa volverse dependiente
        [identity] Le preocupa que la medicación cambie quién es
       *[both] Le preocupa la dependencia y que la medicación cambie quién es
    } (hasta { $score }/10), en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-medication-fears-suggestion = Pregunte qué significaría para la persona depender de la medicación o sentirse cambiada por ella, y hablen de lo que hace y lo que no hace.

signal-low-expectation-title = Baja expectativa de beneficio
signal-low-expectation-summary = Espera poco de la medicación (solo { $score }/10), en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-low-expectation-suggestion = Pregunte qué espera de la medicación y por qué; la falta de esperanza influye en la respuesta y merece explorarse antes de juzgar el fármaco.

## Médico

signal-adverse-effect-after-change-title = Efectos secundarios nuevos tras un cambio de medicación
signal-adverse-effect-after-change-summary = { $effects ->
        [one] Un efecto secundario nuevo
       *[other] { $effects } efectos secundarios nuevos
    } { $baseline ->
        [yes] respecto a su situación inicial
       *[no] (sin situación inicial registrada)
    }, propios del perfil conocido de { $drug }, { $days ->
        [0] el mismo día de
        [one] un día después de
       *[other] { $days } días después de
    } { $kind ->
        [start] empezarlo
        [increase] subir la dosis
        [decrease] bajar la dosis
        [stop] suspenderlo
       *[other] cambiar la dosis
    }
signal-adverse-effect-after-change-suggestion = Considere primero el fármaco: la dosis, el momento y el perfil conocido de su clase (por ejemplo activación o acatisia tras subir un antidepresivo o un antipsicótico, síntomas de retirada tras bajarlo); revise el cambio antes de leer los efectos como preocupación.

## Actitudes

signal-beliefs-gap-title = Las preocupaciones pesan más que la necesidad sentida de la medicación
signal-beliefs-gap-summary = Necesidad sentida de la medicación { $necessity }/10, { $gap } puntos por debajo de sus preocupaciones ({ $concern }/10)
signal-beliefs-gap-suggestion = Pregunte qué cree que hace la medicación por la persona y qué le preocupa de ella; responda a esas preocupaciones concretas antes de insistir en la necesidad.

## Alianza

signal-low-alliance-title = Alianza débil
signal-low-alliance-summary = { $basis ->
        [low] Alianza media de { $mean }/10 en el periodo
        [drop] La alianza bajó { $drop } puntos desde sus primeras respuestas (ahora { $mean }/10)
       *[both] Alianza media de { $mean }/10, { $drop } puntos menos que en sus primeras respuestas
    }
signal-low-alliance-suggestion = Pregunte abiertamente cómo vive el trabajo en común y qué le ayudaría a sentirse escuchado/a y de acuerdo con el plan.

## Resistencia mediante la medicación

signal-symptom-function-gap-title = Mejores síntomas, misma vida
signal-symptom-function-gap-summary = Mejoran los síntomas pero la vida diaria { $basis ->
        [changes] no mejora
       *[other] sigue baja
    }, en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-symptom-function-gap-suggestion = Explore por qué sentirse mejor no ha cambiado su vida diaria: qué espera que haga la medicación por la persona y qué más haría falta para que su vida avance.

signal-defensive-use-title = Dosis extra para afrontar sentimientos
signal-defensive-use-summary = Tomó una dosis extra o no prevista para afrontar un sentimiento en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-defensive-use-suggestion = Explore qué sentimientos pretenden acallar las dosis extra y qué otra cosa podría ayudar a sostenerlos.

signal-escalation-seeking-title = Búsqueda de más medicación
signal-escalation-seeking-summary = Pidió más medicación o una dosis mayor sin que los síntomas empeoraran, en { $checkins ->
        [one] un cuestionario
       *[other] { $checkins } cuestionarios
    }
signal-escalation-seeking-suggestion = Antes de cambiar la dosis, explore qué se espera que arregle más medicación, y observe su propio impulso a añadir o aumentar.

## Participación, prescriptor, seguridad

signal-disengagement-title = Desvinculación de los cuestionarios
signal-disengagement-summary = Respondió { $answered } de { $sent } cuestionarios ({ $rate } %), no respondió { $missed }{ $blocked ->
        [yes] ; ha bloqueado el bot y no se le puede contactar por aquí
       *[no] {""}
    }{ $paused ->
        [0] {""}
        [one] ; en pausa un día
       *[other] ; en pausa { $paused } días
    }
signal-disengagement-suggestion = Contacte con curiosidad y sin reproches: pregunte qué ha hecho difíciles los cuestionarios, o qué hace que no valga la pena responderlos.

signal-polypharmacy-title = Polifarmacia
signal-polypharmacy-summary = { $count } psicofármacos en la pauta actual
signal-polypharmacy-suggestion = Revise la pauta con la persona (para qué es cada medicamento y si alguno podría retirarse) y observe qué la hace seguir creciendo.

signal-safety-event-title = Evento de seguridad
signal-safety-event-summary = { $count ->
        [one] Una declaración de riesgo detectada
       *[other] { $count } declaraciones de riesgo detectadas
    } en el periodo
signal-safety-event-suggestion = Revise ahora las frases citadas y siga el protocolo de seguridad de la clínica; repase con la persona su plan de seguridad.
