## Medicine classes and regimen changes in plain words, for the clinician's digest and the
## patient's /mydata copy. $before and $after are doses as staff wrote them ("50 mg").

regimen-class-ssri = antidepresivo (ISRS)
regimen-class-snri = antidepresivo (IRSN)
regimen-class-tca = antidepresivo (tricíclico)
regimen-class-maoi = antidepresivo (IMAO)
regimen-class-antidepressant-other = antidepresivo
regimen-class-lithium = litio
regimen-class-valproate = valproato
regimen-class-lamotrigine = lamotrigina
regimen-class-carbamazepine = carbamazepina
regimen-class-clozapine = clozapina
regimen-class-antipsychotic = antipsicótico
regimen-class-benzodiazepine = benzodiacepina
regimen-class-z-drug = pastilla para dormir (fármaco Z)
regimen-class-stimulant = estimulante
regimen-class-other = otro

regimen-change-start = empezado con { $after }
regimen-change-increase = dosis subida: { $before } → { $after }
regimen-change-decrease = dosis bajada: { $before } → { $after }
regimen-change-change = dosis cambiada: { $before } → { $after }
regimen-change-stop = dejado (la dosis era { $before })
