/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 20000,
  // A stray handle (a child process or socket a failed test left behind) must never hang CI for
  // 90 minutes: once every test has finished, exit.
  forceExit: true,
};
