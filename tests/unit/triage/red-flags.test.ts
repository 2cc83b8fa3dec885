import { normalizeText } from '../../../src/triage/normalize-text';
import { detectRedFlag } from '../../../src/triage/red-flags';
import type { RedFlagFamily } from '../../../src/triage/types';

function setup() {
  return { flag: (text: string) => detectRedFlag(normalizeText(text)) };
}

const MUST_FIRE: ReadonlyArray<[RedFlagFamily, string]> = [
  ['cardiac', 'crushing chest pain since 10 minutes'],
  ['cardiac', 'my chest feels tight and heavy'],
  ['cardiac', 'pressure in my chest and sweating'],
  ['cardiac', 'pain going down my left arm and into my jaw, chest feels weird'],
  ['cardiac', 'i think my husband is having a heart attack'],
  ['cardiac', 'my dad is clutching his chest'],
  ['unresponsive', 'she is shaking and wont respond'],
  ['head-injury', 'she fell off a ladder and now she is confused'],
  ['anaphylaxis', 'his tongue is swelling after a bee sting'],
  ['stroke', 'her face is drooping and her speech is slurred'],
  ['stroke', 'my dad suddenly cant lift his arm and his words come out jumbled'],
  ['stroke', 'sudden numbness on the left side of my body'],
  ['stroke', 'worst headache of my life out of nowhere'],
  ['breathing', "i can't breathe"],
  ['breathing', 'cant catch my breath, getting worse'],
  ['breathing', 'his lips are turning blue'],
  ['breathing', 'wheezing and her inhaler is not helping'],
  ['anaphylaxis', 'ate shrimp and my throat is closing up'],
  ['anaphylaxis', 'my sons lips are swelling after eating peanuts'],
  ['anaphylaxis', 'i just used my epipen'],
  ['bleeding', 'it will not stop bleeding'],
  ['bleeding', 'blood is gushing from the cut on his leg'],
  ['bleeding', 'i am vomiting blood'],
  ['overdose', 'my toddler swallowed some of grandmas pills'],
  ['overdose', 'i took too many of my xanax'],
  ['overdose', 'she drank bleach'],
  ['seizure', 'my son is having a seizure'],
  ['seizure', 'she is seizing and wont stop'],
  ['unresponsive', 'my dad collapsed and is unresponsive'],
  ['unresponsive', 'i cant wake her up'],
  ['choking', 'my baby is choking'],
  ['choking', 'a piece of meat is stuck in his throat'],
  ['head-injury', 'he hit his head and now he is confused and throwing up'],
  ['head-injury', 'fell down the stairs, banged her head, very drowsy now'],
  ['pregnancy', 'i am 20 weeks pregnant and bleeding'],
  ['pregnancy', 'my water broke at 31 weeks'],
  ['infant-fever', 'my 2 week old has a temp of 100.6'],
  ['infant-fever', 'newborn with a fever'],
  ['self-harm', 'i want to kill myself'],
  ['self-harm', 'i dont want to be here anymore'],
  ['self-harm', 'everyone would be better off without me'],
  ['self-harm', "i can't go on"],
  ['self-harm', 'been thinking of ending it'],
  ['self-harm', "there's no reason to live anymore"],
  ['self-harm', 'i started cutting again'],
  ['self-harm', 'i wish i was dead'],
  ['self-harm', 'i can not stop thinking about killing myself'],
  ['self-harm', 'nobody would even miss me if i was gone'],
  ['self-harm', 'i just want it all to end'],
  ['self-harm', "i'm not sure i want to live anymore"],
];

const MUST_NOT_FIRE: readonly string[] = [
  'no chest pain, just a cough',
  'i do not have chest pain but my arm is sore',
  'my dad died of a heart attack',
  'had a stroke last year, need a follow-up',
  'refill my nitroglycerin please',
  'can amlodipine cause chest pain?',
  'what are the signs of a stroke',
  'i get short of breath when i climb stairs',
  "i can't breathe through my nose, so stuffy",
  'need more of my epipens, pharmacy is walgreens',
  'i had an allergic reaction to penicillin as a kid',
  'my gums bleed a lot when i floss',
  'heavy bleeding during my period every month',
  'what happens if you overdose on vitamin c',
  'it took too much time to get an appointment',
  'my son has seizures and needs his keppra refilled',
  'had a seizure last year, need to book my neuro follow up',
  'i fainted yesterday, should i be seen',
  'i bumped my head on the cupboard',
  'can i take advil while pregnant',
  'my 9 month old has a fever of 101',
  "i'm not suicidal, just tired",
  'i would never hurt myself',
  'i cut myself shaving',
  'i hurt myself at the gym',
  "i'm going on vacation and can't go on the trip without my meds",
  'stroke of luck, you are open saturday',
  'my heart is set on switching to your practice',
  'my mother had a stroke 2 years ago and now has trouble swallowing',
  'he had a seizure at school last month, what activities should he avoid',
];

describe('red-flag rules', () => {
  it.each(MUST_FIRE)('when a message shows %s danger ("%s"), then the rule fires for that family', (family, text) => {
    const { flag } = setup();
    expect(flag(text)?.family).toBe(family);
  });

  it.each(MUST_NOT_FIRE)('when "%s" is negated, history or ordinary, then no red flag fires', (text) => {
    const { flag } = setup();
    expect(flag(text)).toBeUndefined();
  });

  it('when suicidal thoughts are written indirectly in a long post, then it fires with the crisis line', () => {
    const { flag } = setup();
    const post =
      "idk why i'm even writing this. work is awful, my friends stopped texting, and every night i lie awake. " +
      "honestly everyone would be better off if i was gone and i've started to give away my stuff.";
    expect(flag(post)).toEqual(expect.objectContaining({ family: 'self-harm', crisisLine: true }));
  });

  it('when an overdose is on purpose, then it is an overdose with the crisis line as well', () => {
    const { flag } = setup();
    expect(flag('I took like 20 of my pills on purpose')).toEqual(expect.objectContaining({ family: 'overdose', crisisLine: true }));
  });

  it('when a physical emergency has no self-harm, then the crisis line is not added', () => {
    const { flag } = setup();
    expect(flag('severe chest pressure and sweating')?.crisisLine).toBe(false);
  });
});
