import { patientWrites } from '../helpers/patients';
import { signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

interface Item {
  id: number;
  language: string | null;
}

async function setup() {
  const fd: Frontdesk = await startFrontdesk();
  const list = async (query = '') => ((await (await fd.staff(`/api/escalations${query}`)).json()) as { items: Item[] }).items;
  return { fd, list, close: () => fd.close() };
}

describe('The conversation language for staff', () => {
  let t: Awaited<ReturnType<typeof setup>>;
  afterEach(async () => {
    await t.close();
  });

  test('when patients write in Spanish and in English, then queue rows and the thread name the language, and the queue filters by it', async () => {
    t = await setup();
    const spanish = await patientWrites(t.fd, '7420000000000001', 'quiero hablar con una persona, por favor');
    const english = await patientWrites(t.fd, '7420000000000002', 'can i talk to a real person please');

    expect(await t.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: spanish, language: 'es' }),
        expect.objectContaining({ id: english, language: 'en' }),
      ]),
    );
    expect((await t.list('?language=es')).map((i) => i.id)).toEqual([spanish]);
    expect((await t.list('?language=en')).map((i) => i.id)).toEqual([english]);
    const thread = (await (await t.fd.staff(`/api/escalations/${spanish}`)).json()) as { escalation: { language: string } };
    expect(thread.escalation.language).toBe('es');
  });

  test('when a Spanish-speaking patient is handed back to the assistant, then the notice that the assistant is back is in Spanish', async () => {
    t = await setup();
    const id = await patientWrites(t.fd, '7420000000000003', 'quiero hablar con una persona, por favor');
    const agent = await signIn(t.fd, 'agent@example.org', 'agent', 'Frank Front');
    const before = t.fd.graph.requests.length;
    expect((await agent.call(`/api/escalations/${id}/hand-back`, { method: 'POST' })).status).toBe(200);
    await t.fd.server.idle();
    const sent = t.fd.graph.requests.slice(before).map((r) => r.body.message?.text ?? '');
    expect(sent).toEqual([expect.stringMatching(/^Está hablando de nuevo con el asistente automático/)]);
  });

  test('when the language filter is not a language, then the queue answers 400 and names the choices', async () => {
    t = await setup();
    const res = await t.fd.staff('/api/escalations?language=fr');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('language must be one of en, es.');
  });

  test('when staff list canned responses, then Spanish ones stand beside the English ones, and an admin can add one in Spanish', async () => {
    t = await setup();
    const before = ((await (await t.fd.staff('/api/canned-responses')).json()) as { items: Array<{ title: string; language: string }> })
      .items;
    expect(before.filter((c) => c.language === 'es').map((c) => c.title)).toEqual([
      'Llámenos',
      'Solicitud recibida',
      'Use el portal del paciente',
      'Crisis: llame o escriba al 988',
      'Le responderemos',
    ]);
    expect(before.filter((c) => c.language === 'en')).toHaveLength(5);

    const admin = await signIn(t.fd, 'admin@example.org', 'admin', 'Ada Admin');
    const created = await admin.call('/api/canned-responses', {
      method: 'POST',
      body: { title: 'Cita confirmada', text: 'Su cita está confirmada.', language: 'es' },
    });
    expect(created.status).toBe(201);
    const listed = ((await (await t.fd.staff('/api/canned-responses')).json()) as { items: Array<{ title: string; language: string }> })
      .items;
    expect(listed.at(-1)).toMatchObject({ title: 'Cita confirmada', language: 'es' });
    const wrong = await admin.call('/api/canned-responses', { method: 'POST', body: { title: 'x', text: 'y', language: 'fr' } });
    expect(wrong.status).toBe(400);
  });
});
