import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readPostgresConfig, type PostgresConfig } from '../../src/platform/postgres-config';
import { createLogger } from '../../src/platform/logger';
import { preparePostgres } from '../../src/store/postgres/postgres-handle';
import { PostgresPool } from '../../src/store/postgres/postgres-pool';
import {
  createDatabase,
  findPostgresBin,
  POSTGRES_BIN_DIRS,
  RUN_DIR_VARIABLE,
  sharedCluster,
  startCluster,
  stopCluster,
  type Cluster,
} from '../../src/cli/bench/throwaway-postgres';

/** A database of its own for one test file (or one test), on the run's throwaway server. */
export interface TestDatabase {
  name: string;
  /** What DATABASE_URL would hold. */
  url: string;
  config: Readonly<PostgresConfig>;
  port: number;
}

const INSTALL_HINT = `PostgreSQL not found (initdb and pg_ctl in ${POSTGRES_BIN_DIRS.join(' or ')}): install it with \`apt-get install -y postgresql\` (Debian/Ubuntu, as root).`;

let cluster: Promise<Cluster> | undefined;
/** Set when this file started a server of its own because jest ran without the global setup. */
let ownCluster: { binDir: string; dir: string } | undefined;

/**
 * The run's server: started by the first test file that asks (jest's global setup made the run
 * folder and its teardown stops it), then shared by every file and worker. Without the global setup
 * (another jest config), this file starts a server of its own and stops it when it is done.
 */
function testCluster(): Promise<Cluster> {
  const binDir = findPostgresBin();
  if (!binDir) return Promise.reject(new Error(INSTALL_HINT));
  cluster ??= (async () => {
    const runDir = process.env[RUN_DIR_VARIABLE];
    if (runDir && fs.existsSync(runDir)) return sharedCluster(runDir, binDir);
    const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-pg-file-'));
    fs.chmodSync(parent, 0o711);
    ownCluster = { binDir, dir: path.join(parent, 'cluster') };
    return startCluster(binDir, ownCluster.dir);
  })();
  return cluster;
}

let stopRegistered = false;

async function stopOwnCluster(): Promise<void> {
  if (!ownCluster) return;
  const { binDir, dir } = ownCluster;
  ownCluster = undefined;
  await stopCluster(binDir, dir);
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
}

/** A new, empty database (no schema), owned by a role that is not a superuser. */
export async function createTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const server = await testCluster();
  const { name, url } = await createDatabase(server, 'frontdesk_test');
  const config = readPostgresConfig({ DATABASE_URL: url, PGPOOL_MAX: '4', ...env });
  if (!config) throw new Error('readPostgresConfig returned nothing for a test database URL');
  return { name, url, config, port: server.port };
}

let migratedTemplate: Promise<string> | undefined;

/**
 * A new database with Frontdesk's schema already applied: a copy of a template migrated once per
 * worker, which costs a fraction of running the migrations for every test.
 */
export async function createMigratedTestDatabase(env: Record<string, string> = {}): Promise<TestDatabase> {
  const server = await testCluster();
  migratedTemplate ??= (async () => {
    const template = await createTestDatabase();
    const pool = await PostgresPool.open(template.config);
    try {
      await preparePostgres(pool, template.config, createLogger('silent'));
    } finally {
      // A template must have no open connection while it is copied.
      await pool.close();
    }
    return template.name;
  })();
  const { name, url } = await createDatabase(server, 'frontdesk_test', await migratedTemplate);
  const config = readPostgresConfig({ DATABASE_URL: url, PGPOOL_MAX: '4', ...env });
  if (!config) throw new Error('readPostgresConfig returned nothing for a test database URL');
  return { name, url, config, port: server.port };
}

/**
 * `describe` for suites that need PostgreSQL. Without its binaries the suite is skipped with a
 * one-line notice, unless FRONTDESK_REQUIRE_POSTGRES=1 (CI), where a missing server fails the run.
 */
export function describeWithPostgres(name: string, body: () => void): void {
  if (findPostgresBin()) {
    // After the file's last test, not the suite's: the next suite in the file uses the server too.
    if (!stopRegistered) afterAll(stopOwnCluster);
    stopRegistered = true;
    describe(name, body);
    return;
  }
  if (process.env.FRONTDESK_REQUIRE_POSTGRES === '1') {
    describe(name, () => {
      test('PostgreSQL is installed (FRONTDESK_REQUIRE_POSTGRES=1)', () => {
        throw new Error(`${INSTALL_HINT} FRONTDESK_REQUIRE_POSTGRES=1 makes this a failure.`);
      });
    });
    return;
  }
  process.stderr.write(`  NOTICE: PostgreSQL tests "${name}" SKIPPED. ${INSTALL_HINT}\n`);
  describe.skip(`${name} (SKIPPED: ${INSTALL_HINT})`, body);
}
