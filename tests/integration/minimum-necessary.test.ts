import { auditActions, signIn, type StaffClient } from '../helpers/staff-client';
import { messengerText, startFrontdesk, STAFF_TOKEN, type Frontdesk } from '../helpers/start-frontdesk';

/**
 * Minimum necessary, through the real server: one patient's history with administrative and
 * clinical parts, read by each role in every view. Front-desk agents see the administrative parts
 * and a placeholder for clinical and emergency messages, clinical replies and clinical notes.
 */
const PSID = '7399000000000001';
const CONTENT = {
  adminMessage: { text: 'can i talk to a real person please', marker: 'real person' },
  clinicalMessage: { text: 'is it ok to take ibuprofen with my lisinopril? I am HIV positive', marker: 'lisinopril' },
  emergencyMessage: { text: 'my chest hurts and my left arm feels numb', marker: 'left arm' },
  clinicalReply: { text: 'Please do not combine them until we have spoken.', marker: 'combine them' },
  clinicalNote: { text: 'ART regimen on chart, check interactions', marker: 'ART regimen' },
  adminNote: { text: 'Prefers a phone call after 3pm', marker: 'call after 3pm' },
} as const;
type Kind = keyof typeof CONTENT;
const ADMIN_KINDS: readonly Kind[] = ['adminMessage', 'adminNote'];

type Role = 'agent' | 'clinician' | 'admin' | 'service';
interface World {
  fd: Frontdesk;
  clients: Record<Exclude<Role, 'service'>, StaffClient>;
  /** The general thread the agent may open (the third item of this patient). */
  general: number;
}

let mid = 0;
async function patientWrites(fd: Frontdesk, text: string): Promise<number> {
  mid += 1;
  const res = await fd.postMessenger(messengerText({ psid: PSID, mid: `m_mn_${mid}`, text, timestamp: Date.now() - 60_000 + mid }));
  expect(res.status).toBe(200);
  await fd.server.idle();
  const conversation = await fd.server.store.conversations.findByPlatform('messenger', PSID);
  const open = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
  if (!open) throw new Error(`no open escalation after "${text}"`);
  return open.id;
}

async function setup(): Promise<World> {
  const fd = await startFrontdesk();
  const [agent, clinician, admin] = await Promise.all([
    signIn(fd, 'agent@example.org', 'agent', 'Frank Front'),
    signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse'),
    signIn(fd, 'admin@example.org', 'admin', 'Ada Admin'),
  ]);
  // The story: a clinical question answered, noted and resolved; an emergency, resolved;
  // then a request for a person opens a general thread that the front desk works.
  const clinical = await patientWrites(fd, CONTENT.clinicalMessage.text);
  expect(
    (await clinician.call(`/api/escalations/${clinical}/reply`, { method: 'POST', body: { text: CONTENT.clinicalReply.text } })).status,
  ).toBe(202);
  expect(
    (await clinician.call(`/api/escalations/${clinical}/notes`, { method: 'POST', body: { text: CONTENT.clinicalNote.text } })).status,
  ).toBe(201);
  expect((await clinician.call(`/api/escalations/${clinical}/resolve`, { method: 'POST' })).status).toBe(200);
  const emergency = await patientWrites(fd, CONTENT.emergencyMessage.text);
  expect(emergency).not.toBe(clinical);
  expect((await clinician.call(`/api/escalations/${emergency}/resolve`, { method: 'POST' })).status).toBe(200);
  const general = await patientWrites(fd, CONTENT.adminMessage.text);
  expect((await fd.server.store.escalations.get(general))?.route).toBe('human');
  expect((await agent.call(`/api/escalations/${general}/notes`, { method: 'POST', body: { text: CONTENT.adminNote.text } })).status).toBe(
    201,
  );
  await fd.server.idle();
  return { fd, clients: { agent, clinician, admin }, general };
}

function get(world: World, role: Role, pathname: string): Promise<Response> {
  if (role === 'service') return fetch(`${world.fd.server.url}${pathname}`, { headers: { authorization: `Bearer ${STAFF_TOKEN}` } });
  return world.clients[role].call(pathname);
}

