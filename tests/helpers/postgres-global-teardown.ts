import { findPostgresBin, RUN_DIR_VARIABLE, stopRun } from '../../src/cli/bench/throwaway-postgres';

/** Jest's global teardown: stops the run's PostgreSQL server, if a test file started it, and removes its folder. */
export default async function postgresGlobalTeardown(): Promise<void> {
  const runDir = process.env[RUN_DIR_VARIABLE];
  if (runDir) await stopRun(runDir, findPostgresBin());
}
