/** ES-module-only packages the server imports (see `transform`). */
const ESM_ONLY = ['openid-client', 'oauth4webapi', 'jose'];

/** @type {import('jest').Config} */
module.exports = {
  // Node's environment, with a few large stateless modules loaded once per worker (see the file).
  testEnvironment: '<rootDir>/tests/helpers/node-environment.js',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // Tests are compiled one file at a time without type information (fast); `npm run lint` type-checks
  // src and tests together with tsc, and CI runs it before the tests.
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' }, sourceMaps: 'inline' },
    ],
    // openid-client and the two packages it imports are ES modules only. The built server loads them
    // with Node's require(esm); jest's module loader cannot, so they are compiled to CommonJS here.
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
  moduleNameMapper: {
    '^botbuilder$': '<rootDir>/tests/helpers/once-per-worker/botbuilder.js',
    '^tinyld$': '<rootDir>/tests/helpers/once-per-worker/tinyld.js',
  },
  testTimeout: 20000,
  // One throwaway PostgreSQL server per run, started by the first test file that needs one and
  // stopped at the end (tests/helpers/postgres.ts); runs without PostgreSQL tests start nothing.
  globalSetup: '<rootDir>/tests/helpers/postgres-global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/postgres-global-teardown.ts',
  // Most test time is spent waiting on local servers, fake platforms and the browser, not on the CPU:
  // two workers on a two-core machine finish sooner than jest's default of one.
  maxWorkers: 2,
};
