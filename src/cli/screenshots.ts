import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHANNELS } from '../channels';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startServer, type RunningServer } from '../app';
import { createStaffUser } from '../staff/identity/staff-accounts';

/**
 * `npm run screenshots`: starts Frontdesk on a throwaway database with a fake Graph API on
 * loopback, plays a morning's worth of synthetic patient messages through the real webhook, bot
 * and staff API, and photographs the staff console and the patient chat page in headless Chromium
 * into docs/.
 * No network beyond loopback; no real patient data.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUT = path.resolve(__dirname, '..', '..', 'docs');
const SECRET = 'screenshots-app-secret';
const PASSWORD = 'screenshots only password';
const MIN = 60_000;

async function fakeGraph(): Promise<{ url: string; close: () => void }> {
  let n = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      n += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ recipient_id: 'x', message_id: `m_shot_${n}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-shots-'));
  const graph = await fakeGraph();
  let offset = 0; // the server's clock runs `offset` ms behind real time while we seed history
  const config = loadConfig(
    {
      PORT: '0',
      DATABASE_PATH: path.join(dir, 'frontdesk.db'),
      MESSENGER_APP_SECRET: SECRET,
      MESSENGER_VERIFY_TOKEN: 'screenshots',
      MESSENGER_PAGE_ACCESS_TOKEN: 'screenshots',
      GRAPH_API_BASE: graph.url,
      LOG_LEVEL: 'warn',
      // The chat page offers reply emails; no patient here gives an address, so nothing is sent.
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'Maple Street Family Practice <noreply@example.org>',
      PUBLIC_URL: 'https://chat.example.org',
    },
    CHANNELS,
  );
  const server = await startServer(config, { log: createLogger('warn'), now: () => Date.now() - offset });
  try {
    const thread = await seed(server, (ms) => {
      offset = ms;
    });
    offset = 0;
    await photograph(server, thread);
  } finally {
    await server.close();
    graph.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Plays the synthetic morning; returns the thread to photograph. */
