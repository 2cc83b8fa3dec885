/**
 * Text normalisation shared by the rules and the classifier: lower case, plain ASCII quotes,
 * contractions expanded (with or without the apostrophe, as patients type them), common
 * abbreviations and misspellings mapped to one spelling. Sentence punctuation survives as a
 * lone "." or "?" token so rules can tell clauses and questions apart; the tokenizer drops it.
 */
const CONTRACTIONS: ReadonlyArray<[RegExp, string | ((match: string) => string)]> = [
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  [/\bain'?t\b/g, 'is not'],
  [/\b(do|does|did|is|are|was|were|has|have|had|should|could|would|must|need)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\bi'?ve\b/g, 'i have'],
  [/\bi'd\b/g, 'i would'],
  [/\bi'll\b/g, 'i will'],
  [/\b(\w+)'re\b/g, '$1 are'],
  [/\b(youre|theyre)\b/g, (m: string): string => `${m.slice(0, -2)} are`],
  [/\b(you|we|they|he|she|it|that|there)'ll\b/g, '$1 will'],
  [/\b(you|we|they|could|should|would|might|must)'ve\b/g, '$1 have'],
  [/\b(it|that|what|where|who|there|here|he|she|how|when)'s\b/g, '$1 is'],
  [/\b(thats|whats|wheres|theres|hows|whens)\b/g, (m: string): string => `${m.slice(0, -1)} is`],
  [/\b(he|she|you|they)'d\b/g, '$1 would'],
  [/'s\b/g, ''],
  [/\bgonna\b/g, 'going to'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'have to'],
];

/** One word -> its usual spelling. Keys are already lower case, without punctuation. */
const WORD_MAP: Readonly<Record<string, string>> = {
  appt: 'appointment',
  appts: 'appointments',
  apt: 'appointment',
  apointment: 'appointment',
  appoinment: 'appointment',
  appointmnet: 'appointment',
  appointement: 'appointment',
  appoitment: 'appointment',
  appontment: 'appointment',
  rx: 'prescription',
  rxs: 'prescriptions',
  script: 'prescription',
  scripts: 'prescriptions',
  perscription: 'prescription',
  presciption: 'prescription',
  prescripton: 'prescription',
  prescrition: 'prescription',
  precription: 'prescription',
  pls: 'please',
  plz: 'please',
  plez: 'please',
  pleas: 'please',
  pleeease: 'please',
  thx: 'thanks',
  thnx: 'thanks',
  thanx: 'thanks',
  tx: 'thanks',
  tnx: 'thanks',
  u: 'you',
  ya: 'you',
  yall: 'you',
  ur: 'your',
  r: 'are',
  im: 'i am',
  ive: 'i have',
  dont: 'do not',
  doesnt: 'does not',
  didnt: 'did not',
  isnt: 'is not',
  wasnt: 'was not',
  arent: 'are not',
  werent: 'were not',
  havent: 'have not',
  hasnt: 'has not',
  hadnt: 'had not',
  shouldnt: 'should not',
  couldnt: 'could not',
  wouldnt: 'would not',
  cant: 'can not',
  wont: 'will not',
  aint: 'is not',
  idk: 'i do not know',
  dunno: 'do not know',
  dr: 'doctor',
  drs: 'doctors',
  doc: 'doctor',
  docs: 'doctors',
  docter: 'doctor',
  doctr: 'doctor',
  meds: 'medications',
  med: 'medication',
  medecine: 'medicine',
  medicin: 'medicine',
  medicaton: 'medication',
  medicene: 'medicine',
  tmrw: 'tomorrow',
  tmr: 'tomorrow',
  tomorow: 'tomorrow',
  tommorow: 'tomorrow',
  tommorrow: 'tomorrow',
  '2morrow': 'tomorrow',
  '2day': 'today',
  tday: 'today',
  tonite: 'tonight',
  wk: 'week',
  wks: 'weeks',
  hr: 'hour',
  hrs: 'hours',
  mins: 'minutes',
  min: 'minutes',
  yr: 'year',
  yrs: 'years',
  mo: 'month',
  mos: 'months',
  wat: 'what',
  wht: 'what',
  wen: 'when',
  hw: 'how',
  abt: 'about',
  bout: 'about',
  b4: 'before',
  cuz: 'because',
  coz: 'because',
  bc: 'because',
  becuase: 'because',
  ppl: 'people',
  pharm: 'pharmacy',
  pharmacie: 'pharmacy',
  pharmcy: 'pharmacy',
  farmacy: 'pharmacy',
  insurence: 'insurance',
  insurnace: 'insurance',
  insurace: 'insurance',
  resaults: 'results',
  resluts: 'results',
  reslts: 'results',
  rsults: 'results',
  recieve: 'receive',
  recieved: 'received',
  labwork: 'lab work',
  bloodwork: 'blood work',
  bp: 'blood pressure',
  hbp: 'high blood pressure',
  er: 'emergency room',
  stomache: 'stomach',
  stomack: 'stomach',
  tummy: 'stomach',
  belly: 'stomach',
  headach: 'headache',
  hedache: 'headache',
  diarrea: 'diarrhea',
  diarhea: 'diarrhea',
  diarrhoea: 'diarrhea',
  nausious: 'nauseous',
  nauseaus: 'nauseous',
  feaver: 'fever',
  fevor: 'fever',
  fiver: 'fever',
  temp: 'temperature',
  seizer: 'seizure',
  siezure: 'seizure',
  seisure: 'seizure',
  seizures: 'seizures',
  stroak: 'stroke',
  breth: 'breath',
  brething: 'breathing',
  breating: 'breathing',
  suicde: 'suicide',
  sucide: 'suicide',
  suiside: 'suicide',
  suicidel: 'suicidal',
  kms: 'kill myself',
  unalive: 'kill',
  bleading: 'bleeding',
  bleedin: 'bleeding',
  ibprofen: 'ibuprofen',
  ibuprofin: 'ibuprofen',
  ibuprophen: 'ibuprofen',
  tylenal: 'tylenol',
  amoxicilin: 'amoxicillin',
  amoxicillan: 'amoxicillin',
  amoxil: 'amoxicillin',
  perscribed: 'prescribed',
  presribed: 'prescribed',
  sympton: 'symptom',
  symtoms: 'symptoms',
  symptons: 'symptoms',
  allergic: 'allergic',
  alergic: 'allergic',
  allergies: 'allergies',
  alergies: 'allergies',
  pregant: 'pregnant',
  pregnet: 'pregnant',
  preggo: 'pregnant',
  goodnight: 'good night',
  heyo: 'hey',
  hiya: 'hi',
  howdy: 'hello',
  xmas: 'christmas',
  bday: 'birthday',
  info: 'information',
  ok: 'okay',
  k: 'okay',
  kk: 'okay',
  pcp: 'primary care doctor',
  np: 'nurse practitioner',
  pt: 'patient',
  pts: 'patients',
  vax: 'vaccine',
  vaxx: 'vaccine',
  vaccin: 'vaccine',
  shots: 'shots',
  cardio: 'cardiology',
  mychart: 'portal',
  msg: 'message',
  msgs: 'messages',
  txt: 'text',
  pic: 'picture',
  rn: 'right now',
  asap: 'as soon as possible',
  w: 'with',
  wo: 'without',
  n: 'and',
};

/** Multi-word shorthands handled before tokenising. */
const PHRASES: ReadonlyArray<[RegExp, string]> = [
  [/\bw\/o\b/g, 'without'],
  [/\bw\//g, 'with '],
  [/\b24\/7\b/g, 'all day every day'],
  [/\bo\.?d\.?'?d\b/g, 'overdosed'],
  [/\bod'?ing\b/g, 'overdosing'],
  [/\b(\d+)\s*(mg|mcg|ml|units?)\b/g, '$1 $2'],
  [/\b(\d+)\s*(yo|y\/o|yr old|year old)\b/g, '$1 year old'],
  [/\b(\d+)\s*(wk|wks|week|weeks)\s*(old)\b/g, '$1 weeks old'],
];

const PUNCT_QUESTION = /\?+[.!?]*/g;
const PUNCT_CLAUSE = /[.!;:]+|,|\n+/g;
const OTHER_PUNCT = /[^a-z0-9._? ]+/g;

export function normalizeText(raw: string): string {
  return normalizeWith(raw, WORD_MAP);
}

/** The normalisation above with another language's word map (see normalize-spanish.ts). */
export function normalizeWith(raw: string, wordMap: Readonly<Record<string, string>>): string {
  let text = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc\u0060\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u200b-\u200d\ufeff]/g, '');
  for (const [pattern, replacement] of PHRASES) text = text.replace(pattern, replacement);
  for (const [pattern, replacement] of CONTRACTIONS) {
    text = typeof replacement === 'string' ? text.replace(pattern, replacement) : text.replace(pattern, replacement);
  }
  // Decimal points inside numbers ("7.2") are not clause breaks.
  text = text.replace(/(\d)\.(\d)/g, '$1_$2');
  text = text.replace(PUNCT_QUESTION, ' ? ').replace(PUNCT_CLAUSE, ' . ');
  text = text.replace(/'/g, '').replace(OTHER_PUNCT, ' ');
  text = text.replace(/_/g, '.');
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const out: string[] = [];
  for (const word of words) {
    if (isBreak(word)) {
      const last = out[out.length - 1];
      if (last === undefined) continue;
      if (isBreak(last)) {
        if (word === '?') out[out.length - 1] = '?';
        continue;
      }
    }
    out.push(wordMap[word] ?? collapseRepeats(word));
  }
  if (out.length > 0 && out[out.length - 1] === '.') out.pop();
  return out.join(' ');
}

/** Clause breaks kept in the normalised text: "." and "?" (a question). */
export function isBreak(word: string): boolean {
  return word === '.' || word === '?';
}

/** "pleeeease" -> "please", "helloooo" -> "hello": three or more repeats become one. */
function collapseRepeats(word: string): string {
  return /(.)\1\1/.test(word) ? word.replace(/(.)\1{2,}/g, '$1') : word;
}
