import { detectCrisis } from '../../../src/triage/crisis-detector';
import { CrisisModel } from '../../../src/triage/crisis-model';
import { loadRouter } from '../../../src/triage/load-router';
import { normalizeText } from '../../../src/triage/normalize-text';

function setup() {
  const router = loadRouter();
  return { crisis: (text: string) => detectCrisis(normalizeText(text)), route: (text: string) => router.route(text) };
}

/** Written for these tests: crisis told indirectly, the telling sentence anywhere in the post. */
const CRISIS_POSTS = [
  'Work is fine, I guess. People think I am doing great. But I have spent the last month putting my affairs in order and ' +
    'I found a family to adopt my dog. When it is done nobody will have to deal with my mess anymore.',
  'I am not writing for advice. I just want to say thank you to the two people here who were kind to me last year. ' +
    'I have made my decision and I feel calm about it for the first time. This is goodbye.',
  'Every single day is the same. I have tried three different medications and two therapists and nothing has worked. ' +
    'Lately I have been looking up how many of my sleeping pills it would take. I am so tired.',
  'Honestly my family would be better off without me. I cost them money, I ruin every holiday. ' +
    'Last night I stood on the bridge near the highway for an hour.',
  'sorry this is long. my mom yells, school is a mess, my friends left the group chat without me. i gave my games away to ' +
    'my little brother yesterday and told him to take care of my cat. i wrote a note and hid it under my pillow.',
  // hopelessness with a goodbye, a method, or a calm decision
  'I have been through every kind of help there is and none of it sticks. I do not see the point of going on like this, and ' +
    'this week I said a quiet goodbye to my best friend without telling her why.',
  'Most days I drive home over the river and think about how fast it would be. Tonight I parked and stood at the rail.',
  'I have a date picked and I am calm about it. Nobody would notice for days.',
  // a past attempt and a surer means next time; a firearm held; no reasons left with a method
  'Two tries and I messed up both. Typical me. Next time i will use something that works.',
  'Everything fell apart this year. Tonight I sat with a revolver in my lap until midnight. I do not know if i will stop next time.',
  'I used to count the reasons to keep going and every month there were fewer. Now none left. I keep reading how to do it without pain.',
];

/** Hard, sad posts with no sign of intent: a clinician should read them, 911 would be wrong. */
const DEPRESSION_POSTS = [
  'I have been depressed since the winter. I still work and see friends sometimes but everything feels grey and I am ' +
    'exhausted all the time. Does anyone know if vitamin D or light therapy helped them?',
  'My therapist says I have moderate depression. I do not want to take meds because my sister gained weight on them. ' +
    'What else actually works? I want to feel like myself again.',
  'Since the breakup I cry every night and cannot focus at work. I know it will pass but right now it is really hard. ' +
    'How long does this usually last?',
  'I am not suicidal and I have no plan, I just feel flat and numb and want to talk to someone about it.',
  // grief: thinking about death in general is no thought of ending one's life
  'Since my uncle passed I keep thinking about death in general and what comes after. Is that a normal part of grieving?',
];

describe('crisis detection over whole posts', () => {
  const { crisis, route } = setup();

  it.each(CRISIS_POSTS)('when a post tells of a crisis indirectly ("%s"), then it is an emergency with the crisis line', (post) => {
    expect(crisis(post)).toMatchObject({ family: 'self-harm', crisisLine: true });
    expect(route(post)).toMatchObject({ route: 'emergency', redFlag: { crisisLine: true } });
  });

  it.each(DEPRESSION_POSTS)('when a post is about depression without intent ("%s"), then it is clinical, not an emergency', (post) => {
    expect(crisis(post)).toBeUndefined();
    expect(route(post).route).toBe('clinical');
  });

  it('when the telling sentence comes at the end of a long post, then it is still found', () => {
    const filler = 'I went to work, came home, made dinner and watched something I do not remember. '.repeat(60);
    expect(route(`${filler} I have a plan and a date now, and I already said my goodbyes.`).route).toBe('emergency');
  });

  it('when one sign stands alone (talk of death with no other sign), then it is not enough', () => {
    expect(crisis('my grandfather died last week and the funeral is on friday')).toBeUndefined();
    expect(crisis('how many pills are in a bottle of tylenol')).toBeUndefined();
  });
});

describe('crisis model', () => {
  it('when trained on crisis and distress posts, then crisis words score above zero and coping words below', () => {
    const model = CrisisModel.train({
      crisis: ['the pills are ready and tonight is goodbye', 'i wrote the letters and said goodbye tonight'],
      distress: ['therapy and meds help a little, any tips for sleep', 'my therapist says the meds take weeks, any tips'],
    });
    expect(model.score(normalizeText('goodbye, the pills are ready'))).toBeGreaterThan(0);
    expect(model.score(normalizeText('any tips on therapy and meds'))).toBeLessThan(0);
  });

  it('when the shipped model reads a goodbye with no phrase rule in it, then the router gives the crisis reply', () => {
    const router = loadRouter();
    const post =
      'I have been quietly returning everything I borrowed and I told my sister where my important papers are. ' +
      'I am not sad anymore, I am just finished. I wanted one person to know before the weekend.';
    expect(router.route(post)).toMatchObject({ route: 'emergency', redFlag: { crisisLine: true } });
  });
});
