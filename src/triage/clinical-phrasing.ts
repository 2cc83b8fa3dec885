/**
 * What the clinical rules look for, in one language's words; the rules below read every language
 * the same way (clinical-phrasing-es.ts is the Spanish).
 */
export interface ClinicalPhrasing {
  vaccine: RegExp;
  vaccineService: RegExp;
  vaccineClinical: RegExp;
  medQuestion: RegExp;
  weakQuestion: RegExp;
  refill: RegExp;
  appointment: RegExp;
  resultsSubject: RegExp;
  resultsMeaning: RegExp;
  resultsTiming: RegExp;
  /** Results read as a value to interpret: "what does high mean". */
  interpretation: RegExp;
  healthQuestion: RegExp;
  firstPersonFeel: RegExp;
  medicineOnlyQuestion: RegExp;
  ownedBodyPart: RegExp;
  functionTrouble: RegExp;
  injury: RegExp;
  feelState: RegExp;
  fall: RegExp;
  phraseDrug: RegExp;
  drugSuffix: RegExp;
  /** What makes a weak condition word a health matter: "have", "symptoms". */
  conditionContext: RegExp;
  drugNames: ReadonlySet<string>;
  notDrugs: ReadonlySet<string>;
  drugWords: ReadonlySet<string>;
  symptomWords: ReadonlySet<string>;
  conditionWords: ReadonlySet<string>;
  bodyPartWords: ReadonlySet<string>;
  weakSymptomWords: ReadonlySet<string>;
  weakConditionWords: ReadonlySet<string>;
  mentalWords: ReadonlySet<string>;
  weakMentalWords: ReadonlySet<string>;
}
