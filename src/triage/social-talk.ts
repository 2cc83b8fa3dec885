import { words } from './tokenize';

/** What a message made only of pleasantries says: hello (and how are you), or thanks (and goodbye). */
export interface SocialTalk {
  intent: 'greeting' | 'thanks';
  kind: 'greeting' | 'gratitude' | 'farewell';
}

/** The intents of small talk: they have no topic, a pleasantry is all they need. */
export const SOCIAL_INTENTS: ReadonlySet<string> = new Set(['greeting', 'thanks']);

/** Thanks, appreciation and compliments to the assistant (over normalizeText's output). */
const GRATITUDE = new RegExp(
  [
    String.raw`\b(?:thank(?:s|ing)?|thx|thnx|thanx|ty|tysm|tyvm|grateful|gratitude|appreciated?|appreciation|merci(?: beaucoup)?|gracias|cheers|kudos)\b`,
    String.raw`\b(?:kind|nice|sweet|thoughtful|good) of you\b`,
    String.raw`\byou are (?:so |very |really |too )?(?:nice|kind|sweet|thoughtful|helpful|the best|awesome|amazing|great|wonderful)\b`,
    String.raw`\b(?:do|does) not go unnoticed\b`,
    String.raw`\b(?:easier|better) with you around\b`,
    String.raw`\b(?:happy|glad) you did that\b`,
  ].join('|'),
  'g',
);

/** Goodbyes and the patient leaving the chat. */
const FAREWELL = new RegExp(
  [
    String.raw`\b(?:bye(?: bye)?|byebye|goodbye|good bye|sayonara|syonara|adios|ciao|farewell|regards|laters?|signing off|until next time|good night|nite)\b`,
    String.raw`\b(?:see|catch|talk to) you(?: all)?(?: around| later| soon| tomorrow| then)?\b`,
    String.raw`\btalk later\b`,
    String.raw`\btake (?:care|it easy)\b`,
    String.raw`\bhave a (?:good|great|nice|lovely) (?:one|day|night|evening|weekend)\b`,
    String.raw`\b(?:have to|got to|gotta|must|need to) (?:go|get going|run|leave|head out|say goodbye)\b`,
    String.raw`\bi am (?:outta|out of) here\b`,
    String.raw`\b(?:it was |it is )?(?:nice|lovely|pleasant|good|great) (?:to )?(?:speak|speaking|talk|talking|chat|chatting|convers\w*|meet|meeting)(?: with| to)? you\b`,
  ].join('|'),
  'g',
);

/** Hello, and asking the assistant how it is. */
const GREETING = new RegExp(
  [
    String.raw`\b(?:hi|hii+|hello|helo|hey|heya|hiya|yo|howdy|ahoy(?: hoy)?|greetings|sup|wassup|good (?:morning|afternoon|evening|day))\b`,
    String.raw`\bwhat is up\b`,
    String.raw`\bhow (?:are|r) you(?: doing| doin| today)?\b`,
    String.raw`\bhow you doin\w*\b`,
    String.raw`\bhow is (?:it going|your day|everything|the (?:ai|bot|assistant)(?: doing)?)\b`,
    String.raw`\bhow (?:is|are) (?:the )?(?:ai|bot|assistant|you) doing\b`,
    String.raw`\bhow are things\b`,
    String.raw`\bhow (?:the )?(?:ai|bot|assistant) is doing\b`,
    String.raw`\bhow you are doing\b`,
    String.raw`\bare you (?:there|good|okay|alright|well|awake|feeling okay|feeling good|doing okay|doing well)\b`,
    String.raw`\bwake up\b`,
    String.raw`\b(?:anybody|anyone|somebody|someone) (?:home|there|here|around)\b`,
  ].join('|'),
  'g',
);

/**
 * Words that may stand beside a pleasantry without adding a topic ("ok thank you so much guys").
 * No word about the body, symptoms, medicines, feelings or the practice's services is here, so a
 * message that says anything else is read by the rules and the classifier as before.
 */
const FILLER = new Set(
  `i me my you your u ya we us our it is was so very much really truly all a lot the for to and or
  ok okay cool great awesome perfect good nice lovely alright fine sounds that this these again now
  please then guys everyone folks friend friends dear ai bot robot assistant chatbot device there
  here oh well yes yeah yep yup no nope lol haha also just am are be have has had with of in on at
  help helping helped assistance support everything info information reply replies quick fast
  response answer answers time kindly super totally indeed doing did do gesture efforts effort man
  sir maam team staff everybody once more mate buddy pal dude hun love wow hey say tell let know will
  would wish said saying got think thinking thought like give giving gave right`
    .split(/\s+/)
    .filter((w) => w.length > 0),
);

/** At most this many words: a pleasantry is short; a longer message has something to say. */
const MAX_WORDS = 14;

/**
 * A message made only of pleasantries (hello, thanks, goodbye, compliments, "how are you"): the
 * front desk answers it like a greeting. Any other word sends the message on to the rules and the
 * classifier, so nothing about health is ever read as small talk.
 */
export function detectSocialTalk(normalized: string): SocialTalk | undefined {
  const all = words(normalized);
  if (all.length === 0 || all.length > MAX_WORDS) return undefined;
  let rest = ` ${normalized} `;
  const kinds: SocialTalk['kind'][] = [];
  for (const [kind, pattern] of [
    ['gratitude', GRATITUDE],
    ['farewell', FAREWELL],
    ['greeting', GREETING],
  ] as const) {
    const stripped = rest.replace(pattern, ' ');
    if (stripped !== rest) kinds.push(kind);
    rest = stripped;
  }
  const first = kinds[0];
  if (first === undefined) return undefined;
  if (!words(rest).every((w) => FILLER.has(w))) return undefined;
  return { intent: first === 'greeting' ? 'greeting' : 'thanks', kind: first };
}
