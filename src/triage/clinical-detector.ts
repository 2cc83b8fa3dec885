import { DRUG_NAMES, DRUG_SUFFIX, DRUG_WORDS, NOT_DRUGS } from './lexicon/drug-names';
import {
  BODY_PART_WORDS,
  CONDITION_WORDS,
  MENTAL_HEALTH_WORDS,
  SYMPTOM_WORDS,
  WEAK_CONDITION_WORDS,
  WEAK_MENTAL_HEALTH_WORDS,
  WEAK_SYMPTOM_WORDS,
} from './lexicon/health-terms';
import type { ClinicalPhrasing } from './clinical-phrasing';
import { SPANISH_CLINICAL } from './clinical-phrasing-es';
import { words } from './tokenize';
import type { Language } from './types';

export type ClinicalIntent = 'medication_question' | 'symptom' | 'test_results' | 'mental_health';

export interface ClinicalSignal {
  intent: ClinicalIntent;
  /** e.g. "medication-question", "symptom", "results-question". */
  rule: string;
}

/** Questions about a medicine that only a clinician may answer. */
const MED_QUESTION =
  /\b(?:(?:types?|kinds?|classes) of|(?:take|taking|took|use|using|give|giving) (?:\w+ ){0,3}(?:with|while|after|before|together|if)|dose|doses|dosage|dosing|mg|mcg|ml|milligrams?|how (?:much|many|often|long)|max|maximum|double|missed|skip\w*|side effects?|make me|made me|makes me|making me|cause|causes|causing|caused|reaction|interact\w*|together|mix\w*|combin\w*|alcohol|drink|drinking|beer|wine|liquor|pregnan\w*|breastfeed\w*|breast feeding|nursing|safe|safely|okay to|dangerous|harmful|stop taking|stopping|quit\w*|withdraw\w*|taper\w*|wean\w*|addict\w*|expired|store|storage|fridge|refrigerat\w*|crush\w*|chew\w*|split\w*|in half|what is|what are|what does|what do|used for|for what|good for|take for|treat\w*|does it work|how does|how do i (?:use|take|inject|apply)|how to (?:use|take|inject|apply)|look like|pronounce|generic|brand|ingredient\w*|contain\w*|instead of|alternative|difference|vs|versus|normal to|weight|sleepy|drowsy|dizzy|nause\w*|when (?:to|should) i take|before or after|empty stomach|morning or night|with food|allergic|effective|work for|kick in|stay in|how long (?:does|until|before|after))\b/;
/** Weaker cues: enough for a medicine named without any request, not against a refill. */
const WEAK_QUESTION = /\?|^(?:what|how|why|when|which|is|are|does|do|can|could|should|will|would)\b|\b(?:can i|should i|is it|okay|ok)\b/;
const REFILL =
  /\b(?:refill\w*|renew\w*|ran out|run out|running out|running low|out of (?:my|his|her)|need more|more of (?:my|his|her)|send (?:it|them|my|the|his|her)|sent (?:to|over)|call (?:it |them )?in|called in|pharmacy|pharmacist|cvs|walgreens|walmart|rite aid|kroger|costco|transfer\w*|day supply|supply|prior auth\w*|authori[sz]ation|new prescription|prescription (?:sent|renewal))\b/;
const APPOINTMENT =
  /\b(?:appointment|appointments|book|booking|schedule|reschedule|cancel|visit|slot|opening|come in|see (?:the )?doctor|available|availability)\b/;
const RESULTS_SUBJECT =
  /\b(?:results?|labs?|lab work|blood work|blood test|bloodwork|tests?|a1c|cholesterol|ldl|hdl|triglycerides|tsh|t4|psa|cbc|panel|levels?|count|scan|mri|ct|x ray|xray|ultrasound|biopsy|mammogram|pap|ekg|ecg|culture|screening|report|potassium|sodium|glucose|hemoglobin|creatinine|enzymes)\b/;
const RESULTS_MEANING =
  /\b(?:questions? about|go over|going over|discuss|review|come back|came back|what were|red flag|flag|results? from|mean|means|meaning|normal|abnormal|high|low|elevated|positive|negative|reactive|flagged|out of range|borderline|explain|worried|worry|concern\w*|bad|is that ok|is that okay|should i be|what now|showed|shows|show|say|says|indicate\w*|went up|went down|too high|too low)\b/;
