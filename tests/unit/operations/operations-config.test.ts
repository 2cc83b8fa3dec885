import { Writable } from 'node:stream';
import { CHANNELS } from '../../../src/channels';
import { loadConfig } from '../../../src/platform/config';
import { ConfigError } from '../../../src/platform/errors';
import { createLogger, resolveLogFormat } from '../../../src/platform/logger';
import { sendResult } from '../../../src/platform/metrics';

describe('Operations settings', () => {
  test('when nothing is set, then metrics are loopback-only, backups and retention are off, and the health thresholds have their defaults', () => {
    const { operations, logFormat } = loadConfig({}, CHANNELS);
    expect(operations).toEqual({
      metricsToken: undefined,
      readyOutboxStallMs: 300_000,
      deliveryAlertAfterMs: 15 * 60_000,
      deliveryAlertRepeatMs: 60 * 60_000,
      backup: undefined,
      retentionDays: undefined,
    });
    expect(logFormat).toBe('auto');
  });

  test('when the variables are set, then they are read in the units the code uses', () => {
    const { operations } = loadConfig(
      {
        BACKUP_DIR: '/var/backups/frontdesk',
        BACKUP_KEEP: '14',
        BACKUP_EVERY_HOURS: '6',
        RETENTION_DAYS: '365',
        METRICS_TOKEN: 'x'.repeat(32),
      },
      CHANNELS,
    );
    expect(operations.backup).toEqual({ dir: '/var/backups/frontdesk', keep: 14, everyMs: 6 * 3_600_000 });
    expect(operations.retentionDays).toBe(365);
    expect(operations.metricsToken).toBe('x'.repeat(32));
  });

  test.each([
    ['RETENTION_DAYS', 'forever', /RETENTION_DAYS: must be off or a number of days/],
    ['RETENTION_DAYS', '2', /RETENTION_DAYS: must be at least 7 days/],
    ['METRICS_TOKEN', 'short', /METRICS_TOKEN: must be at least 24 characters/],
    ['LOG_FORMAT', 'xml', /LOG_FORMAT: must be auto, json or pretty/],
    ['BACKUP_KEEP', '0', /BACKUP_KEEP/],
  ])('when %s=%s, then start-up fails naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value }, CHANNELS)).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value }, CHANNELS)).toThrow(message);
  });
});

describe('Log format', () => {
  test('when LOG_FORMAT is auto, then a terminal in development gets pretty logs and anything else JSON', () => {
    expect(resolveLogFormat('auto', { isTTY: true }, {})).toBe('pretty');
    expect(resolveLogFormat('auto', { isTTY: true }, { NODE_ENV: 'production' })).toBe('json');
    expect(resolveLogFormat('auto', { isTTY: false }, {})).toBe('json');
    expect(resolveLogFormat('json', { isTTY: true }, {})).toBe('json');
    expect(resolveLogFormat('pretty', { isTTY: false }, { NODE_ENV: 'production' })).toBe('pretty');
  });

  test('when pretty logs are written, then they are one readable line per event and redaction still applies', () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString('utf8');
        done();
      },
    });
    const log = createLogger('info', sink as unknown as Parameters<typeof createLogger>[1], 'pretty');
    log.info({ escalationId: 7, text: 'patient words' }, 'escalation opened');
    expect(out).toMatch(/INFO.*escalation opened/);
    expect(out).toContain('escalationId: 7');
    expect(out).not.toContain('patient words');
    expect(out).not.toMatch(/^\{/);
  });
});

describe('Send results on /metrics', () => {
  test.each([
    [{ ok: true }, true, { result: 'sent', code: '' }],
    [
      { ok: false, retryable: true, reason: 'Graph error 613 (HTTP 400): send rate limit exceeded; retry with backoff' },
      true,
      { result: 'rate_limited', code: '613' },
    ],
    [{ ok: false, retryable: true, reason: 'Graph error (HTTP 503): Graph API server error' }, true, { result: 'retry', code: 'http_503' }],
    [
      { ok: false, retryable: false, reason: 'Graph error 551/1545041 (HTTP 400): this person is not available right now' },
      false,
      { result: 'permanent', code: '551' },
    ],
    [
      { ok: false, retryable: true, reason: 'network error reaching the Graph API (ECONNREFUSED)' },
      false,
      { result: 'gave_up', code: 'other' },
    ],
  ])('when a delivery returns %j (will retry: %s), then it is counted as %j', (result, willRetry, expected) => {
    expect(sendResult(result, willRetry)).toEqual(expected);
  });
});
