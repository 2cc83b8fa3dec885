import { loadConfig } from '../platform/config';

/**
 * The shape of `npm run backup -- FILE` and `npm run restore -- FILE`: prints `usage` for no argument
 * (exit 64) or `--help` (exit 0); otherwise reads DATABASE_PATH from the environment or .env, runs
 * `action`, prints what it reports, and turns an error into one line on stderr with exit code 1.
 */
export function runDatabaseFileCommand(
  name: string,
  usage: string,
  action: (file: string, databasePath: string) => Promise<string> | string,
): void {
  const main = async (): Promise<number> => {
    const file = process.argv[2];
    if (!file || file === '--help' || file === '-h') {
      process.stdout.write(usage);
      return file ? 0 : 64;
    }
    (await import('dotenv')).config({ quiet: true });
    process.stdout.write(await action(file, loadConfig().databasePath));
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
