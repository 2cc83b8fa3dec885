import { chatPatient, messengerPatient } from '../helpers/patients';
import { addUser, login } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef0123';

/** What patients and staff write in the scripted conversation: none of it may reach /metrics. */
const SECRETS = {
  hours: 'zqxv what time do you open on saturday',
  clinical: 'zqxv i have a rash on my arm that is spreading, should i be worried',
  emergency: 'zqxv my chest hurts and my left arm is numb',
  chat: 'zqxv can i talk to a real person please',
  staffName: 'Quentin Zqxvstaff',
  staffEmail: 'quentin.zqxv@example.org',
};

function sample(body: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of body.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((w) => line.includes(w))) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return undefined;
}

describe('GET /metrics', () => {
  let fd: Frontdesk;
  beforeAll(async () => {
    fd = await startFrontdesk({ env: { METRICS_TOKEN, LOGIN_MAX_FAILURES: '2' } });
  });
  afterAll(async () => {
    await fd?.close();
  });

  test('when a scripted day has run, then the counters and gauges show it and the whole body holds no patient text, name or id', async () => {
    const anna = messengerPatient(() => fd);
    await anna.say(SECRETS.hours);
    const ben = messengerPatient(() => fd);
    await ben.say(SECRETS.clinical);
    const cara = messengerPatient(() => fd);
    await cara.say(SECRETS.emergency);
    const chat = await chatPatient(() => fd);
    await chat.say(SECRETS.chat);
    // One reply meets a Graph outage once, another a patient who blocked the Page (code 551).
    fd.graph.script([{ status: 500, body: { error: { code: 2 } } }]);
    await fd.postMessenger(messengerText({ psid: '7455500000000001', mid: 'm_metrics_retry', text: 'hello' }));
    await waitFor(
      () =>
        (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`).get() as { n: number }).n ===
        0,
    );
    fd.graph.script([{ status: 400, body: { error: { code: 551 } } }]);
    await fd.postMessenger(messengerText({ psid: '7455500000000002', mid: 'm_metrics_551', text: 'hello' }));
    await fd.server.idle();
    // Staff sign-in: two wrong passwords lock the account.
    await addUser(fd, SECRETS.staffEmail, 'admin', SECRETS.staffName);
    await login(fd, SECRETS.staffEmail, 'wrong password one');
    await login(fd, SECRETS.staffEmail, 'wrong password two');

    const res = await fetch(`${fd.server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const body = await res.text();

    expect(sample(body, 'frontdesk_triage_decisions_total', { route: 'answer' })).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'frontdesk_triage_decisions_total', { route: 'clinical' })).toBeGreaterThanOrEqual(1);
    expect(sample(body, 'frontdesk_triage_decisions_total', { route: 'emergency' })).toBe(1);
    expect(sample(body, 'frontdesk_red_flags_total', { family: 'cardiac' })).toBe(1);
    expect(sample(body, 'frontdesk_outbox_sends_total', { channel: 'messenger', result: 'sent' })).toBeGreaterThanOrEqual(4);
    expect(sample(body, 'frontdesk_outbox_sends_total', { channel: 'messenger', result: 'retry', code: '2' })).toBe(1);
    expect(sample(body, 'frontdesk_outbox_sends_total', { channel: 'messenger', result: 'permanent', code: '551' })).toBe(1);
    expect(sample(body, 'frontdesk_webhook_ack_seconds_count', { channel: 'messenger' })).toBeGreaterThanOrEqual(5);
    expect(sample(body, 'frontdesk_webhook_ack_seconds_count', { channel: 'webchat' })).toBe(1);
    expect(sample(body, 'frontdesk_reply_latency_seconds_count', { channel: 'messenger', author: 'bot' })).toBeGreaterThanOrEqual(3);
    expect(sample(body, 'frontdesk_escalations_open', { route: 'clinical' })).toBe(1);
    expect(sample(body, 'frontdesk_escalations_open', { route: 'emergency' })).toBe(1);
    expect(sample(body, 'frontdesk_escalations_open', { route: 'human' })).toBe(1);
    expect(sample(body, 'frontdesk_escalations_overdue', { route: 'emergency' })).toBe(0);
    expect(sample(body, 'frontdesk_staff_sign_in_events_total', { kind: 'failed' })).toBe(2);
    expect(sample(body, 'frontdesk_staff_sign_in_events_total', { kind: 'lockout' })).toBe(1);
    expect(sample(body, 'frontdesk_outbox_depth')).toBeUndefined(); // nothing waiting: no series
    expect(sample(body, 'frontdesk_delivery_failing_seconds', { channel: 'messenger' })).toBe(0);
    expect(sample(body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(body, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);

    // The whole body: no patient text, no staff name or email, no platform or session id.
    expect(body.toLowerCase()).not.toContain('zqxv');
    const ids = fd.server.store.db
      .prepare(
        'SELECT platform_user_id AS id FROM contacts UNION SELECT platform_conversation_id FROM conversations UNION SELECT event_id FROM inbox',
      )
      .all() as Array<{ id: string }>;
    expect(ids.length).toBeGreaterThanOrEqual(7);
    for (const { id } of ids) expect(body).not.toContain(id);
    for (const part of id_parts(ids.map((r) => r.id))) expect(body).not.toContain(part);
  });

  test('when stored events wait unprocessed, then inbox depth and oldest age show them by channel and priority', async () => {
    const slow = await startFrontdesk({ startWorkers: false });
    try {
      await slow.postMessenger(messengerText({ psid: '7455500000000009', mid: 'm_metrics_inbox', text: 'hello there' }));
      const body = await (await fetch(`${slow.server.url}/metrics`)).text();
      expect(sample(body, 'frontdesk_inbox_depth', { channel: 'messenger', priority: 'normal' })).toBe(1);
      expect(sample(body, 'frontdesk_inbox_oldest_age_seconds', { channel: 'messenger' })).toBeGreaterThanOrEqual(0);
    } finally {
      await slow.close();
    }
  });

  test('when a request comes through a proxy or from elsewhere without the token, then 403; with a wrong token 401; with METRICS_TOKEN 200', async () => {
    const proxied = await fetch(`${fd.server.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(proxied.status).toBe(403);
    expect(((await proxied.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    const wrong = await fetch(`${fd.server.url}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token-at-all' } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${fd.server.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}`, 'x-forwarded-for': '203.0.113.9' },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('frontdesk_outbox_sends_total');
  });
});

/** The pieces of composite ids (webchat `session:client`), each long enough to be meaningful. */
function id_parts(ids: string[]): string[] {
  return ids.flatMap((id) => id.split(':')).filter((p) => p.length >= 8);
}
