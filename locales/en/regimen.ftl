## Medicine classes and regimen changes in plain words, for the clinician's digest and the
## patient's /mydata copy. $before and $after are doses as staff wrote them ("50 mg").

regimen-class-ssri = antidepressant (SSRI)
regimen-class-snri = antidepressant (SNRI)
regimen-class-tca = antidepressant (tricyclic)
regimen-class-maoi = antidepressant (MAOI)
regimen-class-antidepressant-other = antidepressant
regimen-class-lithium = lithium
regimen-class-valproate = valproate
regimen-class-lamotrigine = lamotrigine
regimen-class-carbamazepine = carbamazepine
regimen-class-clozapine = clozapine
regimen-class-antipsychotic = antipsychotic
regimen-class-benzodiazepine = benzodiazepine
regimen-class-z-drug = sleeping pill (Z-drug)
regimen-class-stimulant = stimulant
regimen-class-other = other

regimen-change-start = started at { $after }
regimen-change-increase = dose raised: { $before } → { $after }
regimen-change-decrease = dose lowered: { $before } → { $after }
regimen-change-change = dose changed: { $before } → { $after }
regimen-change-stop = stopped (the dose was { $before })
