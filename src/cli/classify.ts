/**
 * npm run --silent classify
 * Reads JSON lines {"text": "..."} on stdin; writes one JSON line per input, in order,
 * {"intent", "route", "confidence"} on stdout. Nothing else goes to stdout (errors: stderr).
 * A line that is not valid JSON with a string "text" gets {"intent":"unknown","route":"fallback",
 * "confidence":0,"error":"..."} so the output stays line-aligned with the input.
 */
import { createInterface } from 'node:readline';
import { loadRouter } from '../triage/load-router';

async function main(): Promise<void> {
  const router = loadRouter();
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let out = '';
  for await (const line of lines) {
    if (line.trim() === '') continue;
    out += `${JSON.stringify(classifyLine(router, line))}\n`;
    if (out.length > 64 * 1024) {
      process.stdout.write(out);
      out = '';
    }
  }
  process.stdout.write(out);
}

function classifyLine(router: ReturnType<typeof loadRouter>, line: string): Record<string, unknown> {
  let text: unknown;
  try {
    text = (JSON.parse(line) as { text?: unknown }).text;
  } catch {
    return { intent: 'unknown', route: 'fallback', confidence: 0, error: 'invalid JSON' };
  }
  if (typeof text !== 'string') return { intent: 'unknown', route: 'fallback', confidence: 0, error: 'missing "text"' };
  const { intent, route, confidence } = router.route(text);
  return { intent, route, confidence };
}

main().catch((err: unknown) => {
  process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
