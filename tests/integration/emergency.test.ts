import { signAlert } from '../../src/escalation/alert-webhook';
import { startAlertReceiver } from '../helpers/alert-receiver';
import { messengerPatient } from '../helpers/patients';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const ALERT_SECRET = 'alert-secret-for-tests-0123';

describe('Emergencies', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when an emergency arrives, then the 911 reply is queued before the escalation is written', async () => {
    fd = await startFrontdesk();
    const db = fd.server.store.db;
    // record the order in which rows are written, across tables
    db.exec(`CREATE TABLE write_order (seq INTEGER PRIMARY KEY, what TEXT NOT NULL);
      CREATE TRIGGER order_outbox AFTER INSERT ON outbox BEGIN INSERT INTO write_order (what) VALUES ('outbox:' || json_extract(NEW.payload_json, '$.text')); END;
      CREATE TRIGGER order_escalations AFTER INSERT ON escalations BEGIN INSERT INTO write_order (what) VALUES ('escalation:' || NEW.route); END;`);
    const patient = messengerPatient(() => fd);
    await patient.say('my dad is having chest pain and sweating a lot');
    const order = (db.prepare('SELECT what FROM write_order ORDER BY seq').all() as Array<{ what: string }>).map((r) => r.what);
    expect(order[0]).toMatch(/^outbox:.*Call 911 now/);
    expect(order.indexOf('escalation:emergency')).toBeGreaterThan(0);
    // the first thing the patient receives is the emergency instruction, not the bot disclosure
    expect((await patient.received())[0]?.text).toMatch(/Call 911 now/);
  });

  test('when the store fails while an emergency is handled, then the 911 reply still reaches the patient', async () => {
    fd = await startFrontdesk();
    const patient = messengerPatient(() => fd);
    await patient.say('hello');
    const db = fd.server.store.db;
    for (const table of ['outbox', 'messages', 'escalations']) {
      db.exec(`CREATE TRIGGER break_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END;`);
    }
    const reply = await patient.say('i think im having a stroke, my face is drooping and i cant lift my arm');
    expect(reply[0]?.text).toMatch(/Call 911 now/);
    expect(fd.logs.text).toContain('emergency reply sent but the emergency could not be recorded');
  });

  test('when an alert webhook is configured, then staff get a signed alert without the patient text', async () => {
    const receiver = await startAlertReceiver();
    fd = await startFrontdesk({ env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
    const patient = messengerPatient(() => fd);
    await patient.say('she took a whole bottle of pills and wont wake up');
    await waitFor(() => receiver.received.length === 1);
    const [alert] = receiver.received;
    expect(alert?.headers['x-frontdesk-signature']).toBe(signAlert(alert?.raw ?? '', ALERT_SECRET));
    const body = JSON.parse(alert?.raw ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'escalation.emergency', channel: 'messenger', language: 'en' });
    expect(alert?.raw).not.toMatch(/bottle|pills/);
    await receiver.close();
  });

  test('when a Spanish-speaking patient reports an emergency, then the alert names Spanish, without the patient text', async () => {
    const receiver = await startAlertReceiver();
    fd = await startFrontdesk({ env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET } });
    await messengerPatient(() => fd).say('mi hijo se tomó todas las pastillas de mi mamá y no despierta');
    await waitFor(() => receiver.received.length === 1);
    const body = JSON.parse(receiver.received[0]?.raw ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({ type: 'escalation.emergency', language: 'es' });
    expect(receiver.received[0]?.raw).not.toMatch(/pastillas|despierta/);
    await receiver.close();
  });

  test('when ALERT_INCLUDE_TEXT is true, then the alert carries the patient text', async () => {
    const receiver = await startAlertReceiver();
    fd = await startFrontdesk({ env: { ALERT_WEBHOOK_URL: receiver.url, ALERT_WEBHOOK_SECRET: ALERT_SECRET, ALERT_INCLUDE_TEXT: 'true' } });
    await messengerPatient(() => fd).say('he is choking and cant breathe');
    await waitFor(() => receiver.received.length === 1);
    expect(JSON.parse(receiver.received[0]?.raw ?? '{}').text).toBe('he is choking and cant breathe');
    await receiver.close();
  });
});
