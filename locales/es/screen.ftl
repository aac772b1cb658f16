## El cribado de suicidio (dialogs/screen.toml). Preguntas basadas en las Ask Suicide-Screening
## Questions (ASQ) del NIMH, de dominio público; esta traducción es nuestra.

dlg-screen-title = Cómo te has sentido
dlg-screen-wish-dead = En las últimas semanas, ¿has deseado estar muerto o muerta?
dlg-screen-better-off-dead = En las últimas semanas, ¿has sentido que tú o tu familia estaríais mejor si tú estuvieras muerto o muerta?
dlg-screen-thoughts = En la última semana, ¿has tenido pensamientos de quitarte la vida?
dlg-screen-past-attempt = ¿Alguna vez has intentado quitarte la vida?
dlg-screen-acute = ¿Tienes ahora mismo pensamientos de quitarte la vida?

## Al paciente

screen-intro = Unas pocas preguntas más. Se las hacemos a todo el mundo de vez en cuando, porque importan para tu seguridad. No hay respuestas equivocadas.
screen-intro-alone = Unas pocas preguntas. Se las hacemos a todo el mundo de vez en cuando, porque importan para tu seguridad. No hay respuestas equivocadas.
screen-positive-reply =
    Gracias por responder con sinceridad. No es fácil, y no tienes que cargar con estos pensamientos tú solo o sola.
    Alguien de tu equipo se pondrá en contacto contigo en el plazo de un día. Si antes de eso las cosas se ponen más difíciles, usa tu plan y los números de abajo enseguida.

## Al equipo

alert-screen-acute = Urgente: { $patient } ha respondido que sí a «pensamientos de quitarse la vida ahora mismo» en el cribado de suicidio.
screen-quote = Cribado de suicidio, respondió que sí: { $items }
screen-item-wish-dead = deseó estar muerto/a (últimas semanas)
screen-item-better-off-dead = sintió que él/ella o su familia estarían mejor si estuviera muerto/a (últimas semanas)
screen-item-thoughts = pensamientos de quitarse la vida (última semana)
screen-item-past-attempt = ha intentado quitarse la vida alguna vez
screen-item-acute = pensamientos de quitarse la vida ahora mismo
task-screen-positive =
    Tarea para hoy: contacta con { $patient } en 24 horas (antes de { $due }).
    El cribado de suicidio fue positivo, no agudo: sin pensamientos de quitarse la vida ahora mismo.
    Respondió que sí: { $items }
task-done-button = Hecho
task-done = ✓ Hecho: { $name }, { $when }
task-done-thanks = Marcada como hecha. Gracias.
task-already = Ya la hizo { $name } ({ $when }).
task-unknown = Esta tarea ya no existe.
digest-tasks-heading = Antes de nada
digest-task-screen-positive = Contactar en 24 horas: el cribado de suicidio fue positivo, no agudo ({ $when }). Antes de { $due }.
