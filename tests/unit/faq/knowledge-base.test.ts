import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase } from '../../../src/faq/knowledge-base';
import { loadIntentDefinitions } from '../../../src/triage/intent-data';

describe('knowledge base', () => {
  it('when loaded from intents/, then every answer-route intent has a reply and a short title', () => {
    const kb = loadKnowledgeBase();
    const answerIntents = loadIntentDefinitions().filter((d) => d.route === 'answer');
    expect(answerIntents.length).toBeGreaterThanOrEqual(15);
    for (const def of answerIntents) {
      const answer = kb.answer(def.intent);
      expect(answer?.text.length).toBeGreaterThan(20);
      expect(answer?.title.length).toBeLessThanOrEqual(20);
    }
  });

  it('when topics are listed, then they are the FAQ topics, including lab result timing', () => {
    const intents = loadKnowledgeBase()
      .topics()
      .map((t) => t.intent);
    expect(intents).toEqual(expect.arrayContaining(['faq/hours', 'faq/location', 'faq/insurance', 'faq/lab-results-timing']));
    expect(intents).not.toContain('greeting');
  });

  it('when a clinical intent is asked for, then there is no answer', () => {
    const kb = loadKnowledgeBase();
    for (const intent of ['medication_question', 'symptom', 'test_results', 'emergency']) expect(kb.answer(intent)).toBeUndefined();
  });

  it('when related intents are listed, then each one exists as an intent', () => {
    const known = new Set(loadIntentDefinitions().map((d) => d.intent));
    for (const topic of loadKnowledgeBase().topics()) {
      for (const related of loadKnowledgeBase().answer(topic.intent)?.related ?? []) expect(known.has(related)).toBe(true);
    }
  });

  it('when the lab results answer is read, then it is administrative (timing and who calls), no interpretation', () => {
    const text = loadKnowledgeBase().answer('faq/lab-results-timing')?.text ?? '';
    expect(text).toMatch(/business days/);
    expect(text).toMatch(/clinician reviews/);
  });

  it('when another kind of YAML file shares the directory, then it is not read as an intent', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-'));
    try {
      writeFileSync(path.join(dir, 'practice.yaml'), 'kind: practice-profile\nname: Test\n');
      writeFileSync(
        path.join(dir, 'faq-x.yaml'),
        'intent: faq/x\nroute: answer\ntitle: X\nanswer: An answer text that is long enough.\nexamples: [a]\n',
      );
      expect(loadKnowledgeBase(dir).topics()).toEqual([{ intent: 'faq/x', title: 'X' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when an answer file lacks a title, then loading fails with the file named', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-'));
    try {
      writeFileSync(path.join(dir, 'faq-x.yaml'), 'intent: faq/x\nroute: answer\nanswer: hi\nexamples: [a]\n');
      expect(() => loadKnowledgeBase(dir)).toThrow(/faq-x\.yaml/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('knowledge base in Spanish', () => {
  it('when loaded from intents/, then every answer-route intent has its Spanish reply and a short Spanish title', () => {
    const kb = loadKnowledgeBase();
    for (const def of loadIntentDefinitions().filter((d) => d.route === 'answer')) {
      const answer = kb.answer(def.intent, 'es');
      expect({ intent: def.intent, written: (answer?.text.length ?? 0) > 20 }).toEqual({ intent: def.intent, written: true });
      expect(answer?.title.length).toBeLessThanOrEqual(20);
      expect(answer?.text).not.toBe(kb.answer(def.intent)?.text);
    }
  });

  /** A knowledge base read from one intent file written for the test. */
  function knowledgeBaseOf(yaml: string) {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-es-'));
    try {
      writeFileSync(path.join(dir, 'parking.yaml'), yaml);
      return loadKnowledgeBase(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const PARKING = 'intent: faq/parking\nroute: answer\ntitle: Parking\nanswer: Behind the building.\nexamples: [where do i park]\n';

  it('when an intent has no Spanish text, then there is no Spanish answer (never the English one in its place)', () => {
    const kb = knowledgeBaseOf(PARKING);
    expect(kb.answer('faq/parking')?.text).toBe('Behind the building.');
    expect(kb.answer('faq/parking', 'es')).toBeUndefined();
    expect(kb.topics('es')).toEqual([]);
  });

  it('when answer_es is given without title_es, then loading fails naming the file', () => {
    expect(() => knowledgeBaseOf(`${PARKING}answer_es: Detrás.\n`)).toThrow(/parking\.yaml: "answer_es" and "title_es" go together/);
  });
});
