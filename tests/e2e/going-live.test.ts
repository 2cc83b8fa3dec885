import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { randomPort, runBuiltToExit, startBuilt } from '../helpers/built-server';
import { parseEnvironmentFile } from '../helpers/systemd-environment-file';

const DOCS = path.resolve(__dirname, '..', '..', 'docs');

/** The environment file exactly as section 2 of the guide writes it. */
function guideEnvironmentFile(): string {
  const guide = fs.readFileSync(path.join(DOCS, 'going-live.md'), 'utf8');
  const section = guide.slice(guide.indexOf('## 2. Settings'), guide.indexOf('## 3.'));
  const block = /```ini\n([\s\S]*?)```/.exec(section)?.[1];
  if (block === undefined) throw new Error('going-live.md section 2 has no ```ini block');
  return block;
}

/** The unit's Environment= assignments (EnvironmentFile= settings override them). */
function unitEnvironment(): Record<string, string> {
  const unit = fs.readFileSync(path.join(DOCS, 'deploy', 'frontdesk.service'), 'utf8');
  expect(unit).toMatch(/^EnvironmentFile=\/etc\/frontdesk\/frontdesk\.env$/m);
  const assignments = [...unit.matchAll(/^Environment=(.*)$/gm)].flatMap((m) => (m[1] ?? '').trim().split(/\s+/));
  return Object.fromEntries(assignments.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
}

/**
 * What systemd hands the service with the guide's file: the unit's Environment=, then the file over it,
 * with only this machine's port, folders and the guide's placeholder secrets put in.
 */
function serviceEnvironment(file: string, dir: string, alertUrl: string): Record<string, string> {
  const env = { ...unitEnvironment(), ...parseEnvironmentFile(file) };
  const local: Record<string, string> = {
    PORT: String(randomPort()),
    DATABASE_PATH: path.join(dir, 'frontdesk.db'),
    BACKUP_DIR: path.join(dir, 'backups'),
    METRICS_TOKEN: randomBytes(24).toString('hex'),
    ALERT_WEBHOOK_URL: alertUrl,
    ALERT_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
  };
  for (const name of Object.keys(local)) expect(Object.keys(env)).toContain(name);
  return { ...env, ...local };
}

async function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-going-live-'));
  const alerts = await startAlertReceiver();
  return { dir, alerts, file: guideEnvironmentFile() };
}

describe('The going-live guide, as written', () => {
  test('when the built server runs with the environment the guide and its unit give systemd, then it comes up ready', async () => {
    const { dir, alerts, file } = await setup();
    const env = serviceEnvironment(file, dir, alerts.url);

    const server = await startBuilt(dir, env);
    try {
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      expect(env).toMatchObject({ HOST: '127.0.0.1', TRUST_PROXY: 'loopback', COOKIE_SECURE: 'true', BACKUP_KEEP: '14' });
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toEqual({ code: 0, signal: null });
      await alerts.close();
    }
  }, 90_000);

  test('when a value in that file carries a comment on its line, then start-up stops with exit 78 and says systemd keeps it as part of the value', async () => {
    const { dir, alerts, file } = await setup();
    const commented = file.replace(/^COOKIE_SECURE=true$/m, 'COOKIE_SECURE=true   # the cookie never travels over plain http');
    expect(commented).not.toBe(file);

    const { code, stderr } = await runBuiltToExit(dir, serviceEnvironment(commented, dir, alerts.url));
    await alerts.close();

    expect(code).toBe(78);
    expect(stderr).toMatch(/^frontdesk: Invalid configuration\. COOKIE_SECURE: .*/);
    expect(stderr).toContain('systemd EnvironmentFile keeps text after # as part of the value: put comments on their own line');
  }, 90_000);
});
