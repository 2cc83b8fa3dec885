import readline from 'node:readline';
import { planRestore, restoreDatabase, type RestoreLoss } from '../store/backup';
import { runDatabaseFileCommand } from './database-file-command';

const CONFIRMATION = 'RESTORE';

const USAGE = `Replace the Frontdesk database with a backup. Stop the server first.
The backup's integrity and schema version are checked before anything changes. Then it counts the
patient messages and replies the current database holds that the backup does not (everything
acknowledged after the backup was taken: the restore removes them) and asks you to type ${CONFIRMATION}.
The database it replaces is kept next to it as <name>.before-restore-<time>.
Uses DATABASE_PATH from the environment or .env.

  npm run restore -- FILE          asks before replacing
  npm run restore -- FILE --yes    replaces without asking (scripts)
`;

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function describeLoss(loss: RestoreLoss, databasePath: string): string {
  switch (loss.state) {
    case 'no database':
      return '';
    case 'unreadable':
      return `The database ${databasePath} cannot be read to count what the restore removes (${loss.reason}).\n`;
    case 'counted':
      return loss.patientMessages + loss.replies === 0
        ? `The database ${databasePath} holds nothing the backup does not: no patient message or reply is lost.\n`
        : `The database ${databasePath} holds ${count(loss.patientMessages, 'patient message', 'patient messages')} and ` +
            `${count(loss.replies, 'reply', 'replies')} newer than the backup (acknowledged after it was taken): the restore removes them.\n`;
  }
}

/** One line typed on stdin; '' when stdin ends first. */
function readLine(): Promise<string> {
  return new Promise((resolve) => {
    const lines = readline.createInterface({ input: process.stdin });
    lines.once('line', (line) => {
      resolve(line.trim());
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}

runDatabaseFileCommand(
  'restore',
  USAGE,
  async (file, databasePath, options) => {
    const plan = planRestore(file, databasePath);
    process.stdout.write(describeLoss(plan.loss, databasePath));
    if (plan.loss.state !== 'no database' && !options.has('--yes')) {
      process.stdout.write(`Type ${CONFIRMATION} to replace it with ${file}: `);
      const answer = await readLine();
      if (!process.stdin.isTTY) process.stdout.write('\n');
      if (answer !== CONFIRMATION) throw new Error(`not restored: the answer was not ${CONFIRMATION}; nothing changed.`);
    }
    const { schemaVersion, previous } = restoreDatabase(file, databasePath, Date.now(), plan);
    return (
      `Restored ${file} into ${databasePath} (schema version ${schemaVersion}; newer migrations run at the next start).\n` +
      (previous ? `The replaced database was kept as ${previous}.\n` : '')
    );
  },
  ['--yes'],
);