const RESULTS_TIMING =
  /\b(?:how long|when will|when do|when can|when are|when should|how soon|how many days|how fast|turnaround|ready|back yet|take to|usually take)\b/;
const HEALTH_QUESTION =
  /\b(?:relieve stress|relieving stress|stress management|manage (?:my )?stress|reduce stress|cope with|coping with|at home remed\w*|cure for|treatment for|treatments for|how to treat|how do i treat|home remed\w*|contagious|diagnos\w*|prognosis|life expectancy|vaccine for|immuni[sz]\w*|cpr|first aid|itchiness|stitches|get tested|screening for)\b/;
const FIRST_PERSON_FEEL = /\b(?:i feel|i am feeling|i have been feeling|i have been|feeling so|i feel so|i am so|i get so|makes me feel)\b/;
/** Questions that are about medicines whatever the medicine's name. */
const MEDICINE_ONLY_QUESTION =
  /\b(?:side effects?|dosage|dosages|doses|milligrams?|mgs?|mcg|contraindicat\w*|active ingredients?|generic (?:for|of|version)|overdose|stay in (?:the |your |my )?(?:system|urine|blood|body)|what is (?:it|this|\w+) (?:used )?for|is it (?:a |an )?(?:controlled|narcotic|steroid|antibiotic|nsaid|opioid|blood thinner)|(?:schedule|class|type|kind) (?:of )?drug|drug class|drug interactions?|pill identif\w*|(?:blue|white|pink|yellow|orange|green) pill|injection site|infusion)\b/;
/** "my knee", "her throat": a body part that belongs to someone is a health message. */
const OWNED_BODY_PART =
  /\b(?:my|his|her|their|our|your) (?:left |right |lower |upper |whole |entire )?(?:knees?|shoulders?|elbows?|wrists?|ankles?|hips?|skin|hair|scalp|throat|stomach|eyes?|ears?|neck|feet|foot|toes?|fingers?|thumbs?|legs?|arms?|lower back|chest|lungs?|belly|face|gums?|teeth|tooth|jaw|groin|bladder|bowels?|breasts?|nipples?|eyebrows?|cheeks?|tongue|lips?|nose|sinuses|spine|ribs?|muscles?|joints?|bones?|veins?|body|torso|heel|calf|calves|thighs?|buttocks?|tailbone|pelvis|testicles?|vagina|penis|period|cycle|blood sugar|blood pressure|temperature|heart rate|pulse|breathing|respiration|vision|hearing|memory|mood|sleep)\b/;
/** Something the body no longer does well: "i can not see well", "hard to swallow". */
const FUNCTION_TROUBLE =
  /\b(?:can not|could not|can barely|hard to|trouble|difficulty|struggling to|unable to) (?:see|seeing|hear|hearing|walk|walking|sleep|sleeping|swallow\w*|focus\w*|concentrat\w*|pee|peeing|urinat\w*|eat|eating|stand|standing|bend|bending|bear weight|move|moving|lift|lifting|remember\w*|breath\w*|chew\w*|stay awake|keep food down)(?= (?:well|clearly|properly|straight|right|at all|anything|things|anymore|normally|without|it|my|out of|in the|at night|when|after)\b|$| [.?])/;
/** An injury told in a few words: "sliced myself with a knife", "kicked in the head". */
const INJURY =
  /\b(?:cut|sliced|burned|burnt|scalded|scratched|stabbed|injured|hurt|bit) myself\b|\b(?:kicked|hit|punched|elbowed|struck|bitten|stung|scratched) (?:\w+ )?(?:in|on) (?:the|my|his|her) (?:head|face|eye|nose|stomach|chest|groin|back|knee|leg|arm|hand|mouth|teeth|ribs)\b/;
/** "i feel weak", "i have been so tired": the state of a person. */
const FEEL_STATE =
  /\b(?:i|he|she|we) (?:feel|feels|felt|am feeling|have been feeling|is feeling|am|was|were|have been|get|got|keep feeling|kept feeling) (?:still |so |very |really |always |constantly |extremely |kind of |a bit |a little |emotionally |physically |mentally )?(?:something (?:strange|weird|wrong)|like (?:i am|i will|he is|she is) (?:going to )?(?:fall|faint|pass out|throw up|be sick|collapse|die)|strange|weird|not right|not myself|cold|weak|tired|exhausted|sick|ill|unwell|awful|terrible|horrible|off|faint|dizzy|crushed|empty|numb|down|low|hopeless|worthless|broken|lightheaded|feverish|achy|sore|nauseous|drained|fatigued|run down|miserable|disappointed|heartbroken|lost|stuck)\b/;
