## Medicine classes and regimen changes in plain words, for the clinician's digest and the
## patient's /mydata copy. $before and $after are doses as staff wrote them ("50 mg").

regimen-class-ssri = антидепрессант (СИОЗС)
regimen-class-snri = антидепрессант (СИОЗСН)
regimen-class-tca = антидепрессант (трициклический)
regimen-class-maoi = антидепрессант (ИМАО)
regimen-class-antidepressant-other = антидепрессант
regimen-class-lithium = литий
regimen-class-valproate = вальпроат
regimen-class-lamotrigine = ламотриджин
regimen-class-carbamazepine = карбамазепин
regimen-class-clozapine = клозапин
regimen-class-antipsychotic = антипсихотик
regimen-class-benzodiazepine = бензодиазепин
regimen-class-z-drug = снотворное (Z-препарат)
regimen-class-stimulant = стимулятор
regimen-class-other = другое

regimen-change-start = начат, { $after }
regimen-change-increase = доза повышена: { $before } → { $after }
regimen-change-decrease = доза снижена: { $before } → { $after }
regimen-change-change = доза изменена: { $before } → { $after }
regimen-change-stop = отменён (доза была { $before })
