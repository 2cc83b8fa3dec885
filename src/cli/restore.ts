import { loadConfig } from '../platform/config';
import { restoreDatabase } from '../store/backup';

const USAGE = `Replace the Frontdesk database with a backup. Stop the server first.
The backup's integrity and schema version are checked before anything changes; the database it
replaces is kept next to it as <name>.before-restore-<time>. Uses DATABASE_PATH from the environment or .env.

  npm run restore -- FILE
`;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file === '--help' || file === '-h') {
    process.stdout.write(USAGE);
    return file ? 0 : 64;
  }
  (await import('dotenv')).config({ quiet: true });
  const config = loadConfig();
  const { schemaVersion, previous } = restoreDatabase(file, config.databasePath);
  process.stdout.write(
    `Restored ${file} into ${config.databasePath} (schema version ${schemaVersion}; newer migrations run at the next start).\n` +
      (previous ? `The replaced database was kept as ${previous}.\n` : ''),
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`restore: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
