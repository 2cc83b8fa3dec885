import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadRouter } from '../../../src/triage/load-router';

function setup() {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'triage-cache-'));
  return { cacheDir, cleanup: () => rmSync(cacheDir, { recursive: true, force: true }) };
}

describe('loadRouter', () => {
  it('when started twice with the same intents, then the second start loads the cached model in under a second', () => {
    const { cacheDir, cleanup } = setup();
    try {
      const first = loadRouter({ cacheDir });
      expect(first.modelSource).toBe('trained');
      expect(readdirSync(cacheDir).some((f) => f.endsWith('.json'))).toBe(true);
      const started = Date.now();
      const second = loadRouter({ cacheDir });
      expect(Date.now() - started).toBeLessThan(1000);
      expect(second.modelSource).toBe('cache');
      expect(second.route('what time do you open on saturday')).toEqual(first.route('what time do you open on saturday'));
    } finally {
      cleanup();
    }
  });

  it('when the cache directory cannot be written, then the router trains in memory and works', () => {
    const { cacheDir, cleanup } = setup();
    try {
      chmodSync(cacheDir, 0o500);
      const router = loadRouter({ cacheDir: path.join(cacheDir, 'nested') });
      expect(router.route('thank you so much').route).toBe('answer');
    } finally {
      chmodSync(cacheDir, 0o700);
      cleanup();
    }
  });

  it('when the patient says it is an emergency in so many words, then the route is emergency', () => {
    const { cacheDir, cleanup } = setup();
    try {
      const router = loadRouter({ cacheDir });
      expect(router.route('this is an emergency').route).toBe('emergency');
      expect(router.route('what is the after hours emergency number').route).not.toBe('emergency');
    } finally {
      cleanup();
    }
  });

  it('when a message names a medicine and asks about taking it, then it is clinical, never a refill', () => {
    const { cacheDir, cleanup } = setup();
    try {
      const router = loadRouter({ cacheDir });
      expect(router.route('can i take my lisinopril with advil').route).toBe('clinical');
      expect(router.route('need a refill of my lisinopril sent to cvs')).toEqual(
        expect.objectContaining({ route: 'request', intent: 'medication_refill' }),
      );
    } finally {
      cleanup();
    }
  });
});

describe('long messages', () => {
  const router = loadRouter();
  const filler = 'I have been thinking about a lot of things lately and work has been busy and the kids are fine. '.repeat(60);

  test('when a crisis is mentioned only at the end of a long post, then it is still an emergency', () => {
    const text = `${filler} Honestly I just want to end my life.`;
    expect(text.length).toBeGreaterThan(5000);
    expect(router.route(text)).toMatchObject({ route: 'emergency', redFlag: { family: 'self-harm', crisisLine: true } });
  });

  test('when a chest-pain emergency is cut by a window boundary, then the overlap still sees it', () => {
    const text = `${'x'.repeat(3990)} my chest hurts and my left arm is numb`;
    expect(router.route(text).route).toBe('emergency');
  });

  test('when a long message has no red flag, then the decision is the same as before (no false alarm)', () => {
    expect(router.route(`${filler} Can I book a check-up next week?`).route).not.toBe('emergency');
  });
});
