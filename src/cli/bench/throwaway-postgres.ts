import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/**
 * A throwaway PostgreSQL server for a test run, built from Debian's binaries: a fresh data
 * directory under a temporary folder, listening on 127.0.0.1 only, on a port the OS picked, with
 * durability turned off (a crash loses nothing worth keeping). Password authentication, so the tests
 * connect the way production does: as a role that owns its database and is not a superuser.
 */
export interface Cluster {
  /** The folder holding the data directory, the log and the owner's pid. */
  dir: string;
  port: number;
  /** The superuser, for CREATE DATABASE. */
  adminUrl: string;
  /** The role test databases belong to. */
  appUser: string;
  appPassword: string;
}

/**
 * Where the binaries may be: only FRONTDESK_POSTGRES_BIN when it is set; otherwise Debian's
 * PostgreSQL 15, then /usr/local/bin, then any other Debian version, newest first.
 */
export const POSTGRES_BIN_DIRS = process.env.FRONTDESK_POSTGRES_BIN
  ? [process.env.FRONTDESK_POSTGRES_BIN]
  : ['/usr/lib/postgresql/15/bin', '/usr/local/bin', ...otherDebianVersions()];

function otherDebianVersions(): string[] {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && v !== '15') : [];
  return versions.sort((a, b) => Number(b) - Number(a)).map((v) => path.join(root, v, 'bin'));
}

/** The first folder holding both initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function findPostgresBin(): string | undefined {
  return POSTGRES_BIN_DIRS.find((dir) => ['initdb', 'pg_ctl'].every((name) => isExecutable(path.join(dir, name))));
}

/** The folder a test run's shared cluster lives in, made by the jest global setup. */
export const RUN_DIR_VARIABLE = 'FRONTDESK_POSTGRES_RUN_DIR';
const RUN_DIR_PREFIX = 'frontdesk-pg-run-';
const APP_USER = 'frontdesk_test';

/** Creates the run folder; the cluster itself starts when the first test file asks for it. */
export function createRunDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
  // The postgres user walks through it to its own data directory.
  fs.chmodSync(dir, 0o711);
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  return dir;
}

/**
 * The run's cluster: the first test file to ask starts it (under a lock file, so two jest workers
 * never start two) and the others wait for its description.
 */
export async function sharedCluster(runDir: string, binDir: string): Promise<Cluster> {
  const described = path.join(runDir, 'cluster.json');
  const failed = path.join(runDir, 'failed.txt');
  let lock: number | undefined;
  try {
    lock = fs.openSync(path.join(runDir, 'start.lock'), 'wx');
  } catch {
    return waitForCluster(described, failed);
  }
  fs.closeSync(lock);
  try {
    const cluster = await startCluster(binDir, path.join(runDir, 'cluster'));
    fs.writeFileSync(`${described}.tmp`, JSON.stringify(cluster), { mode: 0o600 });
    fs.renameSync(`${described}.tmp`, described);
    return cluster;
  } catch (err) {
    fs.writeFileSync(failed, err instanceof Error ? err.message : String(err));
    throw err;
  }
}

/** Stops the run's cluster if a test file started one, and removes the run folder. */
export async function stopRun(runDir: string, binDir: string | undefined): Promise<void> {
  const described = path.join(runDir, 'cluster.json');
  if (binDir && fs.existsSync(described)) {
    const cluster = JSON.parse(fs.readFileSync(described, 'utf8')) as Cluster;
    await stopCluster(binDir, cluster.dir);
  }
  fs.rmSync(runDir, { recursive: true, force: true });
}

/**
 * Stops clusters of earlier runs whose jest process is gone (killed before its teardown), so an
 * interrupted run does not leave a server behind for good. Only our own run folders are touched.
 */
export async function stopAbandonedRuns(binDir: string | undefined): Promise<void> {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const runDir = path.join(os.tmpdir(), entry);
    const owner = Number(readIfExists(path.join(runDir, 'owner.pid')));
    if (!Number.isInteger(owner) || owner <= 0 || isAlive(owner)) continue;
    await stopRun(runDir, binDir).catch(() => undefined);
  }
}

