import path from 'node:path';
import { CHANNELS } from '../../../src/channels';
import { messengerConfigFromEnv } from '../../../src/channels/meta-app-config';
import { loadConfig as loadCoreConfig } from '../../../src/platform/config';

const loadConfig = (env: NodeJS.ProcessEnv) => loadCoreConfig(env, CHANNELS);
import { ConfigError } from '../../../src/platform/errors';

const MESSENGER = {
  MESSENGER_APP_SECRET: 'a',
  MESSENGER_VERIFY_TOKEN: 'b',
  MESSENGER_PAGE_ACCESS_TOKEN: 'c',
};

describe('loadConfig', () => {
  test('when nothing is set, then the embedded defaults run with Messenger and the staff API off', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.databasePath).toBe(path.resolve('data/frontdesk.db'));
    expect(config.channels.find((c) => c.id === 'webchat')?.setup.enabled).toBe(true);
    expect(config.channels.find((c) => c.id === 'messenger')?.setup.enabled).toBe(false);
    expect(config.staffApiToken).toBeUndefined();
    expect(config.disabledChannels[0]?.howToEnable).toMatch(/MESSENGER_APP_SECRET/);
    expect(Object.isFrozen(config)).toBe(true);
  });

  test('when a number is malformed, then the error names the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  test('when Messenger is partly configured, then start-up fails naming what is missing', () => {
    expect(() => loadConfig({ MESSENGER_APP_SECRET: 'a' })).toThrow(/MESSENGER_VERIFY_TOKEN and MESSENGER_PAGE_ACCESS_TOKEN/);
  });

  test('when several app secrets are given, then all are kept for rotation', () => {
    const config = messengerConfigFromEnv({ ...MESSENGER, MESSENGER_APP_SECRET: 'old, new ' });
    expect(config?.appSecrets).toEqual(['old', 'new']);
    expect(config?.graphApiBase).toBe('https://graph.facebook.com');
  });

  test('when GRAPH_API_BASE points at a local fake, then it is used without a trailing slash', () => {
    const config = messengerConfigFromEnv({ ...MESSENGER, GRAPH_API_BASE: 'http://127.0.0.1:9999/', GRAPH_API_VERSION: 'v19.0' });
    expect(config?.graphApiBase).toBe('http://127.0.0.1:9999');
    expect(config?.graphApiVersion).toBe('v19.0');
  });

  test('when GRAPH_API_VERSION is not like v25.0, then start-up fails naming it', () => {
    expect(() => loadConfig({ ...MESSENGER, GRAPH_API_VERSION: '23' })).toThrow(/GRAPH_API_VERSION/);
  });

  test('when STAFF_API_TOKEN is too short to be safe, then start-up fails naming it', () => {
    expect(() => loadConfig({ STAFF_API_TOKEN: 'secret' })).toThrow(/STAFF_API_TOKEN/);
    expect(loadConfig({ STAFF_API_TOKEN: 'x'.repeat(24) }).staffApiToken).toBe('x'.repeat(24));
  });
});
