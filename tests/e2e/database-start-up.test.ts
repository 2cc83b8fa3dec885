import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBuiltToExit } from '../helpers/built-server';
import { openDatabase } from '../../src/store/open-database';

/** The account the server runs as here: root ignores file permissions, so a root test run uses nobody. */
const USER = process.getuid?.() === 0 ? 'nobody' : undefined;

/** A folder with a real Frontdesk database in it, both owned by the server's account and writable. */
function setup(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-db-start-'));
  const file = path.join(dir, 'frontdesk.db');
  openDatabase(file).close();
  if (USER) {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, USER]).toString()));
    for (const p of [dir, file]) fs.chownSync(p, uid ?? 0, gid ?? 0);
  }
  fs.chmodSync(dir, 0o755);
  fs.chmodSync(file, 0o644);
  return { dir, file };
}

async function start(dir: string, databasePath: string, user = USER) {
  return runBuiltToExit(dir, { DATABASE_PATH: databasePath }, user ? { user } : {});
}

// The first start of a file may build dist/ first.
jest.setTimeout(90_000);

describe('Start-up with a database the server cannot open for writing', () => {
  test('when the database file is read-only to the server, then it exits 78 with one line naming the path and the reason', async () => {
    const { dir, file } = setup();
    fs.chmodSync(file, 0o444);

    const { code, stderr } = await start(dir, file);

    expect(code).toBe(78);
    expect(stderr).toBe(
      `frontdesk: cannot write the database ${file}: attempt to write a readonly database — check the file's owner and permissions, and its folder's (SQLite writes -wal and -shm files beside it)\n`,
    );
  });

  test('when the database folder is read-only to the server, then it exits 78 naming the path', async () => {
    const { dir, file } = setup();
    fs.chmodSync(dir, 0o555);

    const { code, stderr } = await start(dir, file);
    fs.chmodSync(dir, 0o755);

    expect(code).toBe(78);
    expect(stderr).toMatch(new RegExp(`^frontdesk: cannot write the database ${file}: attempt to write a readonly database — .+\\n$`));
  });

  test('when DATABASE_PATH names a folder, then it exits 78 naming the path, even for root', async () => {
    const { dir } = setup();
    const folder = path.join(dir, 'a-folder');
    fs.mkdirSync(folder);

    const { code, stderr } = await start(dir, folder, undefined);

    expect(code).toBe(78);
    expect(stderr).toBe(
      `frontdesk: cannot open the database ${folder}: unable to open database file — check that DATABASE_PATH names a file in a folder the server may create and write\n`,
    );
  });

  test('when the folder for the database would sit below a regular file, then it exits 78 naming the path, even for root', async () => {
    const { dir } = setup();
    fs.writeFileSync(path.join(dir, 'not-a-folder'), '');
    const file = path.join(dir, 'not-a-folder', 'frontdesk.db');

    const { code, stderr } = await start(dir, file, undefined);

    expect(code).toBe(78);
    expect(stderr).toMatch(new RegExp(`^frontdesk: cannot open the database ${file}: .+ — check that DATABASE_PATH .+\\n$`));
  });
});
