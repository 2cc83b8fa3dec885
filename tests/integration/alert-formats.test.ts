import { loadConfig } from '../../src/platform/config';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { messengerPatient } from '../helpers/patients';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const EMERGENCY = 'she took a whole bottle of pills and wont wake up';

async function setup(env: Record<string, string>) {
  const receiver = await startAlertReceiver();
  const fd = await startFrontdesk({ env: { ALERT_WEBHOOK_URL: receiver.url, ...env } });
  await messengerPatient(() => fd).say(EMERGENCY);
  await waitFor(() => receiver.received.length === 1);
  const [alert] = receiver.received;
  return { fd, alert: alert as NonNullable<typeof alert>, body: JSON.parse(alert?.raw ?? '{}') as Record<string, unknown>, receiver };
}

describe('Alerts in Slack and Microsoft Teams', () => {
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
  });

  test('when ALERT_WEBHOOK_FORMAT is slack, then the webhook gets a Slack incoming-webhook body without the patient text', async () => {
    const run = await setup({ ALERT_WEBHOOK_FORMAT: 'slack' });
    fd = run.fd;
    expect(run.alert.headers['content-type']).toMatch(/^application\/json/);
    expect(run.body.text).toMatch(/^Emergency.* in the Frontdesk queue/);
    const blocks = run.body.blocks as Array<{ type: string; text?: { text: string } }>;
    expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(blocks[1]?.text?.text).toMatch(/\*Channel:\* messenger/);
    expect(blocks[1]?.text?.text).toMatch(/\*Language:\* English/);
    expect(run.alert.raw).not.toMatch(/bottle|pills/);
    expect(run.alert.headers['x-frontdesk-signature']).toBeUndefined();
    await run.receiver.close();
  });

  test('when ALERT_WEBHOOK_FORMAT is teams, then the webhook gets a message holding an Adaptive Card without the patient text', async () => {
    const run = await setup({ ALERT_WEBHOOK_FORMAT: 'teams' });
    fd = run.fd;
    expect(run.body.type).toBe('message');
    const [attachment] = run.body.attachments as Array<{ contentType: string; content: Record<string, unknown> }>;
    expect(attachment?.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment?.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    const body = attachment?.content.body as Array<{ type: string; text?: string; facts?: Array<{ title: string; value: string }> }>;
    expect(body[0]?.text).toMatch(/^Emergency/);
    expect(body.find((b) => b.type === 'FactSet')?.facts).toEqual(expect.arrayContaining([{ title: 'Channel', value: 'messenger' }]));
    expect(run.alert.raw).not.toMatch(/bottle|pills/);
    await run.receiver.close();
  });

  test('when ALERT_INCLUDE_TEXT is true with slack or teams, then the message carries the patient text', async () => {
    for (const format of ['slack', 'teams']) {
      const run = await setup({ ALERT_WEBHOOK_FORMAT: format, ALERT_INCLUDE_TEXT: 'true' });
      expect(run.alert.raw).toContain(EMERGENCY);
      await run.fd.close();
      await run.receiver.close();
    }
  });

  test('when a patient writes Slack markup, then it reaches Slack escaped, not as a mention', async () => {
    const run = await setup({ ALERT_WEBHOOK_FORMAT: 'slack', ALERT_INCLUDE_TEXT: 'true' });
    fd = run.fd;
    await messengerPatient(() => run.fd).say('<!channel> he is choking and cant breathe');
    await waitFor(() => run.receiver.received.length === 2);
    const raw = run.receiver.received[1]?.raw ?? '';
    expect(raw).toContain('&lt;!channel&gt; he is choking');
    expect(raw).not.toContain('<!channel>');
    await run.receiver.close();
  });

  test('when the format is frontdesk, then the secret is required; slack and teams URLs need none', () => {
    const url = 'https://hooks.example.org/services/T000/B000/XXXX';
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: url })).toThrow(/ALERT_WEBHOOK_SECRET: required/);
    expect(loadConfig({ ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_FORMAT: 'slack' }).alert).toMatchObject({
      format: 'slack',
      secret: undefined,
    });
    expect(loadConfig({ ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_FORMAT: 'teams' }).alert?.format).toBe('teams');
    expect(() => loadConfig({ ALERT_WEBHOOK_URL: url, ALERT_WEBHOOK_FORMAT: 'discord' })).toThrow(
      /ALERT_WEBHOOK_FORMAT: must be frontdesk, slack or teams/,
    );
  });
});
