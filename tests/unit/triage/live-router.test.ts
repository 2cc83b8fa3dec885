import { loadRouter } from '../../../src/triage/load-router';
import { LiveRouter } from '../../../src/triage/live-router';

function setup() {
  return new LiveRouter(loadRouter(), { kind: 'bayes' });
}

describe('The live router', () => {
  test('when it retrains with a practice example, then the event loop keeps running meanwhile and the new model answers after the swap', async () => {
    const router = setup();
    const text = 'put us down for the well woman thing';
    expect(router.route(text).route).toBe('fallback');
    let turns = 0;
    let counting = true;
    const count = (): void => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    // routed during the retrain: the old model answers, whole
    const during: string[] = [];
    const retrain = router.retrain('v1', [{ intent: 'appointment', text: 'put me down for the well woman thing' }]);
    const routing = setInterval(() => during.push(router.route(text).route), 1);
    await retrain;
    clearInterval(routing);
    counting = false;
    // training runs in a worker thread: the event loop turned many times while it ran
    expect(turns).toBeGreaterThan(50);
    expect(new Set(during.slice(0, 5))).toEqual(new Set(['fallback']));
    expect(router.route(text)).toMatchObject({ route: 'request', intent: 'appointment' });
    expect(router.model()).toMatchObject({ version: 'v1', examples: 1, examplesRight: 1, retrains: 1 });
  });

  test('when an example is labelled as an emergency, then it is not trained: emergencies come from the rules', async () => {
    const router = setup();
    await router.retrain('v2', [{ intent: 'emergency', text: 'my knee is a bit stiff' }]);
    expect(router.route('my knee is a bit stiff').route).not.toBe('emergency');
  });
});