/** initdb, then pg_ctl start; about 1.5 s on a small machine. */
export async function startCluster(binDir: string, dir: string): Promise<Cluster> {
  fs.mkdirSync(dir, { mode: 0o700 });
  const owner = clusterOwner();
  if (owner) fs.chownSync(dir, owner.uid, owner.gid);
  const adminPassword = randomBytes(16).toString('hex');
  const appPassword = randomBytes(16).toString('hex');
  const data = path.join(dir, 'data');
  const pwfile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwfile, adminPassword, { mode: 0o600 });
  if (owner) fs.chownSync(pwfile, owner.uid, owner.gid);
  await asClusterOwner(binDir, 'initdb', [
    `--pgdata=${data}`,
    '--username=postgres',
    `--pwfile=${pwfile}`,
    '--auth=scram-sha-256',
    '--encoding=UTF8',
    `--locale=${await utf8Locale()}`,
    '--no-sync',
    '--no-instructions',
  ]);
  fs.rmSync(pwfile);

  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    fs.writeFileSync(path.join(data, 'postgresql.auto.conf'), serverSettings(port));
    try {
      await asClusterOwner(binDir, 'pg_ctl', [
        'start',
        '--wait',
        '--timeout=60',
        `--pgdata=${data}`,
        `--log=${path.join(dir, 'server.log')}`,
      ]);
    } catch (err) {
      // Another process may have taken the port between our check and the server's bind.
      lastError = err;
      continue;
    }
    const adminUrl = `postgres://postgres:${adminPassword}@127.0.0.1:${port}/postgres`;
    const cluster: Cluster = { dir, port, adminUrl, appUser: APP_USER, appPassword };
    await admin(cluster, `CREATE ROLE ${APP_USER} LOGIN PASSWORD '${appPassword}'`);
    return cluster;
  }
  const log = readIfExists(path.join(dir, 'server.log')) ?? '';
  throw new Error(`The test PostgreSQL server did not start: ${messageOf(lastError)}\n${log.slice(-2000)}`);
}

export async function stopCluster(binDir: string, dir: string): Promise<void> {
  const data = path.join(dir, 'data');
  if (fs.existsSync(path.join(data, 'postmaster.pid'))) {
    await asClusterOwner(binDir, 'pg_ctl', ['stop', '--wait', '--timeout=30', '--mode=fast', `--pgdata=${data}`]).catch(() => undefined);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/** A new, empty database owned by the test role; its URL is what DATABASE_URL would hold. */
export async function createDatabase(cluster: Cluster, prefix: string, template?: string): Promise<{ name: string; url: string }> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  await admin(cluster, `CREATE DATABASE ${name} OWNER ${cluster.appUser}${template ? ` TEMPLATE ${template}` : ''}`);
  return { name, url: `postgres://${cluster.appUser}:${cluster.appPassword}@127.0.0.1:${cluster.port}/${name}` };
}

async function admin(cluster: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: cluster.adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function serverSettings(port: number): string {
  return [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    "unix_socket_directories = ''",
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 100',
    "shared_buffers = '32MB'",
    '',
  ].join('\n');
}

async function waitForCluster(described: string, failed: string): Promise<Cluster> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (fs.existsSync(described)) return JSON.parse(fs.readFileSync(described, 'utf8')) as Cluster;
    const failure = readIfExists(failed);
    if (failure !== undefined) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('Timed out waiting for another jest worker to start the test PostgreSQL server.');
}

/** initdb refuses to run as root: as root, the cluster belongs to the postgres user. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = (readIfExists('/etc/passwd') ?? '').split('\n').find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      "Running as root, and initdb refuses root: create a postgres user (Debian's postgresql package does) or run as another user.",
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function asClusterOwner(binDir: string, program: string, args: string[]): Promise<void> {
  const binary = path.join(binDir, program);
  const [command, argv] = clusterOwner() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
  try {
    await run(command, argv, { cwd: os.tmpdir() });
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr ?? '';
    throw new Error(`${program} failed: ${stderr.trim() || messageOf(err)}`);
  }
}

/** C.UTF-8 classifies non-ASCII letters the way a production locale does; plain C where it is missing. */
async function utf8Locale(): Promise<string> {
  try {
    const { stdout } = await run('locale', ['-a']);
    return /^c\.utf-?8$/im.test(stdout) ? 'C.UTF-8' : 'C';
  } catch {
    return 'C';
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
