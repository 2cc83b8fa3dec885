import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backupDatabase, backupFileName } from '../../src/store/backup';
import { messengerPatient } from '../helpers/patients';
import { signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-06-01T15:00:00Z');

/** Whether a word is anywhere in the database's files on disk (main file, WAL), in any case. */
function onDisk(fd: Frontdesk, word: string): string[] {
  return [fd.dbPath, `${fd.dbPath}-wal`]
    .filter((file) => fs.existsSync(file))
    .filter((file) => fs.readFileSync(file).toString('latin1').toLowerCase().includes(word.toLowerCase()))
    .map((file) => path.basename(file));
}

describe('Erasure and retention leave nothing readable on disk', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when an admin erases a patient, then their words are in neither the database file nor its WAL while the server runs, and the backups that still hold them are named', async () => {
    let clock = T0;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-erase-'));
    const backups = path.join(dir, 'backups');
    fd = await startFrontdesk({ dir, now: () => clock, env: { BACKUP_DIR: backups, BACKUP_KEEP: '7', BACKUP_EVERY_HOURS: '24' } });
    const patient = messengerPatient(
      () => fd as Frontdesk,
      () => clock,
    );
    // A backup from before the patient first wrote does not hold their data.
    // (The server also made its scheduled backup as it started.)
    await backupDatabase(fd.server.store.db, path.join(backups, backupFileName(T0 - 5 * HOUR)));
    clock = T0 + 10 * 60_000;
    await patient.say('please delete my data, my name is Vexquorian Patient');
    await patient.say('and my quillaberry rash');
    for (const offset of [1, 2, 3]) await backupDatabase(fd.server.store.db, path.join(backups, backupFileName(T0 + offset * HOUR)));
    expect(onDisk(fd, 'vexquorian').length).toBeGreaterThan(0);

    const conversation = fd.server.store.db.prepare('SELECT MAX(id) AS id FROM conversations').get() as { id: number };
    const escalation = await fd.server.store.escalations.openForConversation(conversation.id);
    clock = T0 + 4 * HOUR;
    const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');
    const res = await admin.call(`/api/escalations/${escalation?.id}/patient-data/erase`, { method: 'POST', body: { confirm: 'ERASE' } });
    expect(res.status).toBe(200);
    const result = (await res.json()) as { backups?: { count: number; names: string[]; expiresAt: string; message: string } };
    await fd.server.idle();

    expect(onDisk(fd, 'vexquorian')).toEqual([]);
    expect(onDisk(fd, 'quillaberry')).toEqual([]);
    expect(result.backups?.count).toBe(3);
    expect(result.backups?.names).toEqual([1, 2, 3].map((h) => backupFileName(T0 + h * HOUR)));
    expect(result.backups?.expiresAt).toBe(new Date(T0 + 3 * HOUR + 7 * DAY).toISOString());
    expect(result.backups?.message).toBe(
      '3 backups older than this erasure still hold this patient\u2019s data; the last expires on 2026-06-08.',
    );
  });

  test('when retention removes a conversation, then its words are gone from the search index blocks and the WAL too', async () => {
    let clock = T0;
    fd = await startFrontdesk({ now: () => clock, env: { RETENTION_DAYS: '90' } });
    const patient = messengerPatient(
      () => fd as Frontdesk,
      () => clock,
    );
    await patient.say('what time do you open, glorptavian wants to know');
    expect(onDisk(fd, 'glorptavian').length).toBeGreaterThan(0);
    clock = T0 + 100 * DAY;
    await fd.server.maintenance.retention();
    expect(onDisk(fd, 'glorptavian')).toEqual([]);
  });
});
