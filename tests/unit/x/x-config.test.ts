import { readXConfig } from '../../../src/channels/x/x-config';
import { ConfigError } from '../../../src/platform/errors';

const FULL = {
  X_CONSUMER_KEY: 'ck',
  X_CONSUMER_SECRET: 'new-secret, old-secret',
  X_ACCESS_TOKEN: 'at',
  X_ACCESS_SECRET: 'as',
  X_ACCOUNT_ID: '1500000000000000001',
};

describe('readXConfig', () => {
  test('when nothing is set, then the channel is off', () => {
    expect(readXConfig({})).toBeUndefined();
  });

  test('when only the variables with defaults are set (as in .env.example), then the channel is still off', () => {
    expect(readXConfig({ X_MODE: 'webhook', X_POLL_SECONDS: '90', X_API_BASE: 'https://api.x.com' })).toBeUndefined();
  });

  test('when all keys are set, then webhook mode against the real API is the default and secrets are split for rotation', () => {
    expect(readXConfig(FULL)).toEqual({
      consumerKey: 'ck',
      consumerSecrets: ['new-secret', 'old-secret'],
      accessToken: 'at',
      accessSecret: 'as',
      accountId: '1500000000000000001',
      mode: 'webhook',
      pollIntervalMs: 90_000,
      apiBase: 'https://api.x.com',
    });
  });

  test('when some keys are set, then start-up fails naming the missing ones', () => {
    const half: Record<string, string> = { ...FULL };
    delete half.X_ACCESS_SECRET;
    delete half.X_ACCOUNT_ID;
    expect(() => readXConfig(half)).toThrow(ConfigError);
    expect(() => readXConfig(half)).toThrow(/X_ACCESS_SECRET and X_ACCOUNT_ID/);
  });

  test.each([
    ['X_MODE', 'stream', /X_MODE: must be webhook or poll/],
    ['X_POLL_SECONDS', 'soon', /X_POLL_SECONDS/],
    ['X_POLL_SECONDS', '0', /X_POLL_SECONDS/],
    ['X_ACCOUNT_ID', '@frontdeskclinic', /X_ACCOUNT_ID: must be the numeric user id/],
    ['X_API_BASE', 'ftp://example.org', /X_API_BASE/],
    ['X_CONSUMER_SECRET', ' , ', /X_CONSUMER_SECRET/],
  ])('when %s is %p, then start-up fails naming it', (name, value, message) => {
    expect(() => readXConfig({ ...FULL, [name]: value })).toThrow(message);
  });

  test('when poll mode is chosen, then the interval is read in seconds', () => {
    expect(readXConfig({ ...FULL, X_MODE: 'poll', X_POLL_SECONDS: '30' })).toMatchObject({ mode: 'poll', pollIntervalMs: 30_000 });
  });
});
