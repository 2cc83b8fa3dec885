import { messagingWindow } from '../../../src/channels/meta-messaging-window';

const HOUR = 3600_000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('messagingWindow', () => {
  test('when the patient wrote 1 h ago, then a staff reply is a standard RESPONSE', () => {
    expect(messagingWindow(NOW - HOUR, NOW)).toMatchObject({ state: 'open', messagingType: 'RESPONSE', closesAt: NOW + 23 * HOUR });
  });

  test('when the patient wrote 2 days ago, then only a HUMAN_AGENT tagged message may be sent', () => {
    expect(messagingWindow(NOW - 48 * HOUR, NOW)).toMatchObject({ state: 'human_agent', messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
  });

  test('when exactly 24 h have passed, then the standard window is closed', () => {
    expect(messagingWindow(NOW - 24 * HOUR, NOW).state).toBe('human_agent');
  });

  test('when the patient wrote 8 days ago or never, then nothing can be sent', () => {
    expect(messagingWindow(NOW - 8 * 24 * HOUR, NOW).state).toBe('closed');
    expect(messagingWindow(null, NOW).state).toBe('closed');
  });
});