/**
 * A fall told by the one who fell or about a family member: "i slipped on the stairs", "my dad
 * fell in the shower", "hit the ground hard". Not "fell asleep", "fell behind", "fall in love".
 */
const FALL =
  /\b(?:i|he|she|we|(?:my|our) (?:son|daughter|mom|mother|dad|father|husband|wife|baby|kid|child|grandma|grandmother|grandpa|grandfather|brother|sister|partner)) (?:just |also |then |had |have |has )?(?:fell|fallen|tripped|slipped|hit (?:the|my|his|her) (?:ground|floor|pavement|concrete|ice|wall)|took a (?:bad |hard |nasty )?(?:fall|tumble)|landed (?:on|hard))\b(?! (?:asleep|behind|apart|in love|through|for|short|out with|off the (?:wagon|radar)))/;
const PHRASE_DRUG =
  /\b(?:anti ?inflammator\w*|beta ?blockers?|ace inhibitors?|calcium channel blockers?|\w+ (?:blockers?|inhibitors?|agonists?)|birth control|the pill|flu shot|covid shot|plan b|morning after pill|vitamin [a-z0-9]+|fish oil|blood thinners?|water pill|sleeping pills?|pain killers?|eye drops|nasal spray)\b/;

/** A vaccine asked about as a service: where, when, whether the practice gives it, what it costs. */
const VACCINE =
  /\b(?:flu shots?|flu vaccines?|vaccines?|vaccinat\w*|immuni[sz]ations?|boosters?|shots?|tdap|mmr|hpv|rsv|shingles|tetanus|pneumonia|covid|hepatitis|whooping cough)\b/;
const VACCINE_SERVICE =
  /\b(?:do you (?:give|have|do|offer|carry|stock|vaccinate)|(?:can|could) i (?:get|come in for|walk in|have)|are (?:\w+ )?(?:shots?|vaccines?) (?:available|given)|available|in stock|at your (?:office|clinic|practice)|there\b|your (?:office|clinic|practice) (?:give|do|have|offer)|where (?:do|can) i (?:go|get)|when (?:do|will) you (?:start|have|get)|how much (?:does|do|is)|cost|free|covered|cover|appointment|walk in|nurse visit|clinics?|offer)\b/;
/** Anything about the patient's own health turns a vaccine question clinical. */
const VACCINE_CLINICAL =
  /\b(?:safe|side effects?|reaction|allerg\w*|pregnan\w*|breastfeed\w*|sick|fever|cold|after (?:my|the|his|her)|sore|swollen|hurts?|pain|rash|should (?:i|he|she|we)|do i need|need (?:it|one|another)|too soon|how often|immune|antibiotics?|chemo|medications?|meds|dose|doses|interact\w*|with (?:my|a) \w+ condition)\b/;

export type { ClinicalPhrasing } from './clinical-phrasing';

const ENGLISH: ClinicalPhrasing = {
  vaccine: VACCINE,
  vaccineService: VACCINE_SERVICE,
  vaccineClinical: VACCINE_CLINICAL,
  medQuestion: MED_QUESTION,
  weakQuestion: WEAK_QUESTION,
  refill: REFILL,
  appointment: APPOINTMENT,
  resultsSubject: RESULTS_SUBJECT,
  resultsMeaning: RESULTS_MEANING,
  resultsTiming: RESULTS_TIMING,
  interpretation: /\b(?:mean|means|abnormal|high|low|elevated|positive|reactive|flagged|explain)\b/,
  healthQuestion: HEALTH_QUESTION,
  firstPersonFeel: FIRST_PERSON_FEEL,
  medicineOnlyQuestion: MEDICINE_ONLY_QUESTION,
  ownedBodyPart: OWNED_BODY_PART,
  functionTrouble: FUNCTION_TROUBLE,
  injury: INJURY,
  feelState: FEEL_STATE,
  fall: FALL,
  phraseDrug: PHRASE_DRUG,
  drugSuffix: DRUG_SUFFIX,
  conditionContext: /\b(?:have|got|getting|caught|treat|cure|symptoms?|take for)\b/,
  drugNames: DRUG_NAMES,
  notDrugs: NOT_DRUGS,
  drugWords: DRUG_WORDS,
  symptomWords: SYMPTOM_WORDS,
  conditionWords: CONDITION_WORDS,
  bodyPartWords: BODY_PART_WORDS,
  weakSymptomWords: WEAK_SYMPTOM_WORDS,
  weakConditionWords: WEAK_CONDITION_WORDS,
  mentalWords: MENTAL_HEALTH_WORDS,
  weakMentalWords: WEAK_MENTAL_HEALTH_WORDS,
};

