import { backupDatabase } from '../store/backup';
import { runDatabaseFileCommand } from './database-file-command';

const USAGE = `Copy the Frontdesk database to FILE, safely while the server runs (SQLite online backup).
Uses DATABASE_PATH from the environment or .env.

  npm run backup -- FILE            e.g. npm run backup -- /var/backups/frontdesk/manual.db
`;

runDatabaseFileCommand('backup', USAGE, async (file, databasePath) => {
  const { bytes, schemaVersion } = await backupDatabase(databasePath, file);
  return `Backed up ${databasePath} to ${file} (${bytes} bytes, schema version ${schemaVersion}, integrity ok).\n`;
});
