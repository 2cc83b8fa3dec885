import { messengerText, startFrontdesk } from '../helpers/start-frontdesk';

const PATIENT_TEXTS = [
  'my name is Testpatient Zqxv and my chest hurts really bad',
  'do you take zqxvinsurance plan',
  'i need a refill of zqxvamycin at the pharmacy on elm',
  'i have a zqxv rash that is spreading, what should i put on it',
];

describe('Logs at the default level', () => {
  test('when patients write through every channel, then no message text, name or PSID reaches the logs', async () => {
    const fd = await startFrontdesk({ env: { LOG_LEVEL: 'info' } });
    let i = 0;
    for (const text of PATIENT_TEXTS) {
      i += 1;
      await fd.postMessenger(messengerText({ psid: `73000000000000${i}9`, mid: `m_log_${i}`, text }));
    }
    const session = (await (await fetch(`${fd.server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
    await fetch(`${fd.server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: session.sessionId, clientMessageId: 'c1', text: PATIENT_TEXTS[0] }),
    });
    await fd.server.idle();
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number }> };
    await fd.staff(`/api/escalations/${list.items[0]?.id}/reply`, { method: 'POST', body: { text: 'staff words zqxv reply' } });
    await fd.server.idle();
    await fd.close();

    expect(fd.logs.lines.length).toBeGreaterThan(10); // the logs were captured at all
    expect(fd.logs.text).toContain('"route"');
    expect(fd.logs.text.toLowerCase()).not.toContain('zqxv');
    for (let n = 1; n <= PATIENT_TEXTS.length; n += 1) expect(fd.logs.text).not.toContain(`73000000000000${n}9`);
    expect(fd.logs.text).not.toContain(session.sessionId);
    expect(fd.logs.text).not.toContain('test-page-token');
  });
});
