import fs from 'node:fs';
import path from 'node:path';

/**
 * Staff views read stored text through one redacting reader (src/escalation/redacted-reads.ts).
 * Read from the source text, so a new view that reads a transcript, a note or a summary straight
 * from a repository fails here before any probe finds it.
 */
const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const STAFF_SIDE = ['escalation', 'staff', 'privacy', 'operations', 'reports'];
const CHOKE_POINT = 'escalation/redacted-reads.ts';
const RAW_READS = [
  /\bmessages\.(listByConversation|latestInbound|search|get)\(/,
  /\bnotes\.listForConversation\(/,
  // An escalation's raw summary (views name their redacted copies otherwise).
  /\b(escalation|e)\.summary\b/,
  /\bpayload\.text\b/,
  // The patient words the reports list.
  /\breports\.fallbackMessages\(/,
];

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? walk(full) : /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe('One choke point for what a role may read', () => {
  test('when staff-side code is read, then only the redacting reader and the repositories read stored text', () => {
    const files = STAFF_SIDE.flatMap((folder) => walk(path.join(SRC, folder)));
    expect(files.length).toBeGreaterThan(20);
    const offending: string[] = [];
    for (const file of files) {
      const rel = path.relative(SRC, file).split(path.sep).join('/');
      if (rel === CHOKE_POINT || /-repo\.ts$/.test(rel) || rel.endsWith('.css')) continue;
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        // The console's scripts render what the API already redacted; the API's own fields are read there.
        if (rel.startsWith('staff/console/public/')) return;
        if (RAW_READS.some((pattern) => pattern.test(line))) offending.push(`${rel}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });
});
