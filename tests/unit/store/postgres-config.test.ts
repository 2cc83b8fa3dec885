import { ConfigError } from '../../../src/platform/errors';
import { readPostgresConfig } from '../../../src/platform/postgres-config';

const SHAPE = /DATABASE_URL: must look like postgres:\/\/user:password@host:5432\/database/;

function failure(env: Record<string, string>): ConfigError {
  try {
    readPostgresConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('readPostgresConfig', () => {
  test('when DATABASE_URL is unset or blank, then there is no PostgreSQL config and SQLite stays the store', () => {
    expect(readPostgresConfig({})).toBeUndefined();
    expect(readPostgresConfig({ DATABASE_URL: '  ' })).toBeUndefined();
  });

  test('when DATABASE_URL is a postgres URL, then host, port, database and user are read and the pool holds 10', () => {
    const config = readPostgresConfig({ DATABASE_URL: 'postgres://front%40desk:p%40ss@db.internal:6543/frontdesk?sslmode=require' });

    expect(config).toEqual({
      connectionString: 'postgres://front%40desk:p%40ss@db.internal:6543/frontdesk?sslmode=require',
      host: 'db.internal',
      port: 6543,
      database: 'frontdesk',
      user: 'front@desk',
      target: 'db.internal:6543/frontdesk',
      poolMax: 10,
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when the port is left out or the scheme is postgresql, then the URL is accepted with port 5432', () => {
    expect(readPostgresConfig({ DATABASE_URL: 'postgresql://u@localhost/fd' })).toMatchObject({ port: 5432, target: 'localhost:5432/fd' });
  });

  test('when PGPOOL_MAX is set, then the pool holds that many; when it is not a whole number from 1 to 1000, then start-up fails naming it', () => {
    const url = 'postgres://u:p@h/db';
    expect(readPostgresConfig({ DATABASE_URL: url, PGPOOL_MAX: '25' })?.poolMax).toBe(25);
    for (const bad of ['0', 'ten', '2.5', '1001', '-3']) {
      expect(failure({ DATABASE_URL: url, PGPOOL_MAX: bad }).message).toMatch(/PGPOOL_MAX: must be a whole number from 1 to 1000/);
    }
  });

  test.each([
    ['not a URL', 'host=db user=frontdesk password=Hunter2-secret', /not a valid URL/],
    ['another scheme', 'mysql://frontdesk:Hunter2-secret@db/frontdesk', /starts with mysql:\/\//],
    ['no host', 'postgres://frontdesk:Hunter2-secret@/frontdesk', /host is missing|not a valid URL/],
    ['no database', 'postgres://frontdesk:Hunter2-secret@db:5432', /database name .* is missing/],
    ['a broken escape', 'postgres://frontdesk:Hunter2-secret%zz@db/frontdesk', /valid escape/],
  ])('when DATABASE_URL is %s, then a ConfigError names the variable and its shape, without the password', (_case, url, why) => {
    const error = failure({ DATABASE_URL: url });
    expect(error.code).toBe('invalid_config');
    expect(error.message).toMatch(SHAPE);
    expect(error.message).toMatch(why);
    expect(error.message).not.toContain('Hunter2');
  });
});
