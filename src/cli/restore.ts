import { restoreDatabase } from '../store/backup';
import { runDatabaseFileCommand } from './database-file-command';

const USAGE = `Replace the Frontdesk database with a backup. Stop the server first.
The backup's integrity and schema version are checked before anything changes; the database it
replaces is kept next to it as <name>.before-restore-<time>. Uses DATABASE_PATH from the environment or .env.

  npm run restore -- FILE
`;

runDatabaseFileCommand('restore', USAGE, (file, databasePath) => {
  const { schemaVersion, previous } = restoreDatabase(file, databasePath);
  return (
    `Restored ${file} into ${databasePath} (schema version ${schemaVersion}; newer migrations run at the next start).\n` +
    (previous ? `The replaced database was kept as ${previous}.\n` : '')
  );
});
