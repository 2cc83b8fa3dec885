import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createStore } from '../../src/create-store';

const ROOT = path.resolve(__dirname, '../..');

/** A database holding one accepted label, "put me down for the well woman thing" as an appointment. */
async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-training-cli-'));
  const file = path.join(dir, 'frontdesk.db');
  const store = createStore(file);
  const conversation = await store.conversations.upsertInbound({
    channel: 'messenger',
    platformUserId: 'p1',
    platformConversationId: 'p1',
    reference: {},
    surface: 'private',
    at: 1000,
  });
  const text = 'put me down for the well woman thing';
  const messageId = (await store.messages.insertInbound({ conversationId: conversation.id, platformMessageId: 'm1', text, at: 1000 }))!;
  const label = await store.trainingLabels.upsertPending({
    messageId,
    conversationId: conversation.id,
    escalationId: null,
    intent: 'appointment',
    source: 'label',
    actor: 'user:1',
    at: 2000,
  });
  await store.trainingLabels.accept(label.id, { actor: 'user:2', at: 3000, text });
  await store.close();
  const run = (args: string[]) =>
    spawnSync('npm', ['run', '--silent', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, DATABASE_PATH: file, DATABASE_URL: '' },
    });
  return { run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('The practice examples on the command line', () => {
  test('when intents are exported with --with-labels, then each intent lists its accepted practice examples', async () => {
    const { run, cleanup } = await setup();
    try {
      const result = run(['intents', '--', '--with-labels']);
      expect(result.status).toBe(0);
      const intents = JSON.parse(result.stdout) as Array<{ intent: string; practiceExamples: string[] }>;
      expect(intents.find((i) => i.intent === 'appointment')?.practiceExamples).toEqual(['put me down for the well woman thing']);
      expect(intents.find((i) => i.intent === 'faq/hours')?.practiceExamples).toEqual([]);
      const plain = JSON.parse(run(['intents']).stdout) as Array<Record<string, unknown>>;
      expect(plain.every((i) => !('practiceExamples' in i))).toBe(true);
    } finally {
      cleanup();
    }
  }, 90_000);

  test('when the router is evaluated with --with-labels, then the report names the model version and the share of examples it gets right, and prints no example', async () => {
    const { run, cleanup } = await setup();
    try {
      const result = run(['eval', '--', '--with-labels', '--no-misses']);
      expect(result.status).toBe(0);
      expect(result.stdout).toMatch(/model version {7}labels-1-[0-9a-f]{12} \(1 practice examples\)/);
      expect(result.stdout).toMatch(/examples right {6}100\.0% \(1\/1\)/);
      expect(result.stdout).toMatch(/labels' effect {6}held-out \d of 1/);
      expect(result.stdout).not.toContain('well woman');
    } finally {
      cleanup();
    }
  }, 90_000);
});
