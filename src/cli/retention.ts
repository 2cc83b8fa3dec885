import { createLogger } from '../platform/logger';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { findExpired, purgeExpired } from '../privacy/retention';
import { openStore } from '../create-store';

const USAGE = `The retention policy: message text and notes of conversations with nothing open and no
activity for RETENTION_DAYS days are removed (the server does this at start and every 6 hours).

  npm run retention -- --dry-run [--days N]   list what would be removed now (changes nothing)
  npm run retention -- --apply [--days N]     remove it now (audited as system:retention)

--days overrides RETENTION_DAYS. Lists conversation ids, channels, dates and counts, never text.
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      apply: { type: 'boolean' },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || values['dry-run'] === values.apply) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 64;
  }
  const config = loadConfig();
  const days = values.days !== undefined ? Number(values.days) : config.operations.retentionDays;
  if (days === undefined || !Number.isSafeInteger(days) || days < 1) {
    process.stderr.write('retention: set RETENTION_DAYS (or pass --days N, a whole number of days).\n');
    return 64;
  }
  const store = await openStore(config, createLogger('warn'));
  try {
    const now = Date.now();
    const list = values.apply ? await purgeExpired(store, now, days) : await findExpired(store, now, days);
    for (const c of list) {
      process.stdout.write(
        `conversation ${c.conversationId}\t${c.channel}\tlast activity ${new Date(c.lastActivityAt).toISOString()}\t${c.messages} messages\t${c.notes} notes\n`,
      );
    }
    process.stdout.write(`${list.length} conversation(s) ${values.apply ? 'purged' : 'would be purged'} (retention ${days} days).\n`);
    return 0;
  } finally {
    await store.close();
  }
}

void (async () => {
  (await import('dotenv')).config({ quiet: true });
  try {
    process.exit(await main());
  } catch (err) {
    process.stderr.write(`retention: ${(err as Error).message}\n`);
    process.exit(1);
  }
})();
