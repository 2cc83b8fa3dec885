import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { backupDatabase, inspectBackup, listBackups, restoreDatabase } from '../../src/store/backup';
import { messengerText, startFrontdesk } from '../helpers/start-frontdesk';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

jest.setTimeout(120_000);

function storedEventIds(dbPath: string): Set<string> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return new Set(
      (db.prepare(`SELECT event_id FROM inbox WHERE channel = 'messenger'`).all() as Array<{ event_id: string }>).map((r) => r.event_id),
    );
  } finally {
    db.close();
  }
}

function outboundTranscriptRows(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'out'`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** `npm run restore -- …args` with `input` typed on its stdin (stdin closed at once without it). */
async function restoreCli(
  dir: string,
  dbPath: string,
  args: string[],
  input = '',
): Promise<{ code: number; stdout: string; stderr: string }> {
  const pending = run(TSX, [path.join(ROOT, 'src/cli/restore.ts'), ...args], { cwd: dir, env: { ...process.env, DATABASE_PATH: dbPath } });
  pending.child.stdin?.end(input);
  try {
    const { stdout, stderr } = await pending;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('Backup and restore', () => {
  test('when a backup is taken while patients keep writing, then a restore holds every message acknowledged before it, and the final backup every one', async () => {
    const fd = await startFrontdesk();
    const dir = fd.dir;
    const acked: Array<{ mid: string; at: number }> = [];
    const writer = async (patient: number) => {
      for (let i = 0; i < 25; i += 1) {
        const mid = `m_backup_${patient}_${i}`;
        const res = await fd.postMessenger(
          messengerText({
            psid: `74777000000${String(patient).padStart(5, '0')}`,
            mid,
            text: i % 3 === 0 ? 'what time do you open' : 'i need to book an appointment',
          }),
        );
        if (res.status === 200) acked.push({ mid, at: performance.now() });
      }
    };
    const load = Promise.all(Array.from({ length: 6 }, (_, p) => writer(p)));
    while (acked.length < 40) await new Promise((r) => setTimeout(r, 10));

    const midLoad = path.join(dir, 'backups', 'mid-load.db');
    const startedAt = performance.now();
    const ackedBefore = acked.filter((a) => a.at <= startedAt).map((a) => a.mid);
    await backupDatabase(fd.dbPath, midLoad); // a second connection, as `npm run backup` uses
    await load;
    await fd.server.idle();
    expect(acked).toHaveLength(150);

    // The CLI, while the server still runs.
    const final = path.join(dir, 'backups', 'final.db');
    const cli = await run(TSX, [path.join(ROOT, 'src/cli/backup.ts'), final], {
      cwd: dir,
      env: { ...process.env, DATABASE_PATH: fd.dbPath },
    });
    expect(cli.stdout).toMatch(/Backed up .* \(\d+ bytes, schema version \d+, integrity ok\)/);
    // Restoring over a running server is refused and changes nothing.
    await expect(
      run(TSX, [path.join(ROOT, 'src/cli/restore.ts'), final], { cwd: dir, env: { ...process.env, DATABASE_PATH: fd.dbPath } }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining('stop it first'),
    });
    await fd.close();

    expect(ackedBefore.length).toBeGreaterThanOrEqual(40);
    restoreDatabase(midLoad, fd.dbPath);
    const restoredMid = storedEventIds(fd.dbPath);
    for (const mid of ackedBefore) expect(restoredMid).toContain(mid);

    restoreDatabase(final, fd.dbPath);
    const restored = storedEventIds(fd.dbPath);
    for (const { mid } of acked) expect(restored).toContain(mid);

    // The restored database starts and answers; every message has its transcript row.
    const again = await startFrontdesk({ dir });
    try {
      await again.server.idle();
      expect((await fetch(`${again.server.url}/readyz`)).status).toBe(200);
      const rows = again.server.store.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'`).get() as { n: number };
      expect(rows.n).toBe(150);
    } finally {
      await again.close();
    }
    expect(fs.readdirSync(dir).some((f) => f.startsWith('frontdesk.db.before-restore-'))).toBe(true);
  });

  test('when the database holds messages acknowledged after the backup, then restore counts the patient messages and replies it would remove and replaces the database only once RESTORE is typed or --yes is given', async () => {
    const fd = await startFrontdesk();
    const patient = (i: number) =>
      fd.postMessenger(messengerText({ psid: '7477700000009', mid: `m_after_${i}`, text: 'i need to book an appointment' }));
    for (const i of [1, 2]) expect((await patient(i)).status).toBe(200);
    await fd.server.idle();
    const backup = path.join(fd.dir, 'backups', 'before.db');
    await backupDatabase(fd.dbPath, backup);
    const repliesBefore = outboundTranscriptRows(backup);
    for (const i of [3, 4, 5]) expect((await patient(i)).status).toBe(200);
    await fd.server.idle();
    await fd.close();
    const newerReplies = outboundTranscriptRows(fd.dbPath) - repliesBefore;
    expect(newerReplies).toBeGreaterThan(0);
    const loss = `holds 3 patient messages and ${newerReplies} replies newer than the backup (acknowledged after it was taken): the restore removes them`;

    for (const input of ['', 'yes\n', 'restore\n']) {
      const refused = await restoreCli(fd.dir, fd.dbPath, [backup], input);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringContaining('not restored') });
      expect(refused.stdout).toContain(loss);
      expect(refused.stdout).toContain('Type RESTORE to replace it');
      expect(storedEventIds(fd.dbPath)).toContain('m_after_5');
    }

    const confirmed = await restoreCli(fd.dir, fd.dbPath, [backup], 'RESTORE\n');
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain(loss);
    expect(confirmed.stdout).toMatch(/Restored .*before\.db into/);
    expect([...storedEventIds(fd.dbPath)].sort()).toEqual(['m_after_1', 'm_after_2']);

    const again = await restoreCli(fd.dir, fd.dbPath, [backup, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('holds nothing the backup does not: no patient message or reply is lost');
    expect(again.stdout).not.toContain('Type RESTORE');
    expect(again.stdout).toMatch(/The replaced database was kept as .*before-restore-/);

    expect((await restoreCli(fd.dir, fd.dbPath, ['--help'])).stdout).toMatch(/--yes +replaces without asking/);
    expect((await restoreCli(fd.dir, fd.dbPath, [backup, '--force'])).code).toBe(64);
  });

  test('when the backup file is damaged, not a Frontdesk database, or from a newer Frontdesk, then restore refuses and leaves the database alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-restore-'));
    const target = path.join(dir, 'frontdesk.db');
    fs.writeFileSync(target, 'the current database');

    const damaged = path.join(dir, 'damaged.db');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4096, 7)]));
    expect(() => restoreDatabase(damaged, target)).toThrow(/not a usable SQLite database|cannot be opened|integrity/);

    const foreign = path.join(dir, 'foreign.db');
    new Database(foreign).exec('CREATE TABLE t (x)');
    expect(() => restoreDatabase(foreign, target)).toThrow('not a Frontdesk one');

    const fd = await startFrontdesk();
    const newer = path.join(dir, 'newer.db');
    await backupDatabase(fd.server.store.db, newer);
    await fd.close();
    const db = new Database(newer);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, ?, 0)').run('from the future');
    db.close();
    expect(() => inspectBackup(newer)).toThrow('written by a newer Frontdesk');
    expect(() => restoreDatabase(newer, target)).toThrow('upgrade Frontdesk first');

    expect(fs.readFileSync(target, 'utf8')).toBe('the current database');
  });

  test('when BACKUP_DIR and BACKUP_KEEP are set, then a backup is taken at start and each scheduled one rotates out the oldest', async () => {
    let clock = Date.parse('2026-11-04T02:00:00Z');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-backups-'));
    const fd = await startFrontdesk({ now: () => clock, env: { BACKUP_DIR: dir, BACKUP_KEEP: '2', BACKUP_EVERY_HOURS: '24' } });
    try {
      await fd.server.maintenance.backup(); // joins the one started at start-up
      expect(listBackups(dir)).toEqual(['frontdesk-20261104-020000.db']);
      clock += 24 * 3_600_000;
      await fd.server.maintenance.backup();
      clock += 24 * 3_600_000;
      await fd.server.maintenance.backup();
      expect(listBackups(dir)).toEqual(['frontdesk-20261105-020000.db', 'frontdesk-20261106-020000.db']);
      expect(inspectBackup(path.join(dir, 'frontdesk-20261106-020000.db')).schemaVersion).toBeGreaterThanOrEqual(8);
      expect(fs.readdirSync(dir).filter((f) => !/^frontdesk-\d{8}-\d{6}\.db$/.test(f))).toEqual([]); // no -wal, -shm or partial files
    } finally {
      await fd.close();
    }
  });
});
