/**
 * npm run bench -- outage [--minutes 5] [--patients 20]
 *
 * Graph answers 500 for `--minutes`, then is healthy again; Frontdesk runs with its default retry
 * settings. Checks that every reply is delivered after recovery, in order, and how long it took.
 */
import Database from 'better-sqlite3';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { SqliteBenchRepo } from './bench-repo';
import { checkDeliveries, type Delivered } from './delivery-check';
import { arg, APP_SECRET, frontdeskEnv, sleep, startFrontdesk, startHelper, stop, tempDir } from './processes';

export async function outageBench(): Promise<void> {
  const minutes = arg('minutes', 5);
  const patients = arg('patients', 20);
  const dir = tempDir();
  const graph = await startHelper('fake-graph-process.ts', { FAKE_GRAPH_DELAY_MS: '150' });
  const received: Delivered[] = [];
  graph.proc.on('message', (m: { psid: string; text: string }) => received.push({ psid: m.psid, text: m.text }));
  graph.proc.send({ mode: 'down' });
  const server = await startFrontdesk(frontdeskEnv(graph.url, dir));
  const texts = ['what time do you open on saturday', 'my chest hurts and my left arm is numb'];
  for (let n = 0; n < patients; n += 1) {
    for (const [i, text] of texts.entries()) {
      const now = Date.now();
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1',
            time: now,
            messaging: [{ sender: { id: `66${n}` }, recipient: { id: '1' }, timestamp: now, message: { mid: `m_out_${n}_${i}`, text } }],
          },
        ],
      });
      const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
      await fetch(`${server.url}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
        body,
      });
    }
  }
  process.stdout.write(`Graph down for ${minutes} min with ${patients} patients waiting…\n`);
  await sleep(minutes * 60_000);
  graph.proc.send({ mode: 'up' });
  const upAt = Date.now();
  const dbPath = path.join(dir, 'frontdesk.db');
  const db = new Database(dbPath, { readonly: true });
  const repo = new SqliteBenchRepo(db);
  let lastChange = upAt;
  let last = 0;
  while ((await repo.countUnsent()) > 0 && Date.now() - upAt < 10 * 60_000) {
    if (received.length !== last) {
      last = received.length;
      lastChange = Date.now();
    }
    await sleep(250);
  }
  if (received.length !== last) lastChange = Date.now();
  db.close();
  await stop(server);
  await stop(graph);
  const report = await checkDeliveries(dbPath, received);
  const deliveredAfter = (lastChange - upAt) / 1000;
  process.stdout.write(
    `Graph 500 for ${minutes} min, then healthy (OUTBOX_MAX_ATTEMPTS 8, OUTBOX_RETRY_BASE_MS 2000): ${report.written} replies written, ` +
      `${report.received} delivered, the last ${deliveredAfter.toFixed(1)} s after recovery; lost ${report.lost}, out of order ${report.outOfOrder}, duplicates ${report.duplicates}\n`,
  );
  if (report.lost > 0 || report.outOfOrder > 0) process.exitCode = 1;
}
