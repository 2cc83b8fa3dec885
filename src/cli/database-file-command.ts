import { loadConfig } from '../platform/config';

const POSTGRES_NOTE = `DATABASE_URL is set: the store is PostgreSQL (TARGET), not a SQLite file.
Back it up with PostgreSQL's own tools, e.g.
  pg_dump --format=custom --file=frontdesk-$(date +%F).dump "$DATABASE_URL"
and restore into an empty database with every instance stopped:
  pg_restore --no-owner --dbname="$DATABASE_URL" frontdesk-YYYY-MM-DD.dump
docs/going-live.md ("Two servers and PostgreSQL") has the whole procedure.
`;

/**
 * The shape of `npm run backup -- FILE` and `npm run restore -- FILE`: prints `usage` for no argument
 * or an option not in `options` (exit 64) or `--help` (exit 0); otherwise reads DATABASE_PATH from
 * the environment or .env, runs `action` with the options given, prints what it reports, and turns
 * an error into one line on stderr with exit code 1.
 */
export function runDatabaseFileCommand(
  name: string,
  usage: string,
  action: (file: string, databasePath: string, options: ReadonlySet<string>) => Promise<string> | string,
  options: readonly string[] = [],
): void {
  const main = async (): Promise<number> => {
    const args = process.argv.slice(2);
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(usage);
      return 0;
    }
    const given = new Set(args.filter((a) => a.startsWith('-')));
    const [file] = args.filter((a) => !a.startsWith('-'));
    if (!file || [...given].some((o) => !options.includes(o))) {
      process.stdout.write(usage);
      return 64;
    }
    (await import('dotenv')).config({ quiet: true });
    const config = loadConfig();
    if (config.postgres) {
      // The file commands copy the SQLite file; a PostgreSQL database has its own tools.
      process.stderr.write(`${name}: ${POSTGRES_NOTE.replaceAll('TARGET', config.postgres.target)}`);
      return 64;
    }
    process.stdout.write(await action(file, config.databasePath, given));
    return 0;
  };
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
