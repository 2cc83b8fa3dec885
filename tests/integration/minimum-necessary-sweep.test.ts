import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Role } from '../../src/escalation/access';
import { browserAvailable, launchBrowser } from '../helpers/browser';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { messengerText, startFrontdesk, STAFF_TOKEN, type Frontdesk } from '../helpers/start-frontdesk';
import { PASSWORD, signIn, type StaffClient } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(180_000);

/**
 * The minimum-necessary sweep: distinct canary words planted through every path that writes text,
 * then every GET route of the staff API (read from the router, so a new route is swept by default),
 * the live stream and the console pages, read by each role: no canary of a kind the role may not
 * read appears anywhere. Each role's sweep also finds the canaries it may read, so a sweep that
 * reaches nothing cannot pass.
 */
const PSID = '7399100000000001';
const CANARY = {
  clinicalMessage: 'quelvoxine',
  emergencyMessage: 'tarnwhistle',
  flowReason: 'glimmerquartz',
  clinicalReply: 'fennimorex',
  clinicalNote: 'brambletonic',
  dataRequestNote: 'orvellium',
  adminNote: 'pinecobble',
  adminReply: 'marrowdale',
} as const;
type Canary = keyof typeof CANARY;
const CLINICAL_CANARIES: readonly Canary[] = [
  'clinicalMessage',
  'emergencyMessage',
  'flowReason',
  'clinicalReply',
  'clinicalNote',
  'dataRequestNote',
];
const ADMIN_CANARIES: readonly Canary[] = ['adminNote', 'adminReply'];
const REFUSED = 'stop warfarin';

const PUBLIC_DIR = path.resolve(__dirname, '..', '..', 'src', 'staff', 'console', 'public');
/** Example paths for routes given as patterns; a new pattern route must be given examples here. */
const PATTERN_EXAMPLES = (ids: readonly number[]): string[] => [
  '/staff/resolved',
  '/staff/search',
  '/staff/reports',
  '/staff/users',
  '/staff/audit',
  '/staff/settings',
  '/staff/account',
  ...ids.map((id) => `/staff/threads/${id}`),
];

interface World {
  fd: Frontdesk;
  graph: FakeGraph;
  clients: Record<'agent' | 'clinician' | 'admin', StaffClient>;
  tokens: Record<'agent' | 'clinician' | 'admin', string>;
  escalationIds: number[];
}

let mid = 0;
async function patientWrites(fd: Frontdesk, text: string): Promise<void> {
  mid += 1;
  const res = await fd.postMessenger(messengerText({ psid: PSID, mid: `m_sweep_${mid}`, text, timestamp: Date.now() - 120_000 + mid }));
  expect(res.status).toBe(200);
  await fd.server.idle();
}

async function openItem(fd: Frontdesk): Promise<number> {
  const conversation = await fd.server.store.conversations.findByPlatform('messenger', PSID);
  const open = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
  if (!open) throw new Error('no open escalation');
  return open.id;
}