const PHRASINGS: Readonly<Record<Language, ClinicalPhrasing>> = { en: ENGLISH, es: SPANISH_CLINICAL };

/**
 * Finds messages that only clinical staff may answer: a medicine with a question about it,
 * symptoms, results to interpret, mental-health struggles. A plain refill request is left
 * to the classifier (it is an administrative request). `normalized` is the text normalised for
 * its language (normalizeText, normalizeSpanish).
 */
export function detectClinical(normalized: string, language: Language = 'en'): ClinicalSignal | undefined {
  const p = PHRASINGS[language];
  // "can i get my flu shot there" asks about a service the front desk answers
  if (p.vaccine.test(normalized) && p.vaccineService.test(normalized) && !p.vaccineClinical.test(normalized)) return undefined;
  const tokens = words(normalized);
  const drugName = tokens.some((w) => inSet(p.drugNames, w) || (p.drugSuffix.test(w) && !p.notDrugs.has(w)));
  const drugWord = drugName || p.phraseDrug.test(normalized) || tokens.some((w) => inSet(p.drugWords, w));
  const refill = p.refill.test(normalized);
  const appointment = p.appointment.test(normalized);
  const medQuestion = p.medQuestion.test(normalized);
  const weakQuestion = p.weakQuestion.test(normalized);

  if (drugWord && medQuestion) return { intent: 'medication_question', rule: 'medication-question' };
  if (p.medicineOnlyQuestion.test(normalized) && !(refill && !medQuestion)) {
    return { intent: 'medication_question', rule: 'medicine-question' };
  }
  if (drugName && !refill && !appointment) return { intent: 'medication_question', rule: 'medication-mention' };

  if (p.resultsSubject.test(normalized)) {
    const meaning = p.resultsMeaning.test(normalized);
    const interpretation = p.interpretation.test(normalized);
    // "how long do strep culture results take" asks about timing: the FAQ answers that.
    if (p.resultsTiming.test(normalized) && !interpretation) return undefined;
    if (meaning) return { intent: 'test_results', rule: 'results-question' };
  }

  const strongSymptom = tokens.some((w) => inSet(p.symptomWords, w) || inSet(p.conditionWords, w));
  const bodyPart = tokens.some((w) => inSet(p.bodyPartWords, w));
  const weakSymptom = tokens.some((w) => inSet(p.weakSymptomWords, w));
  const weakCondition = tokens.some((w) => inSet(p.weakConditionWords, w));
  const mental = tokens.some((w) => inSet(p.mentalWords, w));
  const weakMental = tokens.filter((w) => inSet(p.weakMentalWords, w)).length;
  const adminOnly = (appointment || refill) && !medQuestion && !weakQuestion;

  if (mental && !adminOnly) return { intent: 'mental_health', rule: 'mental-health' };
  if ((strongSymptom || (weakSymptom && bodyPart)) && !adminOnly) return { intent: 'symptom', rule: 'symptom' };
  if (p.healthQuestion.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'health-question' };
  if (p.ownedBodyPart.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'body-part' };
  if (p.feelState.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'feeling-unwell' };
  if (p.functionTrouble.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'function-trouble' };
  if (p.injury.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'injury' };
  if (p.fall.test(normalized) && !adminOnly) return { intent: 'symptom', rule: 'fall' };
  if (weakCondition && (drugWord || bodyPart || p.conditionContext.test(normalized)) && !adminOnly) {
    return { intent: 'symptom', rule: 'condition' };
  }
  if (weakMental >= 2 || (weakMental === 1 && p.firstPersonFeel.test(normalized) && !adminOnly)) {
    return { intent: 'mental_health', rule: 'feelings' };
  }
  return undefined;
}

function inSet(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  return word.length > 3 && word.endsWith('s') && set.has(word.slice(0, -1));
}
