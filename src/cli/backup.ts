import { loadConfig } from '../platform/config';
import { backupDatabase, BackupError } from '../store/backup';

const USAGE = `Copy the Frontdesk database to FILE, safely while the server runs (SQLite online backup).
Uses DATABASE_PATH from the environment or .env.

  npm run backup -- FILE            e.g. npm run backup -- /var/backups/frontdesk/manual.db
`;

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file || file === '--help' || file === '-h') {
    process.stdout.write(USAGE);
    return file ? 0 : 64;
  }
  (await import('dotenv')).config({ quiet: true });
  const config = loadConfig();
  const { bytes, schemaVersion } = await backupDatabase(config.databasePath, file);
  process.stdout.write(`Backed up ${config.databasePath} to ${file} (${bytes} bytes, schema version ${schemaVersion}, integrity ok).\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`backup: ${err instanceof BackupError || err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
