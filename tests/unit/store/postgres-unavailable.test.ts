import pg from 'pg';
import { StoreUnavailableError } from '../../../src/platform/errors';
import { unavailableOr } from '../../../src/store/postgres/postgres-pool';

function serverError(code: string): pg.DatabaseError {
  const err = new pg.DatabaseError('server said no', 0, 'error');
  err.code = code;
  return err;
}

describe('PostgreSQL errors the database will get over', () => {
  test.each([
    ['53100', 'database_full'],
    ['53300', 'database_busy'],
    ['57P01', 'database_busy'],
    ['57P03', 'database_busy'],
    ['55P03', 'database_busy'],
    ['40P01', 'database_busy'],
    ['40001', 'database_busy'],
    ['08006', 'database_busy'],
  ])('when the server answers SQLSTATE %s, then the work is refused as %s (503 with Retry-After)', (code, expected) => {
    const err = unavailableOr(serverError(code));
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as StoreUnavailableError).code).toBe(expected);
  });

  test('when the server refuses the work itself (a constraint, a syntax error, a raised exception), then the error is kept as it is', () => {
    for (const code of ['23505', '42601', 'P0001']) {
      const err = serverError(code);
      expect(unavailableOr(err)).toBe(err);
    }
  });

  test('when no server answers, or every connection stays busy, then the work is refused as busy', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(unavailableOr(refused)).toBeInstanceOf(StoreUnavailableError);
    expect(unavailableOr(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(StoreUnavailableError);
    expect(unavailableOr(new Error('timeout exceeded when trying to connect'))).toBeInstanceOf(StoreUnavailableError);
    const other = new Error('something else');
    expect(unavailableOr(other)).toBe(other);
  });
});