/** What one view shows a role, as text (JSON or the export's plain text). */
async function view(
  world: World,
  role: Role,
  name: 'thread' | 'export' | 'search',
): Promise<{ status: number; body: string; cache: string | null }> {
  const pathname =
    name === 'thread'
      ? `/api/escalations/${world.general}`
      : name === 'export'
        ? `/api/escalations/${world.general}/export`
        : '/api/search?q=';
  if (name === 'search') {
    // Search every marker word: a hit may only come from content the role may read.
    const parts: string[] = [];
    for (const kind of Object.keys(CONTENT) as Kind[]) {
      const res = await get(world, role, `/api/search?status=all&q=${encodeURIComponent(CONTENT[kind].marker)}`);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: Array<{ match: { text: string } | null }> };
      parts.push(...items.map((i) => i.match?.text ?? ''));
    }
    return { status: 200, body: parts.join('\n'), cache: 'no-store' };
  }
  const res = await get(world, role, pathname);
  return { status: res.status, body: await res.text(), cache: res.headers.get('cache-control') };
}

describe('Minimum necessary: role × content × view', () => {
  let world: World;
  beforeAll(async () => {
    world = await setup();
  }, 60_000);
  afterAll(async () => {
    await world.fd.close();
  });

  const roles: Role[] = ['agent', 'clinician', 'admin', 'service'];
  const views = ['thread', 'export', 'search'] as const;
  const cases = roles.flatMap((role) => views.map((v) => [role, v] as const));

  test.each(cases)(
    'when a %s reads the patient in the %s view, then clinical content is shown only to roles that may read it',
    async (role, name) => {
      const { status, body, cache } = await view(world, role, name);
      expect(status).toBe(200);
      expect(cache).toBe('no-store');
      // Messages (notes are internal: notes show in the thread and the export, not in search hits).
      const kinds =
        name === 'search'
          ? (['adminMessage', 'clinicalMessage', 'emergencyMessage', 'clinicalReply'] as Kind[])
          : (Object.keys(CONTENT) as Kind[]);
      for (const kind of kinds) {
        const shouldSee = role !== 'agent' || ADMIN_KINDS.includes(kind);
        expect({ kind, seen: body.includes(CONTENT[kind].marker) }).toEqual({ kind, seen: shouldSee });
      }
      if (role === 'agent') {
        expect(body).not.toMatch(/HIV|ibuprofen|chest/);
        if (name === 'thread') {
          expect(body).toContain('clinical message — visible to clinicians');
          expect(body).toContain('clinical note — visible to clinicians');
        }
        if (name === 'export') {
          // Withheld text is a line of the transcript's own, not something the patient said.
          expect(body).toContain("[The patient's clinical message withheld: visible to clinicians]");
          expect(body).toContain('[A clinical internal note withheld: visible to clinicians]');
          expect(body).not.toMatch(/Patient: clinical message/);
        }
      }
    },
  );

  test('when an agent opens the general thread, then each withheld message keeps its place without text, intent or route, and the read is audited', async () => {
    const thread = (await (await world.clients.agent.call(`/api/escalations/${world.general}`)).json()) as {
      messages: Array<{ author: string; text: string; withheld: boolean; intent: string | null; route: string | null }>;
      notes: Array<{ text: string; withheld: boolean; clinical: boolean }>;
    };
    const withheld = thread.messages.filter((m) => m.withheld);
    expect(withheld.map((m) => m.author)).toEqual(['patient', 'staff', 'patient']);
    for (const m of withheld) expect([m.intent, m.route]).toEqual([null, null]);
    expect(thread.notes.map((n) => [n.withheld, n.clinical])).toEqual([
      [true, true],
      [false, false],
    ]);
    expect((await auditActions(world.fd)).filter((a) => a === 'thread.view').length).toBeGreaterThan(0);
    expect(await auditActions(world.fd)).toContain('thread.export');
  });

  test('when an agent asks for the earlier clinical thread itself, then it is refused (403) and the refusal is audited', async () => {
    const res = await world.clients.agent.call('/api/escalations/1');
    expect(res.status).toBe(403);
    expect(await auditActions(world.fd)).toContain('access.denied');
  });

  test('when the patient latest message is clinical, then the queue row and the live stream preview withhold it from an agent only', async () => {
    const { store } = world.fd.server;
    const conversation = await store.conversations.findByPlatform('messenger', PSID);
    if (!conversation) throw new Error('no conversation');
    // A clinical message beside the open general item (as when one conversation holds several requests).
    const id = await store.messages.insertInbound({
      conversationId: conversation.id,
      platformMessageId: 'm_mn_late',
      text: 'my HIV meds make me dizzy',
      at: Date.now(),
    });
    await store.messages.setTriage(id as number, { intent: 'medication_question', route: 'clinical', decidedBy: 'test' });

    const row = async (role: Role) => {
      const res = await get(world, role, '/api/escalations');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const { items } = (await res.json()) as {
        items: Array<{ id: number; patientName: string; preview: string; previewWithheld: boolean }>;
      };
      return items.find((i) => i.id === world.general);
    };
    expect(await row('agent')).toMatchObject({
      preview: 'clinical message — visible to clinicians',
      previewWithheld: true,
      patientName: expect.stringMatching(/^Patient [0-9A-F]{4}$/),
    });
    expect(await row('clinician')).toMatchObject({ preview: 'my HIV meds make me dizzy', previewWithheld: false });

    const stream = async (client: StaffClient) => {
      const controller = new AbortController();
      const res = await fetch(`${world.fd.server.url}/api/escalations/stream`, {
        headers: { cookie: client.cookie },
        signal: controller.signal,
      });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      let text = '';
      while (!text.includes('event: queue\ndata: ') || !text.slice(text.indexOf('event: queue')).includes('\n\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      controller.abort();
      return text;
    };
    const agentStream = await stream(world.clients.agent);
    expect(agentStream).toContain('clinical message — visible to clinicians');
    expect(agentStream).not.toMatch(/HIV|dizzy|lisinopril/);
    expect(await stream(world.clients.clinician)).toContain('my HIV meds make me dizzy');
  });

  test('when the channel gave the patient a name, then the queue row shows it and search finds the thread by it', async () => {
    const { store } = world.fd.server;
    const conversation = await store.conversations.findByPlatform('messenger', PSID);
    await store.conversations.setDisplayName(conversation?.contactId as number, 'Alex\u0007 Example');
    const { items } = (await (await world.clients.agent.call('/api/escalations')).json()) as {
      items: Array<{ id: number; patientName: string }>;
    };
    expect(items.find((i) => i.id === world.general)?.patientName).toBe('Alex  Example');
    const found = (await (await world.clients.agent.call('/api/search?q=Alex')).json()) as {
      items: Array<{ id: number; matchedBy: string }>;
    };
    expect(found.items.map((i) => [i.id, i.matchedBy])).toEqual([[world.general, 'name']]);
    await store.conversations.setDisplayName(conversation?.contactId as number, null);
    const again = (await (await world.clients.agent.call('/api/escalations')).json()) as {
      items: Array<{ id: number; patientName: string }>;
    };
    const alias = again.items.find((i) => i.id === world.general)?.patientName ?? '';
    expect(alias).toMatch(/^Patient [0-9A-F]{4}$/);
    const byAlias = (await (await world.clients.agent.call(`/api/search?q=${encodeURIComponent(alias)}`)).json()) as {
      items: Array<{ id: number }>;
    };
    expect(byAlias.items.map((i) => i.id)).toEqual([world.general]);
    const gone = (await (await world.clients.agent.call('/api/search?q=Alex')).json()) as { items: unknown[] };
    expect(gone.items).toEqual([]);
    const searches = await store.audit.search({ action: 'queue.search' });
    expect(searches.length).toBeGreaterThan(0);
    expect(JSON.stringify(searches)).not.toMatch(/Alex|Patient [0-9A-F]{4}/);
  });
});
