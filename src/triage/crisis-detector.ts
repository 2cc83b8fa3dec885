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
  { name: 'plan', weight: 3, pattern: /\b(?:(?:have|got|made|making|with) (?:a|the|my) plan|(?:plan|picked|set|chose|chosen) (?:a|the) (?:date|day|time)|a plan and a (?:date|time)|how (?:many|much) (?:\w+ ){0,5}(?:it would|it will|would it|will it|to) (?:take|kill)|(?:ways|methods|how) to (?:do it|die|end it|go) (?:painless\w*|quick\w*|peaceful\w*|without)|painless (?:way|method)|(?:looked|looking|searched|searching|read|reading|researched|researching) (?:up |about |online )?(?:ways|methods|how) to (?:do it|die|end|kill)|(?:collect\w*|sav\w*|stockpil\w*|hoard\w*) (?:up )?(?:my |the |all |them |these |those )?(?:pills|meds|medications|tablets|them)\b|(?:bought|got|have|ordered|found|tied) (?:a|the|some) (?:rope|noose|gun|razor|blades?)|(?:my|his|her|dad|mom|a) (?:\w+ )?(?:gun|pistol|rifle) (?:is )?(?:in|under|loaded)|load(?:ed)? (?:the|my) gun|(?:sitting|sat) in (?:my|the) car in (?:the|my) garage|(?:standing|stood|sitting|sat|stand) (?:on|at) (?:the|my|a) (?:edge|ledge|balcony|roof|railing|bridge|tracks)|(?:tonight|today|this weekend|tomorrow) (?:is|feels like|will be) the (?:night|day))\b/g },
  { name: 'farewell', weight: 3, pattern: /\b(?:(?:wrote|writing|written|write|left|leave|finish\w*) (?:\w+ ){0,2}(?:letters?|notes?|goodbyes?) (?:to|for)|(?:the|my|a|goodbye|suicide) note\b|(?:giving|gave|give|given) (?:away )?(?:\w+ ){0,2}(?:my|all my) (?:things|stuff|belongings|possessions|clothes|games|books)(?: away)?|found (?:someone|somebody|a home|a family|people) (?:to|who will|that will|for) (?:take|look after|care for|adopt)|said (?:my )?goodbyes?|saying goodbye|(?:was|is) goodbye|deleted (?:all )?(?:of )?my (?:accounts|social media|profiles)|(?:my |this (?:will|is) (?:probably |be )?(?:my )?)last (?:post|message|night|day)|(?:affairs|things) in order|(?:updated|wrote|made) (?:my|a) will\b|sorry to (?:whoever|anyone|everyone who)|(?:was|is) not (?:their|your|anyones|his|her) fault|(?:not|never) making it (?:to|past|through)|(?:will not|may not|might not|do not think i will) be (?:here|around|alive)|(?:do not|can not) see myself (?:here|alive|around|making it)|(?:will not|would not) (?:need|have) to worry about (?:any|anything|this|it)|(?:tell|let) (?:them|everyone|my \w+) (?:know )?(?:i love|that i love))/g },
  { name: 'decided', weight: 2, pattern: /\b(?:(?:already |finally |have |i )decided|made (?:up )?my (?:mind|decision)|at peace with (?:it|this|my decision|the decision|dying)|(?:feel|feeling|felt) (?:\w+ )?(?:calm|light|peaceful|relieved) (?:now|about it|since)|for the first time in (?:\w+ )?(?:months|years|weeks) i (?:feel|felt) (?:calm|peace\w*|okay|light)|(?:the|this) (?:night|weekend|week) (?:is|will be) the (?:one|night|weekend)|no turning back|before i (?:go|do it|leave for good))\b/g },
  { name: 'burden', weight: 2, pattern: /\b(?:(?:a|such a|just a|only a) (?:burden|waste of (?:space|air|oxygen|life))|burden (?:on|to) (?:my|everyone|them|everybody|the)|(?:better|easier|happier|lighter) (?:off )?(?:without me|if i (?:was|were|am) (?:not|gone|dead)|with me gone)|(?:lives|life) would be (?:easier|better|simpler)|(?:nobody|no one|noone|not one person) (?:would|will|is going to) (?:even )?(?:notice|care|miss)|(?:world|everyone|everything) would (?:just )?(?:keep going|go on|carry on|be fine)|if i (?:just )?(?:disappeared|vanished|was gone|were gone|died|was not here|were not here|stopped existing)|(?:would|will) get over (?:it|me)|(?:sad|upset) for a (?:while|bit) but)\b/g },
  { name: 'trapped', weight: 1, pattern: /\b(?:can not (?:do|take|handle) (?:this|it|any of this) (?:anymore|any longer|much longer)|out of (?:fight|strength|options|reasons)|(?:done|finished) (?:pretending|trying|fighting)|i am (?:so )?done\b|tired of (?:existing|fighting|trying|being alive|everything|it all)|no way out|(?:trapped|stuck) (?:forever|with no way)|(?:never|not) going to get better|(?:nothing|none of it) (?:has )?(?:ever )?(?:works|worked|helps|helped)|(?:gave|give|giving) up on (?:myself|life|everything)|hopeless|unbearable|(?:failed|fail) at everything|disappointed (?:that )?i (?:woke|wake) up|wish i (?:did not|would not|never) (?:wake|woke)|(?:getting|gotten|got) worse (?:since|every|for years))\b/g },
  { name: 'death', weight: 2, pattern: /\b(?:die|dying|dead|death|kill|killing|suicid\w*|end (?:it|things|everything|my life)|ending (?:it|things|everything)|(?:stop|stopped) (?:being here|existing|breathing)|not (?:be|being) here|disappear\w*|not wake up|overdos\w*|jump(?:ing)? off|(?:how )?quick it would be|the thoughts)\b/g },
  { name: 'means', weight: 1, pattern: /\b(?:pills|rope|noose|gun|pistol|rifle|razor|blades?|bridge|ledge|balcony|train tracks|garage|overdose|looking down)\b/g },
];

/** Emergency from this total; each kind of sign counts once. */
const THRESHOLD = 4;
/** Longest text read: a post this long is read in full, past it only its beginning. */
const MAX_CHARS = 20_000;
const NEGATION = /\b(?:not|no|never|nor|without)\b(?: \w+){0,2} ?$/;

/** A crisis hit (self-harm, with the crisis line) when the post adds up; undefined otherwise. */
export function detectCrisis(normalized: string): RedFlagHit | undefined {
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
  // One family alone (a post about death, or only means) is not enough: two must agree.
  if (total < THRESHOLD || found.length < 2) return undefined;
  return { family: 'self-harm', crisisLine: true, rule: `crisis-post:${found.join('+')}` };
}
