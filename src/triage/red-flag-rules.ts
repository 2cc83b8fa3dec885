import { SPANISH_PHRASINGS } from './red-flag-rules-es';
import { SUGAR_CRISIS_VALUE } from './red-flag-values';
import type { Phrasing, RedFlagRule } from './red-flag-types';
import type { Language } from './types';

export type { Phrasing, RedFlagRule, RuleKind } from './red-flag-types';

/** The red-flag rules, each defined once with its English phrasing (kinds, needs, unless: red-flag-types.ts). */

const PERSON = String.raw`(?:my|his|her|their|our|the|your|a)`;

function rx(source: string): RegExp {
  return new RegExp(source, 'g');
}

export const RED_FLAG_RULES: readonly RedFlagRule[] = [
  // ---- self-harm and suicidal thoughts (crisis line) ----
  {
    id: 'kill-myself',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:kill|killing|end|ending|off|offing|hang|hanging|shoot|shooting|drown|drowning|poison|poisoning|cutting|harming|hurting|burning|mutilate|mutilating) (?:myself|himself|herself|themselves|themself)\b(?! out\b)`,
    ),
  },
  {
    id: 'harm-myself-intent',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:want|wanted|going|urge|urges|tempted|thinking about|thought about|might|try|tried|trying|plan|planning|keep|kept|feel like|felt like) (?:to )?(?:hurt|harm|cut|burn|punish) myself\b|\b(?:hurt|harm|cut|burn|burned) myself (?:again|on purpose|deliberately|intentionally)\b`,
    ),
  },
  {
    // Deliberate self-injury that is bleeding: a wound made on purpose, or cut too deep, with blood
    // that does not stop. The crisis line and 911 both: a person is hurt and is in crisis.
    id: 'self-injury-bleeding',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:cut|cutting|cuts|sliced|slicing|slit|slashed|carved|stabbed|hurt|hurting|harmed|harming)\b(?: (?:\w+|\.)){0,6} (?:on purpose|deliberately|intentionally|purposely)\b|\b(?:on purpose|deliberately|intentionally|purposely)\b(?: (?:\w+|\.)){0,4} (?:cut|sliced|slit|slashed|carved|stabbed)\b|\bself ?harm\w*\b(?: (?:\w+|\.)){0,8} (?:too|really|so|very) deep\b|\b(?:cut|went|gone|go|going|sliced) (?:\w+ ){0,3}(?:too|really|so|very) deep\b`,
    ),
    needs: rx(
      String.raw`\b(?:bleed\w*|bled|blood\w*|gush\w*|pour\w*|soak\w*|spurt\w*|drip\w*|(?:will not|would not|does not|is not|can not) stop|see (?:the )?(?:fat|bone)|gaping|stitches)\b`,
    ),
  },
  {
    id: 'self-harm',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\bself ?(?:harm|harming|harmed|injury|injuring|mutilation)\b|\b(?:started|start|been|keep|kept|urge to|urges to|relapsed|relapse|back to) (?:\w+ )?cutting\b|\bcutting (?:my )?(?:arms?|wrists?|thighs?|legs?) again\b|\b(?:cut|cutting|slit|slitting|slash|slashing) (?:my|his|her) wrists?\b`,
    ),
  },
  {
    id: 'suicide',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(String.raw`\bsuicid\w*\b`),
    // someone else's attempt in the past: the writer asks how to help, a clinician answers
    unless: rx(
      String.raw`\b(?:committed|died by|died of|lost \w+ to) suicide\b|\b(?:brother|sister|friend|son|daughter|mom|mother|dad|father|husband|wife|partner|cousin|boyfriend|girlfriend|uncle|aunt) (?:\w+ )?(?:attempted|tried) suicide (?:last|a few|\d+|in|years?|months?|weeks?|when)\b`,
    ),
  },
  {
    id: 'want-to-die',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:want|wanted|wanting|ready|wish|wishing|plan|planning|decided|deserve|trying|tempted|hope|hoping) to (?:die|be dead|not exist|stop existing|disappear forever|disappear for good|not wake up|never wake up|not be alive|not be here|end (?:it|it all|everything|things|my life|my pain|the pain)|kill myself|go to sleep (?:and|forever)|sleep forever)\b`,
    ),
  },
  {
    id: 'wish-dead',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:wish|wished|hope|hoping|pray|praying) (?:that )?i (?:was|were|had|could|would|will|do not|dont|will not|never) (?:just )?(?:dead|die|died|never been born|never born|not born|not alive|not exist|disappear|not wake up|wake up|never wake up|be dead|gone)\b`,
    ),
    unless: rx(String.raw`\bwish i (?:could|would) (?:just )?wake up\b`),
  },
  {
    id: 'not-want-to-live',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:do not|dont|no longer|never|not) (?:really )?(?:want|wanna|deserve|feel like|wish) to (?:live|be alive|exist|be here|wake up|go on(?! (?:a|an|the|vacation|trips?|holiday|dates?)\b)|keep living|continue living|be around (?:anymore|any longer)|be on this earth)\b|\b(?:do not|dont|no longer) (?:think|feel like|know if) i (?:want|can) (?:to )?(?:live|be alive|go on|keep going|be here)\b`,
    ),
  },
  {
    id: 'no-reason-to-live',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:no|nothing|not any|not a|lost (?:my|all|any)) (?:reason|point|purpose|will) (?:to|in|of|for) (?:live|living|life|go on|going on|being alive|being here|keep going|exist|existing)\b|\bnothing (?:left )?to live for\b|\b(?:what is|whats|why is there) the point (?:of|in) (?:living|going on|being alive|being here|my life|life anymore|anything anymore|even trying|it all)\b|\b(?:do not|can not|no longer|never) see (?:the|any|a) (?:point|reason) (?:in|of|to) (?:living|life|going on|being alive|being here|anything|trying|keep going|live)\b|\b(?:life is not|life is no longer|life isnt|not) worth living\b`,
    ),
  },
  {
    id: 'better-off-without-me',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:nobody|no one|noone) (?:would|will|is going to) (?:even )?(?:miss me|care if i (?:died|was gone|disappeared|killed myself|was dead)|notice if i (?:died|was gone|disappeared))\b|\bbetter off (?:dead|without me|if i (?:was|were|am) (?:gone|dead|not here|never born|not around)|with me gone|if i died|when i am gone)\b|\b(?:world|everyone|everybody|family|they) (?:would|will) be (?:better|happier) (?:off )?(?:without me|if i (?:was|were) gone)\b`,
    ),
  },
  {
    id: 'want-it-to-end',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\bwant (?:it all|everything|the pain|my life|life|this life|it) to (?:end|be over|stop forever)\b|\b(?:not|never) (?:to )?wake up again\b|\bsleep and (?:never|not) wake up\b|\bgo to sleep forever\b|\bend (?:my|the) suffering\b|\b(?:not sure|do not know if|unsure if|wonder if|wondering if) i (?:want|wanna) to (?:live|be alive|be here|keep going|go on|keep living)\b`,
    ),
  },
  {
    id: 'can-not-go-on',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:can not|could not|can no longer) (?:go on(?! (?:a|an|the|vacation|trips?|holiday|dates?|my|with)\b)|keep going(?! to\b)|carry on|keep living|live like this|live this way|do life|handle life|take life)\b`,
    ),
  },
  {
    id: 'thinking-of-ending',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:thinking|thought|thoughts|think|thinks|fantasi[sz]e|fantasi[sz]ing|dreaming) (?:a lot )?(?:about|of) (?:ending it|ending things|ending everything|ending my life|ending it all|killing myself|taking my (?:own )?life|overdosing|an overdose|taking all my pills|jumping off|hanging myself|dying|my death|death(?! in general| of (?:a|my|her|his|our|the|someone))|not being here|not waking up|not existing|being dead|disappearing forever)\b|\b(?:end|ending|take|taking) (?:it all|my (?:own )?life(?! back)|everything tonight)\b|\bend it (?:tonight|today|soon|now)\b`,
    ),
  },
  {
    id: 'suicide-method',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\bnoose\b|\brope around my neck\b|\bjump (?:off|from) (?:a|the|this|that) (?:bridge|building|roof|cliff|overpass|balcony)\b|\bjump in front of (?:a|the) (?:train|bus|car|truck)\b|\bgun to my head\b|\b(?:stockpil\w*|saving up|hoarding) (?:my )?(?:pills|meds|medications)\b|\boverdose on purpose\b|\b(?:suicide|goodbye) (?:note|letter|notes|letters)\b|\bgive away (?:all )?my (?:stuff|things|belongings)\b|\bsaid my goodbyes\b|\b(?:bought|got|tied|have) a (?:rope|noose)\b|\b(?:will not|may not|might not) be (?:around|here|alive) (?:much )?(?:longer|for long|tomorrow|by (?:tomorrow|monday|the weekend))\b|\b(?:this is|tonight is|today is) (?:my )?last (?:night|post|message|day) (?:alive|on earth|here)\b|\bthis is my (?:last|final) (?:post|message|goodbye)\b`,
    ),
  },
  {
    id: 'tired-of-living',
    family: 'self-harm',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:tired|sick|exhausted|done) (?:of|with) (?:living|being alive|life|existing|my life|it all)\b(?! insurance)`,
    ),
  },

  // ---- pregnancy bleeding or early labour ----
  {
    id: 'pregnancy-danger',
    family: 'pregnancy',
    kind: 'symptom',
    pattern: rx(String.raw`\b(?:pregnant|pregnancy|weeks along|trimester|expecting a baby)\b`),
    needs: rx(
      String.raw`\b(?:bleed\w*|blood|hemorrhag\w*|spotting|contractions?|water (?:just )?broke|waters broke|water breaking|leaking fluid|gush of (?:fluid|water)|severe (?:pain|cramp\w*|headache|stomach pain|abdominal pain)|cramping|cramps|baby (?:is not|has not been|stopped|not|has stopped) (?:moving|kicking)|(?:less|no|decreased|reduced) (?:fetal )?movement|moving less|fainted|passed out|seizure|seeing spots|vision (?:is )?(?:blurry|blurred))\b`,
    ),
  },
  {
    id: 'labour-early',
    family: 'pregnancy',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:water (?:just )?broke|waters (?:just )?broke|preterm labou?r|premature labou?r|early labou?r|going into labou?r|contractions (?:every|are) \d+ minutes|miscarrying|having a miscarriage|ectopic)\b`,
    ),
  },

  // ---- infant with a fever ----
  {
    id: 'infant-fever',
    family: 'infant-fever',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:newborn|infant|neonate|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve) (?:day|days|week|weeks) old|(?:1|2|3|one|two|three) (?:month|months) old|baby|babies|bub)\b`,
    ),
    needs: rx(String.raw`\b(?:fever\w*|temperature|temp|hot to the touch|burning up|10[0-7](?:\.\d)?|3[89](?:\.\d)?)\b`),
    unless: rx(
      String.raw`\b(?:[4-9]|1[0-9]|four|five|six|seven|eight|nine|ten|eleven|twelve) months? old\b|\bbaby (?:teeth|tooth|shower|powder|oil|food|wipes|monitor|aspirin)\b`,
    ),
  },
  {
    id: 'child-fever-danger',
    family: 'infant-fever',
    kind: 'symptom',
    pattern: rx(String.raw`\b(?:fever|temperature|temp)\b`),
    needs: rx(
      String.raw`\b(?:stiff neck|neck is stiff|purple (?:rash|spots)|rash (?:that )?(?:does not|will not) fade|will not wake|hard to wake|limp|lethargic|floppy|no wet diapers?|not (?:drinking|peeing) (?:at all|anything)|10[5-7](?:\.\d)?)\b`,
    ),
  },
  // ---- cardiac ----
  {
    id: 'chest-pain',
    family: 'cardiac',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bchest (?:pain|pains|pressure|tightness|tight|heaviness|discomfort|hurts|hurting|ache|aches|aching|squeezing|crushing|is (?:tight|heavy|hurting|killing me|squeezing)|feels (?:tight|heavy|like (?:an elephant|someone|something))|(?:is|feels) being (?:crushed|squeezed))\b|\b(?:pain|pains|pressure|tightness|squeezing|heaviness|crushing|ache|aching|discomfort|stabbing) (?:in|on|across|around|behind) (?:my|his|her|their|the) (?:chest|heart|sternum)\b`,
    ),
    unless: rx(String.raw`\bheartburn\b`),
  },
  {
    id: 'heart-hurts',
    family: 'cardiac',
    kind: 'symptom',
    pattern: rx(String.raw`\b(?:heart|heart area) (?:hurts|is hurting|pain|aches)\b`),
    // "my heart hurts since he left me" is grief, not angina
    unless: rx(
      String.raw`\b(?:heartburn|sad|sadness|left me|breakup|broke up|divorce\w*|miss (?:him|her|them)|lonely|grie\w*|heartbroken|broken heart|cheated|passed away|died)\b`,
    ),
  },
  {
    id: 'heart-attack',
    family: 'cardiac',
    kind: 'event',
    pattern: rx(String.raw`\b(?:heart attack|heartattack|cardiac arrest|myocardial infarction)\b`),
  },
  {
    id: 'clutching-chest',
    family: 'cardiac',
    kind: 'acute',
    pattern: rx(String.raw`\b(?:clutching|grabbing|gripping|holding|clutched|grabbed) (?:at )?(?:my|his|her|their) (?:chest|heart)\b`),
  },
  {
    id: 'radiating-pain',
    family: 'cardiac',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:pain|ache|pressure|tightness|numbness|tingling) (?:\w+ ){0,2}(?:radiating|radiates|spreading|spreads|going|goes|shooting|shoots|moving|travel\w*) (?:down|up|to|into|through) (?:${PERSON} )?(?:left )?(?:arm|jaw|neck|shoulder blade)\b`,
    ),
    needs: rx(String.raw`\b(?:chest|heart|sweat\w*|short of breath|breathless|nause\w*|jaw)\b`),
  },
  {
    id: 'left-arm',
    family: 'cardiac',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bleft arm (?:is )?(?:numb|tingling|tingles|hurts|pain|aching|heavy|weak)\b|\b(?:pain|numbness|tingling) in (?:my|his|her) left arm\b`,
    ),
    needs: rx(String.raw`\b(?:chest|heart|sweat\w*|short of breath|breathless|nause\w*|jaw|dizzy)\b`),
  },

  // ---- stroke (BE-FAST) ----
  {
    id: 'stroke',
    family: 'stroke',
    kind: 'event',
    pattern: rx(String.raw`(?<!\b(?:heat|sun|back|breast|brush|key|master|golf|swim|swimming|paint) )\b(?:stroke|strokes)\b(?! of)`),
  },
  {
    id: 'face-droop',
    family: 'stroke',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:face|mouth|smile|lip|side of (?:my|his|her|their) (?:face|mouth)) (?:is |was |looks |seems |started |starts |went |has gone )?(?:drooping|droopy|droops|drooped|sagging|saggy|crooked|lopsided|uneven|paralyzed|frozen|numb on one side)\b|\b(?:drooping|droopy|crooked|lopsided) (?:face|mouth|smile)\b`,
    ),
  },
  {
    id: 'slurred-speech',
    family: 'stroke',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:slurred|slurring|slurry|garbled|jumbled) (?:speech|words|talking|voice)\b|\b(?:speech|talking|words|voice) (?:is |are |was |seems |sounds |became |got )?(?:all )?(?:slurred|slurring|garbled|jumbled|not making sense)\b|\bis slurring\b|\b(?:suddenly|all of a sudden) (?:can not|could not|unable to) (?:speak|talk|understand)\b|\b(?:can not|could not|unable to) (?:speak|get (?:the|his|her|my) words out|form words)\b`,
    ),
  },
  {
    id: 'one-side-weakness',
    family: 'stroke',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:numb|numbness|weak|weakness|tingling|paralyzed|paralysis|droop\w*|can not (?:move|feel)) (?:\w+ ){0,4}(?:one side|left side|right side|half of (?:my|his|her|the) (?:body|face))\b|\bone side of (?:my|his|her|their) (?:body|face) (?:is |went |feels )?(?:numb|weak|dead|heavy|drooping|paralyzed)\b`,
    ),
  },
  {
    id: 'arm-weakness',
    family: 'stroke',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:can not|could not|unable to|can barely) (?:lift|raise|hold up|move) (?:my|his|her|their) (?:left |right )?(?:arm|arms|leg|legs)\b`,
    ),
    needs: rx(String.raw`\b(?:sudden|suddenly|face|speech|slur\w*|droop\w*|numb\w*|confus\w*|stroke|one side|talk\w*|words)\b`),
  },
  {
    id: 'sudden-vision-headache',
    family: 'stroke',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bsudden(?:ly)? (?:\w+ ){0,2}(?:vision loss|loss of vision|lost (?:my |his |her )?vision|went blind|blind in one eye|can not see|double vision)\b|\bworst headache (?:of (?:my|his|her) life|ever|i have ever had)\b|\bthunderclap headache\b|\bsudden(?:ly)? (?:a )?(?:severe|terrible|horrible|excruciating) headache\b|\bsudden(?:ly)? (?:confused|can not walk|lost (?:my|his|her) balance)\b`,
    ),
  },

  // ---- breathing ----
  {
    id: 'can-not-breathe',
    family: 'breathing',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:can not|could not|can barely|cant|unable to|hard to|struggling to|struggle to|trouble|difficulty|difficult to|hard time|fighting to|barely) (?:catch (?:my|his|her|their|a) breath|breathe|breath|breathing|get (?:enough )?air|take a breath)\b(?! (?:through|out of|from|with) (?:my|his|her|the|their) nose)`,
    ),
    unless: rx(String.raw`\b(?:stuffy|stuffed|blocked|congested|runny) nose\b|\bnose is (?:stuffed|blocked|congested)\b`),
  },
  {
    id: 'not-breathing',
    family: 'breathing',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:not breathing|stopped breathing|is not breathing|barely breathing|no breathing|gasping|choking for air|fighting for air|struggling for air|air hunger)\b|\b(?:lips|face|fingers|skin|mouth) (?:are |is |turning |turned |look |looks |going |went )?(?:blue|purple|grey|gray)\b|\bturning (?:blue|purple)\b`,
    ),
  },
  {
    id: 'short-of-breath',
    family: 'breathing',
    kind: 'symptom',
    pattern: rx(String.raw`\b(?:short(?:ness)? of breath|breathless|out of breath|can not get my breath|asthma attack|wheezing|wheezy)\b`),
    unless: rx(
      String.raw`\b(?:when|after|while|during|if) (?:i |he |she |we )?(?:walk\w*|climb\w*|exercis\w*|run|running|jog\w*|work\w* out|lying|lie|sleep\w*|stairs|lifting|gym|play\w*)\b|\bstairs\b|\bsometimes\b|\bfor (?:a few |several |many )?(?:weeks|months|years)\b|\bexercise\b|\bat night\b|\bin the morning\b|\b(?:a |as a )?(?:kid|child)\b`,
    ),
  },
  {
    id: 'wheezing-severe',
    family: 'breathing',
    kind: 'acute',
    pattern: rx(String.raw`\b(?:wheezing|wheezy|asthma attack|short of breath)\b`),
    needs: rx(
      String.raw`\b(?:inhaler|nebulizer|albuterol|puffer) (?:is )?(?:not|is not|does not|did not|not really) (?:helping|working|help|work)\b|\blips (?:are |turning )?blue\b|\bcan not (?:talk|speak) in full sentences\b`,
    ),
  },

  // ---- anaphylaxis ----
  {
    id: 'anaphylaxis',
    family: 'anaphylaxis',
    kind: 'event',
    pattern: rx(
      String.raw`\banaphyla\w*\b|\b(?:severe|bad|serious|major) allergic reaction\b|\b(?:having|is having|am having|going into) (?:an |a )?(?:allergic reaction|reaction)\b`,
    ),
  },
  {
    id: 'throat-closing',
    family: 'anaphylaxis',
    kind: 'acute',
    pattern: rx(
      String.raw`\bthroat (?:is |feels |feel |keeps |started |starting |seems )?(?:closing|closing up|tight|tightening|constricting|getting tight|getting smaller)\b|\bthroat (?:is |feels )?(?:swelling|swollen|swelling up) (?:shut|closed)\b`,
    ),
  },
  {
    id: 'allergic-swelling',
    family: 'anaphylaxis',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:tongue|lips|lip|face|mouth|eyes|eye|throat) (?:is |are |keeps |started |starting |seems |got |getting )?(?:swelling|swollen|puffing up|puffy|blowing up|blown up)\b|\b(?:hives|welts) (?:all over|everywhere)\b`,
    ),
    needs: rx(
      String.raw`\b(?:allerg\w*|ate|eating|eaten|peanuts?|nuts?|shellfish|shrimp|sting|stung|bee|wasp|hives|reaction|after (?:taking|i took|he took|she took|eating)|antibiotic|penicillin|amoxicillin|epi ?pen|breath\w*|swallow\w*)\b`,
    ),
    unless: rx(String.raw`\b(?:sore|strep|tonsil\w*)\b`),
  },
  {
    id: 'epipen-used',
    family: 'anaphylaxis',
    kind: 'acute',
    pattern: rx(String.raw`\b(?:used|use|gave|give|needed|need to use|injected|had to use) (?:my|his|her|the|an|their|our) epi ?pens?\b`),
  },

  // ---- severe bleeding ----
  {
    id: 'heavy-bleeding',
    family: 'bleeding',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bbleed(?:ing|s)? (?:\w+ ){0,2}(?:a lot|heavily|badly|so much|profusely|everywhere|nonstop|non stop|like crazy|uncontrollably|through (?:the|a|my|his|her) (?:towel|bandage|gauze|shirt))\b|\b(?:can not|could not|will not|would not|unable to|can not get (?:it|the bleeding) to) stop (?:the )?bleeding\b|\bbleeding (?:\w+ ){0,2}(?:will not|would not|does not|is not|has not|wont|not) stop\w*\b|\b(?:heavy|severe|massive|uncontrolled|uncontrollable) bleeding\b|\bblood (?:is )?(?:gushing|spurting|pouring|squirting|everywhere|all over)\b|\b(?:gushing|spurting|pouring|squirting) blood\b|\blost a lot of blood\b`,
    ),
    unless: rx(String.raw`\b(?:period|periods|menstrua\w*|time of the month|gums?|nose ?bleeds?|hemorrhoids?)\b`),
  },
  {
    id: 'vomiting-blood',
    family: 'bleeding',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:vomiting|throwing up|threw up|puking|puked|coughing up|coughed up|spitting up) (?:\w+ )?blood\b|\bblood in (?:my|his|her) vomit\b|\b(?:got|been|was|were|is) (?:stabbed|shot)\b|\bgunshot\b|\b(?:severed|cut off|chopped off) (?:my|his|her|a) (?:finger|toe|hand)\b`,
    ),
  },

  // ---- overdose and poisoning ----
  { id: 'overdose', family: 'overdose', kind: 'event', pattern: rx(String.raw`\b(?:overdose|overdosed|overdosing)\b`) },
  {
    id: 'took-too-many',
    family: 'overdose',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:took|taken|swallowed|downed|popped) (?:like |about |around |maybe |almost |over |probably )?(?:too many|too much|a bunch of|a handful of|handfuls of|a whole bottle|the whole bottle|an entire bottle|the rest of|all (?:of )?(?:my|his|her|the|their|those) (?:pills|tablets|meds|medications|sleeping pills|\w+ pills)|(?:\d{2,}|ten|twelve|fifteen|twenty|thirty|forty|fifty|several|dozens of|lots of|a lot of) (?:of )?(?:my|his|her|the|those|these)?\s?(?:\w+ )?(?:pills|tablets|tabs|capsules|gummies|xanax|tylenol|advil|sleeping pills))\b`,
    ),
    unless: rx(
      String.raw`\btoo (?:much|many) (?:time|money|effort|energy|days|hours|steps|photos|pictures|screenshots)\b|\b(?:as prescribed|on time|every day|like i am supposed to)\b`,
    ),
  },
  {
    id: 'poison-ingested',
    family: 'overdose',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:swallowed|drank|ate|ingested|got into|drinking|eating|chewed) (?:\w+ ){0,3}(?:bleach|poison|antifreeze|detergent|laundry pods?|tide pods?|dishwasher pods?|button batter(?:y|ies)|batter(?:y|ies)|rat poison|pesticide|insecticide|weed killer|drain cleaner|cleaning products?|chemicals|lighter fluid|gasoline|lamp oil|nail polish remover|magnets|(?:\w+ )?(?:pills|medicine|medication|medications|meds|vitamins|gummies|edibles|tablets))\b|(?<!\bfood )\bpoison(?:ed|ing)?\b(?! (?:ivy|oak|sumac))|\bpoison control\b|\bcarbon monoxide\b`,
    ),
    unless: rx(
      String.raw`\bi (?:swallowed|ate|chewed) (?:my|the|a) (?:pills?|meds|medicine|medication|medications|vitamins?|gummies|tablets?)\b|\b(?:can not|trouble|hard to|difficulty) swallow\w*\b`,
    ),
  },
  {
    id: 'pills-with-alcohol',
    family: 'overdose',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:took|mixed|combined|swallowed|popped) (?:\w+ ){0,3}(?:xanax|benzos?|pills|opioids?|oxy\w*|percocet|valium|klonopin|ativan|ambien|sleeping pills|painkillers|fentanyl|heroin) (?:\w+ ){0,2}(?:with|and) (?:vodka|alcohol|whiskey|beer|wine|liquor|booze|drinks|rum|tequila)\b`,
    ),
  },

  // ---- seizure ----
  {
    id: 'seizing-now',
    family: 'seizure',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:having|is having|am having|has been having|in the middle of) (?:a |another |what looks like a )?(?:seizure|seizures|fit|convulsion|convulsions)\b|\b(?:seizing|convulsing)\b(?! up)|\bseizure (?:right now|now|is not stopping|will not stop|for \d+ minutes|lasting)\b|\b(?:shaking|jerking) (?:all over|uncontrollably) and (?:not responding|will not respond|unresponsive)\b`,
    ),
  },
  {
    id: 'seizure',
    family: 'seizure',
    kind: 'event',
    pattern: rx(String.raw`\b(?:seizure|seizures|convulsion|convulsions)\b`),
    unless: rx(
      String.raw`\b(?:seizure|epilepsy|anti ?seizure) (?:meds|medications?|medicines?|pills|drugs?|disorder|free|action plan)\b|\bepilep\w*\b`,
    ),
  },

  // ---- unresponsive or collapsed ----
  {
    id: 'unresponsive',
    family: 'unresponsive',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:unresponsive|unconscious|not responding|will not respond|would not respond|does not respond|is not responding|non responsive|nonresponsive|not responsive|will not wake up|would not wake up|can not wake (?:him|her|them|my \w+|up)|not waking up|does not respond|is not moving|went limp|is limp|limp and|no pulse|has no pulse|knocked out cold)\b`,
    ),
  },
  {
    id: 'collapsed',
    family: 'unresponsive',
    kind: 'symptom',
    pattern: rx(String.raw`\b(?:passed out|blacked out|collapsed|fainted|keeled over)\b`),
    unless: rx(
      String.raw`\bi (?:just |have |had |almost |nearly )?(?:passed out|blacked out|collapsed|fainted)\b|\b(?:almost|nearly) (?:passed out|fainted)\b`,
    ),
  },

  // ---- choking ----
  {
    id: 'choking',
    family: 'choking',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:is choking|choking on|choked on|started choking|he is choking|she is choking|baby is choking|choking|chocking)\b|\b(?:something|food|a piece of \w+|a \w+) (?:is )?stuck in (?:my|his|her|their) (?:throat|windpipe|airway)\b`,
    ),
    unless: rx(String.raw`\b(?:sometimes|always|often|used to|every time|keep choking on (?:my )?(?:food|water|pills))\b`),
  },

  // ---- racing heart with dizziness, fainting, chest pain or a feeling of doom ----
  {
    id: 'racing-heart',
    family: 'cardiac',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:heart|pulse|heartbeat|heart rate) (?:is |keeps |has been |started |starts |feels like it is |feels like its )?(?:racing|pounding|beating (?:\w+ )?(?:fast|hard|irregular\w*)|going (?:\w+ )?fast|fluttering|flip flopping|skipping beats|irregular|all over the place|(?:at |over |above )?(?:1[5-9]\d|2\d\d))\b|\b(?:racing|pounding|irregular) (?:heart|heartbeat|pulse)\b|\bpalpitations\b`,
    ),
    needs: rx(
      String.raw`\b(?:dizzy|dizziness|lightheaded|light headed|faint\w*|passed out|pass out|blacking out|black out|chest|short of breath|can not (?:breathe|catch)|breathless|doom|going to die|about to die|(?:something|anything) (?:terrible|bad|awful|horrible) (?:is going to|is about to|will) happen|confus\w*|vision (?:is )?(?:going|blurry|dark))\b`,
    ),
    unless: rx(String.raw`\b(?:excit\w*|in love|crush|nervous about|date with)\b`),
  },

  // ---- thoughts of harming others, a weapon in hand, or being attacked ----
  {
    id: 'weapon-fear',
    family: 'violence',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:holding|have|got|grabbed|picked up|holding onto|sitting with|standing with) (?:a|the|my|his|her) (?:\w+ )?(?:knife|gun|blade|razor|weapon|pistol|rifle|shotgun|bat|machete)\b`,
    ),
    needs: rx(
      String.raw`\b(?:scared|afraid|terrified|worried|frightened) (?:of )?(?:what |that )?(?:i|he|she) (?:might|will|could|am going to|is going to|may) (?:do|hurt|use)|(?:going to|might|want to|about to|will) (?:hurt|kill|stab|shoot|use it on) (?:someone|somebody|him|her|them|myself|me|us|people|my \w+)|(?:lose|losing|lost) control|threaten\w*|do something (?:bad|terrible|stupid|i will regret)\b`,
    ),
  },
  {
    id: 'harm-others',
    family: 'violence',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:want|wanted|going|urge|urges|thinking about|thoughts (?:of|about)|feel like|tempted|afraid i will|afraid i might|scared i will|scared i might|plan|planning) (?:to )?(?:kill|hurt|stab|shoot|strangle|smother|harm|drown) (?:someone|somebody|him|her|them|my (?:wife|husband|boyfriend|girlfriend|mom|mother|dad|father|baby|newborn|son|daughter|kids?|children|partner|roommate|boss|family|neighbou?r)|people|everyone|the baby)\b|\bhomicidal\b`,
    ),
    unless: rx(String.raw`\b(?:lol|lmao|haha\w*|jk|joking|kidding|just kidding|metaphor\w*|video game|in the game)\b`),
  },
  {
    id: 'being-attacked',
    family: 'violence',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:someone|somebody|a man|a guy|he|she|they|my (?:husband|wife|boyfriend|girlfriend|partner|ex)) (?:is |are )?(?:breaking in|attacking me|beating me|hitting me|choking me|strangling me|threatening (?:me|us) with (?:a|his|her) (?:knife|gun))\b`,
    ),
  },

  // ---- trauma: spine, open fracture, crashes, deep injury ----
  {
    id: 'spine-injury',
    family: 'trauma',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:can not|could not|unable to|can barely) (?:feel|move) (?:his|her|my|their|your) (?:legs?|feet|foot|arms?|hands?|toes|body)\b|\b(?:numb|paralyzed|no feeling) (?:from|below) (?:the|his|her|my) (?:waist|neck|chest|shoulders)(?: down)?\b|\b(?:broke|broken|injured|hurt) (?:his|her|my|their) (?:neck|spine|back) (?:and|so) (?:can not|could not)\b|\bspinal (?:cord )?injury\b`,
    ),
    needs: rx(
      String.raw`\b(?:fell|fall|fallen|falling|crash\w*|accident|hit by|dove|dived|diving|dive|landed|thrown|tackled|tackle|jumped|collision|wreck|injur\w*|hurt|neck|spine|back|trampoline|ladder|roof|stairs|horse|bike|motorcycle)\b`,
    ),
  },
  {
    id: 'open-fracture',
    family: 'trauma',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bbone (?:is |was )?(?:sticking|poking|coming|jutting|protruding|popping|showing) (?:out|through)\b|\b(?:open|compound) fracture\b|\b(?:see|seeing|can see) (?:the |his |her |my )?bone\b|\bbone (?:through|out of) (?:the |his |her |my )?skin\b|\b(?:leg|arm|ankle|wrist) (?:is )?(?:bent|twisted|pointing) (?:the wrong way|backwards|sideways)\b`,
    ),
  },
  {
    id: 'crash-injury',
    family: 'trauma',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:hit|struck|run over|ran over|knocked down) by (?:a|the) (?:car|truck|bus|train|van|motorcycle|suv)\b|\b(?:car|motorcycle|bike|bicycle|truck) (?:crash|accident|wreck)\b(?=.*\b(?:bleed\w*|blood|unconscious|not moving|can not move|trapped|pinned|pain|hurt|injur\w*|passed out|not breathing)\b)|\btrapped (?:in|under) (?:the|a) (?:car|vehicle|rubble)\b`,
    ),
  },

  // ---- environmental: burns, smoke, electric shock, drowning, heat stroke ----
  {
    id: 'electric-shock',
    family: 'environmental',
    kind: 'acute',
    pattern: rx(
      String.raw`\belectrocut\w*\b|\b(?:struck|hit) by lightning\b|\b(?:touched|hit|grabbed) (?:a |the )?(?:power line|live wire|downed line)\b|\b(?:electric|electrical) shock\b(?=.*\b(?:confus\w*|unconscious|passed out|chest|heart|burn\w*|not breathing|can not (?:move|feel)|not making sense|numb|seizure|fell)\b)`,
    ),
  },
  {
    id: 'severe-burn',
    family: 'environmental',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:severe|bad|major|deep|third degree|3rd degree|large|huge|big) burns?\b(?! (?:from|after) (?:the )?(?:sun|tanning))|\bburn(?:ed|t|s)? (?:\w+ ){0,2}(?:face|whole (?:arm|leg|back|chest)|entire|chest|airway|mouth|throat|eyes)\b(?=.*\b(?:fire|boiling|chemical|acid|flame\w*|hot oil|grease|explosion|stove|blister\w*|skin (?:is )?(?:white|black|charred|peeling))\b)|\b(?:caught (?:on )?fire|clothes (?:caught|are|were) on fire)\b|\bsmoke inhalation\b|\b(?:breathed|inhaled) (?:in )?(?:a lot of |lots of |so much |thick )?smoke\b|\b(?:chemical|acid|lye|bleach) (?:in|splashed (?:in|into)) (?:my|his|her|their) eyes?\b`,
    ),
    unless: rx(String.raw`\bsun ?burn\w*\b|\bheartburn\b|\brazor burn\b|\brug burn\b|\bcalories\b`),
  },
  {
    id: 'drowning',
    family: 'environmental',
    kind: 'acute',
    pattern: rx(
      String.raw`\b(?:almost|nearly) drown\w*\b|\bnear drowning\b|\bpulled (?:\w+ ){0,3}(?:out of|from) (?:the )?(?:pool|water|lake|bath|bathtub|tub|river|ocean|sea)\b|\bfound (?:\w+ ){0,3}(?:face down|floating|under water|underwater) in\b|\bis drowning\b`,
    ),
  },
  {
    id: 'heat-stroke',
    family: 'environmental',
    kind: 'symptom',
    pattern: rx(
      String.raw`\bheat ?stroke\b|\b(?:stopped|not|is not|has stopped) sweating\b(?=.*\b(?:hot|heat|sun|outside|confus\w*)\b)|\bhypothermi\w*\b|\b(?:skin is|skin feels) (?:hot and dry|burning hot and dry)\b`,
    ),
    needs: rx(
      String.raw`\b(?:confus\w*|passed out|fainted|collapsed|unconscious|not making sense|seizure|will not wake|vomit\w*|slurr\w*|not sweating|stopped sweating|shivering stopped|stopped shivering|drowsy|disoriented|hot and dry)\b`,
    ),
  },

  // ---- a diabetic emergency: very low or very high sugar with a change in mental state ----
  {
    id: 'sugar-crisis',
    family: 'diabetic',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:blood )?(?:sugar|glucose|bg|bs|reading) (?:is |was |of |at |reads |says |level is |levels are |dropped to |went down to |only )*${SUGAR_CRISIS_VALUE}\b|\b(?:low blood sugar|hypoglyc\w*|insulin (?:shock|reaction)|diabetic (?:coma|shock|emergency)|dka|ketoacidosis)\b`,
    ),
    needs: rx(
      String.raw`\b(?:confus\w*|not making (?:any )?sense|passed out|unconscious|will not wake|can not wake|hard to wake|slurr\w*|seizure|acting (?:drunk|strange|weird|funny)|disoriented|unresponsive|not responding|shaking and sweating|sweating and shaking|breathing (?:fast|hard|heavy|really fast|very fast)|drowsy|very sleepy|so sleepy|lethargic|fruity|combative|can not (?:swallow|eat|keep))\b`,
    ),
  },

  // ---- sudden severe pain, a rigid belly, a twisted testicle ----
  {
    id: 'sudden-severe-pain',
    family: 'severe-pain',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:sudden|suddenly|out of nowhere|all of a sudden)(?: \w+){0,3} (?:severe|excruciating|unbearable|tearing|ripping|worst|intense) (?:\w+ ){0,2}(?:pain|ache)\b|\b(?:tearing|ripping) (?:pain|feeling) (?:in|through|into) (?:my|his|her|the) (?:chest|back|belly|stomach|abdomen)\b|\b(?:worst|most excruciating) pain (?:of (?:my|his|her) life|i have ever (?:had|felt))\b|\b(?:stomach|belly|abdomen|tummy) (?:is |feels |went )?(?:rigid|hard as a (?:board|rock))\b|\b(?:sudden|severe) (?:\w+ )?(?:pain|swelling) in (?:my|his|her|one) (?:testicle|testicles|scrotum|balls)\b|\btesticle (?:is )?(?:twisted|torsion)\b|\b(?:vomit\w*|throwing up|threw up) (?:what looks like )?coffee grounds\b|\bblack tarry (?:stool|poop)s?\b`,
    ),
  },

  // ---- head injury with confusion or vomiting ----
  {
    id: 'head-injury',
    family: 'head-injury',
    kind: 'symptom',
    pattern: rx(
      String.raw`\b(?:hit|bumped|banged|smacked|struck|hurt|injured|cracked|whacked|slammed) (?:\w+ ){0,2}head\b|\bhead (?:injury|injuries|trauma|wound)\b|\bconcussion\b|\bfell (?:\w+ ){0,6}head\b|\bknocked (?:out|unconscious)\b|\b(?:fell|fallen|fall) (?:\w+ ){0,4}(?:ladder|stairs|roof|bike|horse|tree|bed|balcony|scaffold\w*)\b`,
    ),
    needs: rx(
      String.raw`\b(?:confus\w*|disoriented|vomit\w*|throwing up|threw up|puk\w*|passed out|knocked out|unconscious|blacked out|drowsy|sleepy|will not wake|not making sense|slurr\w*|seizure|blurry|double vision|dizzy|bleeding|blood|memory|does not remember|can not remember|not acting right|acting (?:strange|weird|funny)|pupils|clear fluid|(?:blood )?thinners?|eliquis|xarelto|warfarin|coumadin)\b`,
    ),
  },
];

/** The rules with another language's phrasing; a phrasing for a rule that does not exist is a mistake. */
function phrased(language: string, phrasings: Readonly<Record<string, Phrasing>>): readonly RedFlagRule[] {
  const ids = new Set(RED_FLAG_RULES.map((r) => r.id));
  for (const id of Object.keys(phrasings)) {
    if (!ids.has(id)) throw new Error(`red-flag phrasing (${language}) for "${id}", which is not a rule`);
  }
  return RED_FLAG_RULES.flatMap((rule) => {
    const phrasing = phrasings[rule.id];
    return phrasing ? [{ id: rule.id, family: rule.family, kind: rule.kind, ...phrasing }] : [];
  });
}

const RULES_BY_LANGUAGE: Readonly<Record<Language, readonly RedFlagRule[]>> = {
  en: RED_FLAG_RULES,
  es: phrased('es', SPANISH_PHRASINGS),
};

/** The red-flag rules in one language, in the order they are tried. */
export function redFlagRules(language: Language): readonly RedFlagRule[] {
  return RULES_BY_LANGUAGE[language];
}
