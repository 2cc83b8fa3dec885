import fs from 'node:fs';
import path from 'node:path';
import { backupDatabase } from '../../src/store/backup';
import { startFakeX } from '../helpers/fake-x';
import { signX } from '../helpers/sign';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { patientWrites } from '../helpers/patients';
import { X_CONSUMER_SECRET } from '../helpers/x-frontdesk';

jest.setTimeout(60_000);

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('Security findings, through the real server', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when a browser marks a state-changing staff request as cross-site, then it is refused on every route, with a valid session and CSRF token', async () => {
    fd = await startFrontdesk();
    const id = await patientWrites(fd, '7399200000000001', 'can i talk to a real person please');
    const admin = await signIn(fd, 'admin@example.org', 'admin');
    const crossSite = { 'sec-fetch-site': 'cross-site' };
    const calls: Array<[string, string, unknown?]> = [
      ['POST', `/api/escalations/${id}/claim`],
      ['POST', `/api/escalations/${id}/notes`, { text: 'note' }],
      ['POST', `/api/escalations/${id}/reply`, { text: 'hello' }],
      ['POST', '/api/canned-responses', { title: 'T', text: 'x' }],
      ['POST', '/api/tokens', { name: 'cross' }],
      ['DELETE', '/api/session'],
    ];
    for (const [method, pathname, body] of calls) {
      const res = await admin.call(pathname, { method, body, headers: crossSite });
      expect({ method, pathname, status: res.status }).toEqual({ method, pathname, status: 403 });
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('cross_site_request');
    }
    expect((await fd.server.store.escalations.get(id))?.assignedTo).toBeNull();
    // The same request from the console itself goes through.
    expect(
      (await admin.call(`/api/escalations/${id}/claim`, { method: 'POST', headers: { 'sec-fetch-site': 'same-origin' } })).status,
    ).toBe(200);
  });

  test('when the server creates its database and an admin makes a backup, then the database, its WAL and the backup are readable by the owner only', async () => {
    fd = await startFrontdesk();
    await patientWrites(fd, '7399200000000002', 'can i talk to a real person please');
    expect(mode(fd.dbPath)).toBe(0o600);
    expect(mode(`${fd.dbPath}-wal`)).toBe(0o600);
    // As `npm run backup` makes it: a second connection to the running server's file.
    const backup = path.join(fd.dir, 'backups', 'manual.db');
    await backupDatabase(fd.dbPath, backup);
    expect(mode(backup)).toBe(0o600);
  });

  test('when X delivers 5,000 events in one signed delivery, then it is acknowledged only once all 5,000 are stored', async () => {
    const x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET });
    try {
      fd = await startFrontdesk({
        startWorkers: false,
        env: {
          X_CONSUMER_KEY: 'test-x-consumer-key',
          X_CONSUMER_SECRET,
          X_ACCESS_TOKEN: 'test-x-access-token',
          X_ACCESS_SECRET: 'test-x-access-secret',
          X_ACCOUNT_ID: x.accountId,
          X_MODE: 'webhook',
          X_API_BASE: x.baseUrl,
        },
      });
      const events = Array.from({ length: 5000 }, (_, i) => ({
        type: 'message_create',
        id: String(i + 1),
        created_timestamp: String(Date.now()),
        message_create: {
          target: { recipient_id: x.accountId },
          sender_id: String(1000 + i),
          message_data: { text: 'hi' },
        },
      }));
      const raw = Buffer.from(JSON.stringify({ for_user_id: x.accountId, direct_message_events: events }));
      expect(raw.length).toBeLessThan(1024 * 1024); // under the webhook body limit
      const res = await fetch(`${fd.server.url}/webhooks/x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signX(raw, X_CONSUMER_SECRET) },
        body: raw,
      });
      expect(res.status).toBe(200);
      expect((fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM inbox').get() as { n: number }).n).toBe(5000);
    } finally {
      await fd?.close();
      fd = undefined;
      await x.close();
    }
  });
});
