import { normalizeSpanish } from './normalize-spanish';
import { normalizeText } from './normalize-text';
import type { RedFlagHit } from './red-flags';

/**
 * Suicidal crisis told indirectly, read over a whole post. The warning signs that crisis lines
 * publish (talk of being a burden or of dying, looking for a way, a plan or a date, giving things
 * away, saying goodbye, calm after deciding, feeling trapped or out of strength) are weighed
 * together: one sign alone is not enough, two different ones are. The rule leans towards the
 * 988 reply: a missed crisis is the worst failure, a false one costs a kind message.
 */
interface Cue {
  name: string;
  weight: number;
  pattern: RegExp;
}

const CUES: readonly Cue[] = [
  // Said alone, each of these is a crisis: crisis lines treat them as a statement of intent.
  {
    name: 'intent',
    weight: 4,
    pattern:
      /\b(?:talk(?:ed)? (?:me )?out of it|(?:the )?only (?:thing|one|person|reason) (?:stopping|keeping|holding) me|(?:not|never) (?:going to )?be a (?:problem|burden) (?:for|to) (?:anyone|anybody|them|you) (?:much |any )?longer|made (?:my )?peace with (?:it|dying|leaving|going|my decision)|this time i (?:will|ll) make sure|(?:hope|hoping|wish|pray|praying) (?:that )?(?:a|the|some) (?:car|truck|bus|train) (?:hits|hit|would hit|will hit|runs? over|kills) me|(?:with|on) the engine running|(?:tallest|highest) (?:buildings?|bridges?|cliffs?|points?) (?:in|near|around)|tired of waking up|(?:do not|never) want to wake up|(?:i am|im) ready to (?:go|die|leave|let go|end it)|(?:my )?last (?:birthday|christmas|summer|new year)|(?:stepped|walked|ran) (?:out )?(?:into|in front of) (?:traffic|a car|a truck|the road)|(?:stepped|walked) out without looking on purpose|(?:try|trying|attempt\w*) (?:it )?again (?:and|but) (?:this time|get it right)|get it right this time|next time i (?:will|ll) (?:use|try|take|find) (?:something|a way|a method|one) that (?:works|will work|actually works)|(?:think|thinking|thought) about (?:trying|doing it) again|(?:knife|blade|razor|gun) (?:to|against|on|at) my (?:wrist|wrists|arm|throat|neck|head|temple)|(?:almost|nearly) (?:pressed|pulled|cut|jumped|did it|went through with it)|goodbye (?:cruel )?(?:everyone|all|world|guys|friends|everybody)|(?:bye|goodbye|farewell) (?:\w+ )?(?:forever|for ever|for good)|this is (?:my )?goodbye|(?:goodbye|bye)(?: \W)?(?: \w+){0,2} love you all|love you all(?: \W)?(?: \w+){0,2} (?:goodbye|bye)|(?:say|saying|said) (?:my )?goodbyes? to (?:everyone|everybody|you all|all of you|the world)|tell my (?:family|kids|children|mom|mum|dad|parents|wife|husband|partner|son|daughter|friends) (?:that )?i love (?:them|her|him)|(?:do not|dont) (?:try to )?(?:find|look for|save|stop) me|(?:make|making) it permanent|(?:picked|chosen|chose|found|decided on|settled on) (?:a|the|my) (?:way|method|date|day|spot|place) (?:to|for)?|everything is (?:set|ready|in place|planned) (?:for|by)?)\b/g,
  },
  {
    name: 'plan',
    weight: 3,
    pattern:
      /\b(?:(?:have|got|made|making|with) (?:a|the|my) plan|(?:plan|picked|set|chose|chosen) (?:a|the) (?:date|day|time)|a plan and a (?:date|time)|how (?:many|much) (?:\w+ ){0,5}(?:it would|it will|would it|will it|to) (?:take|kill)|(?:ways|methods|how) to (?:do it|die|end it|go) (?:painless\w*|quick\w*|peaceful\w*|without)|painless (?:way|method)|(?:looked|looking|searched|searching|read|reading|researched|researching) (?:up |about |online )?(?:ways|methods|how) to (?:do it|die|end|kill)|(?:collect\w*|sav\w*|stockpil\w*|hoard\w*) (?:up )?(?:my |the |all |them |these |those )?(?:pills|meds|medications|tablets|them)\b|(?:bought|got|have|ordered|found|tied) (?:a|the|some) (?:rope|noose|gun|razor|blades?)|(?:my|his|her|dad|mom|a) (?:\w+ )?(?:gun|pistol|rifle) (?:is )?(?:in|under|loaded)|load(?:ed)? (?:the|my) gun|(?:sat|sitting|sit|held|holding) (?:with )?(?:my |his |her |a |the )?(?:\w+ )?(?:gun|revolver|rifle|pistol|shotgun|handgun) (?:in|on) my (?:lap|hands?|mouth)|(?:sitting|sat) in (?:my|the) car in (?:the|my) garage|(?:standing|stood|sitting|sat|stand) (?:on|at) (?:the|my|a) (?:edge|ledge|balcony|roof|railing|bridge|tracks)|(?:tonight|today|this weekend|tomorrow) (?:is|feels like|will be) the (?:night|day)|(?:have|got) (?:everything|all) (?:i|we) need (?:to do it|for it|now)?|(?:look|looks|seem|seems) like an accident|(?:get|collect|have) (?:the|my) (?:life )?insurance (?:money|payout)?|(?:drive|driving|drove|crash|crashing|steer\w*) (?:my |the )?car (?:into|off) (?:a|the) (?:tree|wall|bridge|truck|cliff|river|traffic|pole)|(?:took|taken|take|taking) (?:a few |some |all |a bunch of )?(?:extra|more) (?:pills|meds|tablets)|researched (?:it|this|enough|methods|ways)|(?:know|knew|decided|figured out|worked out) (?:exactly )?(?:what|how) (?:i am going to|i will|to) (?:take|do it|use)|(?:need|want|waiting for) the (?:house|apartment|place) to be empty|almost did (?:it)?|(?:lean|leaning|leaned) forward|(?:counting|counted) (?:them|the pills|my pills|pills)|(?:looking|staring|stared|looked) at (?:my |the |his |her |our )?(?:\w+ )?(?:rifle|gun|shotgun|pistol|pills|blade|razor|rope|noose|bridge|tracks)|(?:not|never) going to stop (?:this|it)(?: this time)?|how (?:many|much) (?:\w+ ){0,4}(?:does it|would it|will it|do i need to|would i need to|do you need to) (?:take|kill|need)|(?:pills|bottle|gun|rifle|knife|blade|razor|rope) (?:\w+ ){0,3}in front of me|(?:would|will|should) be enough to (?:do it|end|kill|not wake)|(?:all|whole bottle of|the rest of) my (?:\w+ )?(?:pills|meds|medication|antidepressants) (?:\w+ ){0,4}(?:would|will|could) be enough|(?:planning|planned|been planning) (?:this|it) (?:since|for)|(?:insurance|life insurance) (?:policy|payout|money)|(?:hoard\w*|sav\w*|stash\w*|stockpil\w*) (?:my |the |all my )?(?:painkillers|pain pills|opioids|oxy\w*|sleeping pills|insulin))\b/g,
  },
  {
    name: 'farewell',
    weight: 3,
    pattern:
      /\b(?:(?:wrote|writing|written|write|left|leave|finish\w*) (?:\w+ ){0,2}(?:letters?|notes?|goodbyes?) (?:to|for)|(?:told|tell|telling|said|say|saying) (?:\w+ ){0,3}goodbye|(?:the|my|a|goodbye|suicide) note\b|(?:giving|gave|give|given) (?:away )?(?:\w+ ){0,2}(?:my|all my) (?:things|stuff|belongings|possessions|clothes|games|books)(?: away)?|found (?:someone|somebody|a home|a family|people) (?:to|who will|that will|for) (?:take|look after|care for|adopt)|said (?:my|our|all my) goodbyes?|(?:was|is) (?:my )?goodbye|deleted (?:all )?(?:of )?my (?:accounts|social media|profiles)|(?:my |this (?:will|is) (?:probably |be )?(?:my )?)last (?:post|message|night|day)|(?:affairs|things) in order|(?:updated|wrote|made) (?:my|a) will\b|sorry to (?:whoever|anyone|everyone who)|(?:was|is) not (?:their|your|anyones|his|her) fault|(?:not|never) (?:make|making) it (?:to|past|through)|(?:do not|can not|no longer) (?:think|see) (?:i will|myself) (?:make|making|get|getting) (?:it )?(?:to|past|through)|(?:will not|may not|might not|do not think i will) be (?:here|around|alive)|(?:do not|can not) see myself (?:here|alive|around|making it)|(?:will not|would not) (?:need|have) to worry about (?:any|anything|this|it)|(?:tell|let) (?:them|everyone|my \w+) (?:know )?(?:i love|that i love)|(?:will not|may not|might not|wont) (?:come back|come home|be back|be coming back)|(?:sorry|apologi\w*) to (?:my|everyone|all of)|(?:do not|dont) (?:be sad|cry|miss me|blame yourselves|blame yourself|grieve)(?: for me| over me)?|paid (?:off )?(?:my|all my) (?:debts|bills)|(?:lost|losing) (?:the|this|my) (?:fight|battle)|(?:know|remember) (?:that )?i (?:existed|was here|mattered))/g,
  },
  {
    name: 'decided',
    weight: 2,
    pattern:
      /\b(?:(?:already |finally |have |i )decided|made (?:up )?my (?:mind|decision)|at peace with (?:it|this|my decision|the decision|dying|letting go|leaving|going|it all)|(?:feel|feeling|felt) (?:\w+ )?(?:calm|peaceful|relieved)(?: now| about it| since)?|for the first time in (?:\w+ )?(?:months|years|weeks) i (?:feel|felt) (?:calm|peace\w*|okay|light)|(?:the|this) (?:night|weekend|week) (?:is|will be) the (?:one|night|weekend)|no turning back|i am (?:so |very |strangely |oddly |weirdly )?(?:calm|at peace) (?:about|with) (?:it|this|that|my decision|the decision)|before i (?:go|do it|leave for good))\b/g,
  },
  {
    name: 'danger',
    weight: 3,
    pattern:
      /\b(?:(?:scared|afraid|frightened|terrified) of (?:myself|what i (?:might|will|could|am going to) do)|(?:do not|can not) trust myself|(?:do not|dont) know if i (?:will|can|could|would)(?: be able to)?(?: stop| put it back| hold (?:back|on)| do that)? (?:next time|again)|(?:not|do not feel) safe (?:with|around) myself|not safe (?:tonight|right now|alone)|(?:the )?(?:thoughts|voices|urges) (?:are|get|got|keep getting) (?:louder|stronger|worse)|(?:make|making) (?:it|the pain|everything) stop (?:for good|forever|permanently)|want (?:it|it all|everything|this|the pain) to (?:just )?stop (?:for good|forever|permanently))\b/g,
  },
  {
    name: 'finality',
    weight: 2,
    pattern:
      /\b(?:farewell|last (?:thing|words|time|post|message|letter)s? (?:i will|i ll|i write|from me)|final (?:post|message|words|goodbye)|(?:love|loved) you all|not (?:your|their|anyones|his|her) fault|forgive me|i am (?:so )?sorry (?:mom|mum|dad|everyone|to everyone|guys|for everything)|thank you (?:to everyone|all|for everything)|(?:feel|felt|feeling) (?:kind of |so |strangely |weirdly |oddly )?(?:relieved|at peace)|at peace with (?:letting go|it all|leaving)|letting go|make it official|(?:put|left|hid) (?:them|it|the letters?|the notes?) (?:in|under) (?:my|the))\b/g,
  },
  {
    name: 'burden',
    weight: 2,
    pattern:
      /\b(?:(?:a|such a|just a|only a) (?:burden|waste of (?:space|air|oxygen|life))|burden (?:on|to) (?:my|everyone|them|everybody|the)|(?:better|easier|happier|lighter) (?:off )?(?:without me|if i (?:was|were|am) (?:not|gone|dead)|with me gone)|(?:lives|life) would be (?:easier|better|simpler)|(?:would|could) (?:breathe|sleep|live|rest) easier|if i (?:just )?(?:was|were) not (?:around|here)|(?:nobody|no one|noone|not one person) (?:would|will|is going to) (?:even )?(?:notice|care|miss)|(?:world|everyone|everything) would (?:just )?(?:keep going|go on|carry on|be fine)|if i (?:just )?(?:disappeared|vanished|was gone|were gone|died|was not here|were not here|stopped existing)|(?:would|will) get over (?:it|me)|(?:sad|upset) for a (?:while|bit) but|(?:easier|better|happier) (?:life|lives) if i (?:was|were) (?:not|gone|never)|(?:the )?(?:kindest|best) thing i (?:could|can) do (?:for|is)|(?:the )?reason (?:my|everyone|they|their|our) (?:\w+ )?(?:fight|fights|suffer|are unhappy|is unhappy))\b/g,
  },
  {
    name: 'trapped',
    weight: 1,
    pattern:
      /\b(?:can not (?:do|take|handle) (?:this|it|any of this) (?:anymore|any longer|much longer)|out of (?:fight|strength|options|reasons)|(?:done|finished) (?:pretending|trying|fighting)|i am (?:so )?done\b|tired of (?:existing|fighting|trying|being alive|everything|it all)|no way out|(?:trapped|stuck) (?:forever|with no way)|(?:never|not) going to get better|(?:nothing|none of it) (?:has )?(?:ever )?(?:works|worked|helps|helped)|(?:gave|give|giving) up on (?:myself|life|everything)|hopeless|unbearable|(?:failed|fail) at everything|disappointed (?:that )?i (?:woke|wake) up|wish i (?:did not|would not|never) (?:wake|woke)|(?:getting|gotten|got) worse (?:since|every|for years)|can not keep (?:doing|living|going on like) (?:this|it)|(?:do not|can not) see (?:a|any) (?:future|way out|light)|no future (?:for me)?|(?:just )?want (?:it|it all|everything|this) to (?:just )?stop|(?:what is|whats) the point(?: anymore| of (?:anything|trying|it all|living))?|nothing (?:left|to live) for me|there is nothing left|how much longer (?:i )?can (?:hold on|do this|take (?:it|this)|keep going)|(?:can not|could not) hold on|done fighting|(?:already|am) dead inside|everyone would (?:move on|forget|be fine)|(?:lost|losing) everything|(?:i )?have no one(?: left)?|no one to (?:talk|turn) to|(?:no|not any) reason left|(?:i )?(?:deserve|deserved) (?:to die|to suffer|nothing)|hate myself|can not keep carrying (?:this|it|on)|(?:shell|ghost) of (?:a person|myself)|(?:i am )?done trying)\b/g,
  },
  {
    name: 'death',
    weight: 2,
    pattern:
      /\b(?:(?:my|own) funeral|die|dying|dead|death|kill|killing|suicid\w*|end (?:it|things|everything|my life)|ending (?:it|things|everything)|(?:stop|stopped) (?:being here|existing|breathing)|not (?:be|being) here|disappear\w*|not wake up|overdos\w*|jump(?:ing)? off|how (?:easy|quick|fast|simple|painless) it would be|(?:stop|not) (?:being|be) (?:around|alive)|i (?:just )?want out|how (?:high|tall|far down) (?:it|they|the \w+) (?:is|are)|(?:is|was) not worth living|permanent(?:ly)?|(?:sorry|apologi\w*) (?:i|that i) (?:was not|wasnt|could not|couldnt) (?:stronger|enough|better|fix)|the thoughts)\b/g,
  },
  {
    // Hopelessness: no point, no future. Common in depression too, so it needs another sign.
    name: 'hopeless',
    weight: 2,
    pattern:
      /\b(?:(?:do not|can not|no longer) see (?:the|any) point|no point (?:in |of )?(?:living|going on|trying|anything|being here|sticking around|staying)|point (?:of|in) (?:sticking around|staying around|living|going on|being here)|sticking around|reasons (?:to|for) (?:get(?:ting)? up|living|live|keep going|stay(?:ing)? alive|go(?:ing)? on)\b.{0,80}?\b(?:fewer|none left|no more|(?:could|can) not find any|ran out|run out)|there is no (?:future|hope|way forward)|no future (?:for me|where)|(?:i am|i feel|feeling|felt|so) hopeless|nothing (?:ever )?(?:changes|gets better|will change)|what is the point (?:of|in) (?:living|going on|anything|trying|it all|being here))\b/g,
  },
  { name: 'soon', weight: 1, pattern: /\b(?:tonight|this weekend|by tomorrow|before (?:morning|the weekend|monday))\b/g },
  {
    name: 'lethal-means',
    weight: 2,
    pattern:
      /\b(?:rifle|shotgun|handgun|revolver|firearm|noose|razor blades?|lethal dose|cliffs?|oxy\w*|fentanyl|train (?:tracks|times)|(?:edge|top) of (?:the|my|a) (?:roof|bridge|building|cliff|parking garage)|overpass)\b/g,
  },
  {
    name: 'means',
    weight: 1,
    pattern:
      /\b(?:pills|rope|noose|gun|pistol|rifle|razor|blades?|bridge|ledge|balcony|railing|rail|river|train tracks|garage|overdose|looking down)\b/g,
  },
];