async function setup(): Promise<World> {
  const graph = await startFakeGraph();
  // The platform refuses the clinician's reply for good: it becomes an undelivered reply.
  graph.respondWith((body) =>
    body.message?.text?.includes(REFUSED)
      ? { status: 400, body: { error: { code: 551, message: "This person isn't available right now." } } }
      : undefined,
  );
  const fd = await startFrontdesk({ graph });
  const [agent, clinician, admin] = await Promise.all([
    signIn(fd, 'agent@example.org', 'agent', 'Frank Front'),
    signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse'),
    signIn(fd, 'admin@example.org', 'admin', 'Ada Admin'),
  ]);
  const ok = async (res: Promise<Response>, status: number) => expect((await res).status).toBe(status);

  // A clinical question, answered by a clinician (refused by the platform) and noted, then resolved.
  await patientWrites(fd, `is it ok to take ibuprofen with my warfarin ${CANARY.clinicalMessage}?`);
  const clinical = await openItem(fd);
  await ok(
    clinician.call(`/api/escalations/${clinical}/reply`, { method: 'POST', body: { text: `Please ${REFUSED} ${CANARY.clinicalReply}.` } }),
    202,
  );
  await ok(
    clinician.call(`/api/escalations/${clinical}/notes`, { method: 'POST', body: { text: `INR check ${CANARY.clinicalNote}` } }),
    201,
  );
  await fd.server.idle();
  await waitFor(
    () => (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status = 'undeliverable'`).get() as { n: number }).n >= 1,
    5000,
  );
  await ok(clinician.call(`/api/escalations/${clinical}/resolve`, { method: 'POST' }), 200);

  // An emergency, resolved.
  await patientWrites(fd, `my chest hurts and my left arm feels numb ${CANARY.emergencyMessage}`);
  await ok(clinician.call(`/api/escalations/${await openItem(fd)}/resolve`, { method: 'POST' }), 200);

  // An appointment request whose reason is clinical: the bot's "Please check" and the summary repeat it.
  await patientWrites(fd, 'i need to book an appointment');
  await patientWrites(fd, 'Alex Example');
  await patientWrites(fd, '3/4/1980');
  await patientWrites(fd, 'reply here is fine');
  await patientWrites(fd, 'monday morning');
  await patientWrites(fd, `my hiv medication gave me a rash and i think i have syphilis ${CANARY.flowReason}`);
  await patientWrites(fd, 'yes');
  const request = await openItem(fd);
  expect((await fd.server.store.escalations.get(request))?.summary).toContain(CANARY.flowReason);

  // A data request (a general thread) with a clinical note by a clinician and an administrative
  // note and reply by the front desk.
  await patientWrites(fd, 'please delete all my data');
  const general = await openItem(fd);
  expect((await fd.server.store.escalations.get(general))?.route).toBe('human');
  await ok(
    clinician.call(`/api/escalations/${general}/notes`, {
      method: 'POST',
      body: { text: `Chart flag ${CANARY.dataRequestNote}`, clinical: true },
    }),
    201,
  );
  await ok(agent.call(`/api/escalations/${general}/notes`, { method: 'POST', body: { text: `Call back ${CANARY.adminNote}` } }), 201);
  await ok(
    agent.call(`/api/escalations/${general}/reply`, { method: 'POST', body: { text: `We will call you, ${CANARY.adminReply}.` } }),
    202,
  );
  await fd.server.idle();

  const token = async (client: StaffClient) =>
    ((await client.json<{ token: string }>('/api/tokens', { method: 'POST', body: { name: 'sweep' } })) as { token: string }).token;
  const escalationIds = (fd.server.store.db.prepare('SELECT id FROM escalations ORDER BY id').all() as Array<{ id: number }>).map(
    (r) => r.id,
  );
  return {
    fd,
    graph,
    clients: { agent, clinician, admin },
    tokens: { agent: await token(agent), clinician: await token(clinician), admin: await token(admin) },
    escalationIds,
  };
}

/** Every GET path of the staff API as mounted, with each parameter filled with every value it can take. */
function getPaths(world: World): string[] {
  const values: Record<string, string[]> = {
    id: world.escalationIds.map(String),
    file: fs.readdirSync(PUBLIC_DIR),
  };
  const out: string[] = [];
  for (const route of world.fd.server.staffRoutes()) {
    if (route.method !== 'GET') continue;
    if (route.path instanceof RegExp) {
      const examples = PATTERN_EXAMPLES(world.escalationIds).filter((p) => (route.path as RegExp).test(p));
      expect({ route: String(route.path), examples: examples.length > 0 }).toEqual({ route: String(route.path), examples: true });
      out.push(...examples);
      continue;
    }
    let paths = [route.path];
    for (const param of route.path.match(/:[a-zA-Z]+/g) ?? []) {
      const name = param.slice(1);
      expect({ param: name, known: name in values }).toEqual({ param: name, known: true });
      paths = paths.flatMap((p) => (values[name] ?? []).map((v) => p.replace(param, v)));
    }
    out.push(...paths);
  }
  return out;
}

/** The query variants every path is also called with: filters, formats, and a search for each canary. */
const QUERIES = ['', '?status=resolved', '?format=text', ...Object.values(CANARY).map((word) => `?status=all&q=${word}`)];

type Reader = { role: Role; headers: Record<string, string> };

/** Reads a response as text; a live stream is read for a moment, then closed. */
async function read(world: World, reader: Reader, pathname: string): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(`${world.fd.server.url}${pathname}`, { headers: reader.headers, signal: controller.signal });
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream')) return await res.text();
  const chunks: string[] = [];
  const body = res.body?.getReader();
  const until = Date.now() + 1500;
  while (body && Date.now() < until) {
    const next = await Promise.race([body.read(), new Promise<undefined>((r) => setTimeout(() => r(undefined), until - Date.now()))]);
    if (!next || next.done) break;
    chunks.push(Buffer.from(next.value).toString('utf8'));
    if (chunks.join('').includes('event: queue')) break;
  }
  controller.abort();
  return chunks.join('');
}

/** Everything one reader is shown by every GET route, with every query variant. */
async function sweep(world: World, reader: Reader): Promise<{ text: string; calls: number; streamed: boolean }> {
  const parts: string[] = [];
  let calls = 0;
  let streamed = false;
  for (const pathname of getPaths(world)) {
    const variants = pathname.includes('stream') ? [''] : QUERIES;
    for (const query of variants) {
      const text = await read(world, reader, `${pathname}${query}`);
      streamed ||= text.includes('event: queue');
      parts.push(text);
      calls += 1;
    }
  }
  return { text: parts.join('\n').toLowerCase(), calls, streamed };
}

function withheldFrom(role: Role): readonly Canary[] {
  return role === 'agent' ? CLINICAL_CANARIES : [];
}

function readableBy(role: Role): readonly Canary[] {
  return role === 'agent' ? ADMIN_CANARIES : [...CLINICAL_CANARIES, ...ADMIN_CANARIES];
}

describe('Minimum-necessary sweep over every staff GET route', () => {
  let world: World;
  beforeAll(async () => {
    world = await setup();
  }, 120_000);
  afterAll(async () => {
    await world?.fd.close();
    await world?.graph.close();
  });

  const readers: Array<[string, (w: World) => Reader]> = [
    ['agent session', (w) => ({ role: 'agent', headers: { cookie: w.clients.agent.cookie, 'x-csrf-token': w.clients.agent.csrf } })],
    ['agent API token', (w) => ({ role: 'agent', headers: { authorization: `Bearer ${w.tokens.agent}` } })],
    ['clinician API token', (w) => ({ role: 'clinician', headers: { authorization: `Bearer ${w.tokens.clinician}` } })],
    ['admin API token', (w) => ({ role: 'admin', headers: { authorization: `Bearer ${w.tokens.admin}` } })],
    ['service token', () => ({ role: 'service', headers: { authorization: `Bearer ${STAFF_TOKEN}` } })],
  ];

  test.each(readers)(
    'when the %s reads every GET route and the live stream, then no canary it may not read appears',
    async (_name, make) => {
      const reader = make(world);
      const { text, calls } = await sweep(world, reader);
      expect(calls).toBeGreaterThan(50);
      for (const canary of withheldFrom(reader.role))
        expect({ canary, seen: text.includes(CANARY[canary]) }).toEqual({ canary, seen: false });
      // The sweep reaches what this reader may read: it cannot pass by reaching nothing.
      for (const canary of readableBy(reader.role)) expect({ canary, seen: text.includes(CANARY[canary]) }).toEqual({ canary, seen: true });
    },
  );

  test('when an agent asks for the clinical undelivered reply to be resent or closed, then it is refused and stays listed for a clinician', async () => {
    const { agent, clinician } = world.clients;
    const items = (await clinician.json<{ items: Array<{ id: number; text: string }> }>('/api/outbox/undelivered')).items;
    const refused = items.find((i) => i.text.includes(CANARY.clinicalReply));
    expect(refused).toBeDefined();
    expect((await agent.call(`/api/outbox/${refused?.id}/resend`, { method: 'POST' })).status).toBe(403);
    expect((await agent.call(`/api/outbox/${refused?.id}/handled`, { method: 'POST' })).status).toBe(403);
    const asAgent = (await agent.json<{ items: Array<{ id: number; text: string; withheld: boolean }> }>('/api/outbox/undelivered')).items;
    expect(asAgent.find((i) => i.id === refused?.id)).toMatchObject({ withheld: true, text: 'clinical message — visible to clinicians' });
  });

  (browserAvailable() || process.env.FRONTDESK_REQUIRE_BROWSER === '1' ? test : test.skip)(
    'when an agent opens every console page in Chromium, then no clinical canary is on the screen',
    async () => {
      let browser: Browser | undefined;
      try {
        browser = await launchBrowser();
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${world.fd.server.url}/staff`);
        await page.getByLabel('Email').fill('agent@example.org');
        await page.getByLabel('Password').fill(PASSWORD);
        await page.getByRole('button', { name: /sign in/i }).click();
        await page.locator('#queue-list, .queue').first().waitFor({ timeout: 10_000 });
        const pages = [
          '/staff',
          '/staff/resolved',
          ...world.escalationIds.map((id) => `/staff/threads/${id}`),
          ...Object.values(CANARY).map((word) => `/staff/search?q=${word}&status=all`),
        ];
        const screens: string[] = [];
        for (const pathname of pages) {
          await page.goto(`${world.fd.server.url}${pathname}`);
          await page.waitForLoadState('networkidle').catch(() => undefined);
          await page.waitForTimeout(300);
          screens.push((await page.locator('body').innerText()).toLowerCase());
        }
        const screen = screens.join('\n');
        for (const canary of CLINICAL_CANARIES) expect({ canary, seen: screen.includes(CANARY[canary]) }).toEqual({ canary, seen: false });
        for (const canary of ADMIN_CANARIES) expect({ canary, seen: screen.includes(CANARY[canary]) }).toEqual({ canary, seen: true });
      } finally {
        await browser?.close();
      }
    },
  );
});
