import { createRunDir, findPostgresBin, RUN_DIR_VARIABLE, stopAbandonedRuns } from '../../src/cli/bench/throwaway-postgres';

/**
 * Jest's global setup: a folder for this run's PostgreSQL server, whose path the workers inherit.
 * The server itself starts only when a test file asks for it, so runs without PostgreSQL tests pay
 * nothing.
 */
export default async function postgresGlobalSetup(): Promise<void> {
  await stopAbandonedRuns(findPostgresBin());
  process.env[RUN_DIR_VARIABLE] = createRunDir();
}
