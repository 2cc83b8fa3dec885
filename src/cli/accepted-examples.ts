import { readFileSync } from 'node:fs';
import { openStore } from '../create-store';
import { examplesVersion } from '../escalation/training-label-repo';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import type { PracticeExample } from '../triage/practice-examples';

export interface AcceptedExamples {
  version: string;
  examples: PracticeExample[];
}

/** The practice's accepted examples from the configured database (DATABASE_PATH or DATABASE_URL). */
export async function examplesFromDatabase(): Promise<AcceptedExamples> {
  (await import('dotenv')).config({ quiet: true });
  const store = await openStore(loadConfig(), createLogger('warn'));
  try {
    const rows = await store.trainingLabels.acceptedExamples();
    return { version: examplesVersion(rows), examples: rows.map(({ intent, text }) => ({ intent, text })) };
  } finally {
    await store.close();
  }
}

/** Examples from a JSON-lines file of {"text", "intent"} (for trying labels out before staff make them). */
export function examplesFromFile(file: string): AcceptedExamples {
  const examples = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const data = JSON.parse(line) as { text?: unknown; intent?: unknown };
      if (typeof data.text !== 'string' || typeof data.intent !== 'string')
        throw new Error(`${file}:${i + 1}: each line needs "text" and "intent" (strings)`);
      return { text: data.text, intent: data.intent };
    });
  return { version: examplesVersion(examples.map((e, i) => ({ id: i + 1, intent: e.intent }))), examples };
}
