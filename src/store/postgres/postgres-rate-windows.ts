import { createHash } from 'node:crypto';
import type { RateWindow, RateWindows } from '../../platform/http/rate-windows';
import type { PostgresPool } from './postgres-pool';

/** A window's rows older than the window are deleted about this often, by whichever instance records then. */
const PRUNE_EVERY_MS = 60_000;

/**
 * Keys are stored hashed, part by part (an account and an address are two parts, joined by U+0000,
 * which PostgreSQL text cannot hold: stored joined by ':'), so no address or email is written and
 * a prefix of parts still finds its rows.
 */
function stored(key: string): string {
  return key
    .split('\u0000')
    .map((part) => (part === '' ? '' : createHash('sha256').update(part).digest('base64url').slice(0, 22)))
    .join(':');
}

/**
 * Rate windows every instance shares: one row per event, counted over the window when asked. Two
 * instances taking the last event of a window at the same instant may both get it (one statement
 * each, no lock): a limit can be passed by at most one event per instance, never by a flood.
 */
export function postgresRateWindows(pool: PostgresPool): RateWindows {
  return {
    window(name, limit, windowMs): RateWindow {
      let prunedAt = 0;
      const prune = async (at: number) => {
        if (at - prunedAt < PRUNE_EVERY_MS) return;
        prunedAt = at;
        await pool.query('DELETE FROM rate_events WHERE name = $1 AND at <= $2', [name, at - windowMs]);
      };
      // The newest `limit` events inside the window: while there are that many, the oldest of them says when one frees.
      const blockingAt = `SELECT at FROM rate_events WHERE name = $1 AND key = $2 AND at > $3 ORDER BY at DESC OFFSET $4 LIMIT 1`;
      const until = (rows: Array<{ at: number | null }>) => {
        const at = rows[0]?.at;
        return at === null || at === undefined ? undefined : at + windowMs;
      };
      return {
        async blockedUntil(key, at) {
          const { rows } = await pool.query<{ at: number }>(blockingAt, [name, stored(key), at - windowMs, limit - 1]);
          return until(rows);
        },
        async record(key, at) {
          await pool.query('INSERT INTO rate_events (name, key, at) VALUES ($1, $2, $3)', [name, stored(key), at]);
          await prune(at);
        },
        async take(key, at) {
          const { rows } = await pool.query<{ at: number | null }>(
            `WITH blocking AS (${blockingAt}),
             taken AS (INSERT INTO rate_events (name, key, at) SELECT $1, $2, $5 WHERE NOT EXISTS (SELECT 1 FROM blocking))
             SELECT (SELECT at FROM blocking) AS at`,
            [name, stored(key), at - windowMs, limit - 1, at],
          );
          await prune(at);
          return until(rows);
        },
        async forget(prefix) {
          await pool.query(`DELETE FROM rate_events WHERE name = $1 AND (key = $2 OR starts_with(key, $2 || ':'))`, [name, stored(prefix)]);
        },
      };
    },
  };
}