/** A writer asking how to cope or get care is reaching out, not saying goodbye: weighs against. */
const SEEKING_HELP =
  /\b(?:any (?:tips|advice|suggestions)|tips (?:for|on)|how do (?:i|you) (?:support|help|cope|deal|turn|get|talk|start|stop)|does anyone (?:else|have|know)|is (?:it|this) (?:normal|a depression thing|related)|next step|hopeful|(?:see|seeing|call|calling) (?:a|my) (?:doctor|therapist|counsellor|counselor))\b/g;
const SEEKING_WEIGHT = 2;

/** Emergency from this total; each kind of sign counts once. */
const THRESHOLD = 4;
/** Longest text read: a post this long is read in full, past it only its beginning. */
const MAX_CHARS = 20_000;
const NEGATION = /\b(?:not|no|never|nor|without)\b(?: \w+){0,2} ?$/;

/** The warning signs a text carries, by kind, and their weight together (help-seeking counted against). */
function crisisCues(normalized: string): { total: number; found: string[] } {
  const text = normalized.length > MAX_CHARS ? normalized.slice(0, MAX_CHARS) : normalized;
  let total = 0;
  const found: string[] = [];
  for (const cue of CUES) {
    // two different signs of one kind ("said goodbye", "gave my things away") count twice
    const seen = new Set<string>();
    for (const match of text.matchAll(cue.pattern)) {
      const before = text.slice(Math.max(0, match.index - 30), match.index);
      if (NEGATION.test(before) && !/\bcan not\b|\bdo not think\b/.test(match[0])) continue;
      if (seen.has(match[0])) continue;
      seen.add(match[0]);
      total += cue.weight;
      found.push(cue.name);
      if (seen.size === 2) break;
    }
  }
  if (SEEKING_HELP.test(text)) total -= SEEKING_WEIGHT;
  SEEKING_HELP.lastIndex = 0;
  return { total, found };
}