async function seed(server: RunningServer, setAgo: (ms: number) => void): Promise<number> {
  const { store } = server;
  const accounts = { store, now: Date.now };
  await createStaffUser(
    accounts,
    { email: 'nora@example.org', name: 'Nora Diaz, RN', role: 'clinician', password: PASSWORD },
    { actor: 'screenshots' },
  );
  await createStaffUser(
    accounts,
    { email: 'frank@example.org', name: 'Frank Lee', role: 'agent', password: PASSWORD },
    { actor: 'screenshots' },
  );
  const sessions = new Map<string, { cookie: string; csrf: string }>();
  const as = async (email: string) => {
    const cached = sessions.get(email);
    if (cached) return cached;
    const res = await fetch(`${server.url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const session = {
      cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
      csrf: ((await res.json()) as { csrfToken: string }).csrfToken,
    };
    sessions.set(email, session);
    return session;
  };
  const staff = async (email: string, pathname: string, body?: unknown) => {
    const s = await as(email);
    const res = await fetch(`${server.url}${pathname}`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${pathname}: ${res.status} ${await res.text()}`);
  };
  let mid = 0;
  /** A patient message on Messenger, `agoMs` ago. */
  const post = async (psid: string, text: string, agoMs: number) => {
    setAgo(agoMs);
    mid += 1;
    const timestamp = Date.now() - agoMs;
    const raw = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '100000000000001',
            time: timestamp,
            messaging: [{ sender: { id: psid }, recipient: { id: '100000000000001' }, timestamp, message: { mid: `m_seed_${mid}`, text } }],
          },
        ],
      }),
    );
    const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
    await fetch(`${server.url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature },
      body: raw,
    });
    await server.idle();
  };
  const messenger = async (psid: string, text: string, agoMs: number) => {
    await post(psid, text, agoMs);
    return escalationOf('messenger', psid);
  };
  /** One patient on the chat page, writing `texts` in turn (a guided flow takes several). */
  const webchat = async (texts: string[], agoMs: number) => {
    setAgo(agoMs);
    const { sessionId } = (await (await fetch(`${server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
    for (const [i, text] of texts.entries()) {
      await fetch(`${server.url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, clientMessageId: `c${i + 1}`, text }),
      });
      await server.idle();
    }
    return escalationOf('webchat', sessionId);
  };
  const escalationOf = async (channel: string, key: string): Promise<number> => {
    const conversation = await store.conversations.findByPlatform(channel, key);
    const escalation = conversation && (await store.escalations.openForConversation(conversation.id));
    if (!escalation) throw new Error(`seeding: no escalation opened for a ${channel} message; has the triage data changed?`);
    return escalation.id;
  };

  // Two weeks of questions the assistant answered (and a few it did not understand), for the reports.
  const HISTORY = [
    'what time do you open',
    'where are you located',
    'do you take aetna',
    'is there parking',
    'what is the best football team',
  ];
  const HISTORY_ES = ['cuál es su horario', 'dónde están ubicados'];
  for (let day = 14; day >= 1; day -= 1) {
    for (let n = 0; n < 2 + (day % 3); n += 1) {
      const text = (n === 2 ? HISTORY_ES : HISTORY)[(day + n) % (n === 2 ? HISTORY_ES.length : HISTORY.length)] as string;
      await post(`75100000000${String(day * 10 + n).padStart(5, '0')}`, text, day * 24 * 60 * MIN - n * 47 * MIN);
    }
  }
  await messenger(
    '7500000000000001',
    'i have had a rash on my arm since yesterday, its itchy and spreading. should i be worried',
    26 * 60 * MIN,
  );
  const bp = await messenger('7500000000000002', 'my blood pressure was 150/95 this morning, should I change my dose?', 55 * MIN);
  setAgo(35 * MIN);
  await staff('nora@example.org', `/api/escalations/${bp}/claim`);
  await staff('nora@example.org', `/api/escalations/${bp}/notes`, {
    text: 'Chart: lisinopril 10 mg daily. Asked Dr. Patel to review; call back if over 160/100.',
  });
  await staff('nora@example.org', `/api/escalations/${bp}/reply`, {
    text: 'Hi, this is Nora, a nurse at the practice. Please keep your current dose for now. Could you take your blood pressure again after resting for 5 minutes and send us the reading?',
  });
  await server.idle();
  await messenger('7500000000000002', 'ok, its 148/92 now', 12 * MIN);
  await webchat(
    [
      'I need to reschedule my appointment on Friday, something came up at work',
      'Sam Example',
      'friday 9am with dr patel',
      'tuesday or wednesday morning next week',
      'yes',
    ],
    41 * MIN,
  );
  const person = await messenger('7500000000000003', 'can i talk to a real person please', 18 * MIN);
  setAgo(15 * MIN);
  await staff('frank@example.org', `/api/escalations/${person}/claim`);
  await messenger('7500000000000004', 'my husband has crushing chest pain and he is sweating a lot', 4 * MIN);
  await webchat(['can I take ibuprofen together with my lisinopril?'], 2 * 60 * MIN);
  setAgo(0);
  process.stdout.write(
    `seeded ${(await store.escalations.listOpen()).length} open threads (${(await store.escalations.listOpen())
      .map((e) => e.route)
      .join(', ')})\n`,
  );
  return bp;
}

async function photograph(server: RunningServer, thread: number): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
      '--disable-quic',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    const signIn = async (viewport: { width: number; height: number }) => {
      // Notifications allowed, as a clinician's browser is after the console's one-time question.
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        timezoneId: 'America/Chicago',
        permissions: ['notifications'],
      });
      const page = await context.newPage();
      await page.goto(`${server.url}/staff`);
      await page.getByLabel('Email').fill('nora@example.org');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.locator('#live', { hasText: 'Live' }).waitFor();
      await page.locator('#queue-body tr.row').first().waitFor();
      return page;
    };
    const shot = async (page: import('playwright-core').Page, name: string, fullPage = false) => {
      await page.mouse.move(0, 0);
      await page.waitForTimeout(300); // let the toast fade
      const file = path.join(OUT, name);
      await page.screenshot({ path: file, fullPage });
      process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    };

    const page = await signIn({ width: 1280, height: 720 });
    await shot(page, 'staff-queue.png');
    await page.goto(`${server.url}/staff/threads/${thread}`);
    await page.locator('#transcript li').first().waitFor();
    await shot(page, 'staff-thread.png', true);

    const tablet = await signIn({ width: 820, height: 1180 });
    await shot(tablet, 'staff-queue-tablet.png');

    for (const [name, viewport] of [
      ['staff-reports.png', { width: 1280, height: 720 }],
      ['staff-reports-phone.png', { width: 390, height: 844 }],
    ] as const) {
      const reports = await signIn(viewport);
      await reports.goto(`${server.url}/staff/reports?days=30`);
      await reports.locator('#report-body[aria-busy="false"]').waitFor();
      await shot(reports, name, true);
    }

    await photographChat(browser, server, shot);
    await photographSpanishChat(browser, server, shot);
  } finally {
    await browser.close();
  }
}

/**
 * The patient chat page after a refill request and an emergency: on a phone (also after a reload, which
 * must open at the newest message) and on a desktop.
 */
async function photographChat(
  browser: import('playwright-core').Browser,
  server: RunningServer,
  shot: (page: import('playwright-core').Page, name: string) => Promise<void>,
): Promise<void> {
  for (const [name, viewport] of [
    ['chat-phone-emergency', { width: 390, height: 844 }],
    ['chat-desktop-emergency', { width: 1280, height: 800 }],
  ] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1, timezoneId: 'America/Chicago' });
    const page = await context.newPage();
    await page.goto(`${server.url}/chat`);
    for (const [text, answer] of [
      ['I need a prescription refill', /Which medication/],
      ['lisinopril 10mg', /Which pharmacy/],
      ['my chest hurts and my left arm feels numb', /alerted our staff/],
    ] as const) {
      await page.getByLabel('Your message').fill(text);
      await page.keyboard.press('Enter');
      await page.getByText(answer).last().waitFor();
    }
    await page.locator('#text').blur();
    await shot(page, `${name}.png`);
    if (name === 'chat-phone-emergency') {
      await page.reload();
      await page.getByText(/alerted our staff/).waitFor();
      await page.locator('#text').blur();
      await shot(page, `${name}-reload.png`);
    }
    await context.close();
  }
  // Asking for an email when staff reply, on a phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, timezoneId: 'America/Chicago' });
  const page = await context.newPage();
  await page.goto(`${server.url}/chat`);
  await page.getByLabel('Your message').fill('Hello, can someone call me back about my bill?\n\nI was charged twice in March.');
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Get an email when we reply' }).click();
  await page.getByLabel('Your email address').fill('patient@example.org');
  await shot(page, 'chat-phone-reply-mail.png');
  await context.close();
}

/**
 * A Spanish-speaking patient on a phone whose browser speaks Spanish: the hours, an appointment
 * booked step by step, then an emergency, each photographed.
 */
async function photographSpanishChat(
  browser: import('playwright-core').Browser,
  server: RunningServer,
  shot: (page: import('playwright-core').Page, name: string) => Promise<void>,
): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'es-US' });
  const page = await context.newPage();
  await page.goto(`${server.url}/chat`);
  const say = async (text: string, answer: RegExp) => {
    await page.getByLabel('Su mensaje').fill(text);
    await page.keyboard.press('Enter');
    await page.getByText(answer).last().waitFor();
  };
  await say('¿cuál es su horario entre semana?', /¿Le sirvió\?/);
  await page.locator('#text').blur();
  await shot(page, 'chat-phone-es-hours.png');
  await page.getByRole('button', { name: 'Sí, gracias' }).click();
  await page.getByText(/¡Qué bien!/).waitFor();
  await say('necesito una cita', /¿A nombre de quién es la cita\?/);
  await say('María López', /¿Y su fecha de nacimiento\?/);
  await say('4 de marzo de 1980', /¿A qué número le podemos llamar\?/);
  await page.getByRole('button', { name: 'Aquí está bien' }).click();
  await page
    .getByText(/¿Qué días y horas le quedan mejor\?/)
    .last()
    .waitFor();
  await say('el martes en la mañana', /¿para qué es la consulta\?/);
  await say('chequeo anual', /¿Lo envío a nuestra recepción\?/);
  await page.getByRole('button', { name: 'Sí, enviar' }).click();
  await page.getByText(/Envié esto a nuestra recepción/).waitFor();
  await page.locator('#text').blur();
  await shot(page, 'chat-phone-es-appointment.png');
  await say('mi esposo tiene un dolor muy fuerte en el pecho y le cuesta respirar', /También he avisado a nuestro personal/);
  await page.locator('#text').blur();
  await shot(page, 'chat-phone-es-emergency.png');
  await context.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`screenshots: ${(err as Error).message}\n`);
  process.exit(1);
});