/** A crisis hit (self-harm, with the crisis line) when the post adds up; undefined otherwise. */
export function detectCrisis(normalized: string): RedFlagHit | undefined {
  const { total, found } = crisisCues(normalized);
  // One family alone (a post about death, or only means) is not enough: two must agree, unless
  // the one sign is a statement of intent.
  if (total < THRESHOLD || (found.length < 2 && !found.includes('intent'))) return undefined;
  return { family: 'self-harm', crisisLine: true, rule: `crisis-post:${found.join('+')}` };
}

/**
 * Whether a text below the emergency line still carries a warning sign of crisis (talk of dying,
 * being trapped, a plan, a farewell): such a message gets the crisis line wherever it is routed.
 * Means alone (pills, a medicine) is no sign. Reads the patient's text as written, in English and
 * in Spanish (patients mix the two).
 */
export function carriesCrisisSignal(text: string): boolean {
  return crisisCues(normalizeText(text)).found.some((name) => name !== 'means') || SPANISH_CRISIS_SIGNS.test(normalizeSpanish(text));
}

/**
 * The same warning signs in Spanish (accents folded, as normalizeSpanish leaves the text):
 * hopelessness, being a burden, wanting to disappear or not wake up, hurting oneself, a farewell.
 */
const SPANISH_CRISIS_SIGNS =
  /\b(?:sin esperanza|(?:ya )?nada tiene sentido|ya no tiene sentido|no vale la pena (?:vivir|seguir)|no aguanto (?:mas|esto)|ya no puedo mas|ya no quiero (?:vivir|seguir|estar aqui)|quiero desaparecer|(?:soy|seria) una carga|(?:estarian|estaria|estan) mejor sin mi|(?:no quiero|quisiera no) despertar|hacerme dano|lastimarme|cortarme|me (?:he )?cortado|quitarme la vida|matarme|suicid\w*|morirme|despedirme de (?:todos|mi familia|ustedes)|carta de despedida)\b/;
