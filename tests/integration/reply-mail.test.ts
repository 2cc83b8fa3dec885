import type { Store } from '../../src/create-store';
import { REPLY_MAIL_CHANNEL } from '../../src/mail/reply-mail';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { SmtpSink, type ReceivedMail } from '../helpers/smtp-sink';
import { startFrontdesk, startFrontdeskOnPostgres, type Frontdesk, type SetupOptions } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://chat.example.org';
const ADDRESS = 'patient@example.org';
const QUESTION = 'i have a question about my blood test results and my cholesterol medication';
const REPLY = 'Hello, this is the nurse. Your cholesterol results are in; please call us about the medication dose.';
/** Nothing of the thread may be in the mail: the patient's words, the reply, or what the thread is about. */
const HEALTH_WORDS = /blood|test|result|cholesterol|medic|dose|nurse|clinical|symptom|doctor|health/i;

type Start = (options?: SetupOptions) => Promise<Frontdesk<Store>>;

function replyMail(kind: 'SQLite' | 'PostgreSQL', makeStart: () => Promise<Start>): void {
  let start: Start;
  let smtp: SmtpSink;
  const running: Array<Frontdesk<Store>> = [];

  beforeAll(async () => {
    start = await makeStart();
  });
  beforeEach(async () => {
    smtp = await SmtpSink.start();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((fd) => fd.close()));
    await smtp.close();
  });

  const mailEnv = () => ({ SMTP_URL: smtp.url, MAIL_FROM: 'Maple Street Family Practice <noreply@example.org>', PUBLIC_URL });
  async function up(options: SetupOptions = {}): Promise<Frontdesk<Store>> {
    const fd = await start({ ...options, env: { ...mailEnv(), ...options.env } });
    running.push(fd);
    return fd;
  }

  const json = (fd: Frontdesk<Store>, path: string, method: string, body?: unknown) =>
    fetch(`${fd.server.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });

  /** A web-chat patient who asked a clinical question and gave an address for reply emails. */
  async function patientWithAddress(fd: Frontdesk<Store>, sessionId: string): Promise<number> {
    expect((await json(fd, '/chat/api/messages', 'POST', { sessionId, clientMessageId: 'q1', text: QUESTION })).status).toBe(202);
    await waitFor(async () => ((await transcript(fd, sessionId)).messages.length ?? 0) >= 2, 10_000);
    const set = await json(fd, '/chat/api/reply-mail', 'PUT', { sessionId, address: ADDRESS });
    expect(set.status).toBe(200);
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; channel: string }> };
    const item = list.items.find((i) => i.channel === 'webchat');
    if (!item) throw new Error('no queue item for the web-chat question');
    return item.id;
  }

  async function transcript(fd: Frontdesk<Store>, sessionId: string) {
    return (await (await fetch(`${fd.server.url}/chat/api/messages?sessionId=${sessionId}`)).json()) as {
      replyMail?: boolean;
      messages: Array<{ author: string; text: string }>;
    };
  }

  /** Sends a staff reply; returns its message id. */
  async function staffReply(fd: Frontdesk<Store>, escalationId: number, text = REPLY): Promise<number> {
    const res = await fd.staff(`/api/escalations/${escalationId}/reply`, { method: 'POST', body: { text } });
    expect(res.status).toBe(202);
    return ((await res.json()) as { messageId: number }).messageId;
  }

  /** The reply email the outbox holds for a staff reply, with its state. */
  async function mailFor(fd: Frontdesk<Store>, replyMessageId: number) {
    const item = await fd.server.store.outbox.findByKey(`mail:reply:${replyMessageId}`);
    return item && { channel: item.channel, status: item.status, attempts: item.attempts };
  }

  /**
   * The reply emails that reached the mailbox, counted as a mail program counts them: by Message-ID.
   * A send in flight when a worker is given up on (a crash, or a job queue that hands the lane on) is
   * repeated with the same Message-ID, the one duplicate the outbox allows.
   */
  const messagesIn = (mails: ReceivedMail[]) => [...new Set(mails.map((m) => m.headers['message-id']))];

  const linkIn = (mail: ReceivedMail, pattern: RegExp) => {
    const match = pattern.exec(mail.text);
    if (!match?.[1]) throw new Error(`no link like ${pattern} in the mail`);
    return match[1];
  };

  test(`${kind}: when staff reply to a web-chat patient who gave an address, then one email without health details arrives, and its link reopens the conversation in another browser`, async () => {
    const fd = await up();
    const sessionId = 'a1'.repeat(16);
    const escalationId = await patientWithAddress(fd, sessionId);
    expect(smtp.mails).toEqual([]);

    await staffReply(fd, escalationId);
    const [mail] = await smtp.received(1);
    await fd.server.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.mails).toHaveLength(1);
    if (!mail) throw new Error('no mail');
    expect(mail.to).toEqual([ADDRESS]);
    expect(mail.headers.subject).toBe('New reply from Maple Street Family Practice');
    expect(mail.text).toMatch(
      new RegExp(`^You have a new reply from Maple Street Family Practice: open ${PUBLIC_URL}/chat#open=\\S+$`, 'm'),
    );
    expect(mail.raw).not.toMatch(HEALTH_WORDS);
    expect(mail.raw).not.toContain(sessionId);
    expect(mail.headers['list-unsubscribe']).toMatch(new RegExp(`^<${PUBLIC_URL}/chat/mail/unsubscribe\\?t=[^>]+>`));
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    // Another browser: the token from the link is all it has.
    const token = linkIn(mail, /#open=(\S+)/);
    const opened = await json(fd, '/chat/api/open', 'POST', { token });
    expect(opened.status).toBe(200);
    const { sessionId: reopened } = (await opened.json()) as { sessionId: string };
    expect(reopened).toBe(sessionId);
    expect((await transcript(fd, reopened)).messages.map((m) => m.text)).toContain(REPLY);
    // A token changed anywhere opens nothing.
    const forged = token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'));
    expect((await json(fd, '/chat/api/open', 'POST', { token: forged })).status).toBe(410);
    expect((await json(fd, '/chat/api/open', 'POST', { token: 'nonsense' })).status).toBe(410);
  });

  test(`${kind}: when the SMTP server refuses for a while, then the email is retried and arrives once`, async () => {
    const fd = await up();
    const escalationId = await patientWithAddress(fd, 'b2'.repeat(16));
    smtp.refuse(3);
    const reply = await staffReply(fd, escalationId);
    await smtp.received(1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesIn(smtp.mails)).toHaveLength(1);
    expect(await mailFor(fd, reply)).toEqual({ channel: REPLY_MAIL_CHANNEL, status: 'sent', attempts: 4 });
    expect(fd.logs.text).toMatch(/outbox: will retry/);
  });

  test(`${kind}: when the server restarts while the SMTP server is down, then the email is sent once it is back`, async () => {
    const first = await up();
    const escalationId = await patientWithAddress(first, 'c3'.repeat(16));
    const port = smtp.port;
    await smtp.close();
    const reply = await staffReply(first, escalationId);
    await waitFor(async () => ((await mailFor(first, reply))?.attempts ?? 0) >= 1, 10_000);
    await first.close();
    running.splice(running.indexOf(first), 1);

    await smtp.listen(port);
    const second = await up({ dir: first.dir, ...(first.databaseUrl ? { env: { DATABASE_URL: first.databaseUrl } } : {}) });
    await smtp.received(1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(messagesIn(smtp.mails)).toHaveLength(1);
    expect(smtp.mails[0]?.to).toEqual([ADDRESS]);
    expect(await mailFor(second, reply)).toEqual({ channel: REPLY_MAIL_CHANNEL, status: 'sent', attempts: expect.any(Number) });
  });

  test(`${kind}: when the patient unsubscribes with one click, then no more emails are sent; opening the link alone unsubscribes nobody`, async () => {
    const fd = await up();
    const sessionId = 'd4'.repeat(16);
    const escalationId = await patientWithAddress(fd, sessionId);
    await staffReply(fd, escalationId, 'First reply.');
    const [mail] = await smtp.received(1);
    if (!mail) throw new Error('no mail');
    const unsubscribe = linkIn(mail, /To stop these emails: (\S+)/).replace(PUBLIC_URL, fd.server.url);

    // A mail scanner opening the link: a page with the button, still subscribed.
    const page = await fetch(unsubscribe);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Stop these emails');
    expect((await transcript(fd, sessionId)).replyMail).toBe(true);

    // The mail program's one-click POST (RFC 8058).
    const post = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('no more reply emails');
    expect((await transcript(fd, sessionId)).replyMail).toBe(false);

    const second = await staffReply(fd, escalationId, 'Second reply.');
    await waitFor(async () => (await fd.server.store.messages.get(second))?.status === 'sent', 10_000);
    await fd.server.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mailFor(fd, second)).toBeUndefined();
    expect(smtp.mails).toHaveLength(1);
    expect((await transcript(fd, sessionId)).messages.map((m) => m.text)).toContain('Second reply.');
  });
}

describe('reply mail on SQLite', () => {
  replyMail('SQLite', async () => (options) => startFrontdesk(options));

  test('when SMTP_URL is not set, then the page does not offer email and the API is not there', async () => {
    const fd = await startFrontdesk();
    try {
      expect(await (await fetch(`${fd.server.url}/chat`)).text()).toContain('data-reply-mail="off"');
      const res = await fetch(`${fd.server.url}/chat/api/reply-mail`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: 'e5'.repeat(16), address: ADDRESS }),
      });
      expect(res.status).toBe(404);
    } finally {
      await fd.close();
    }
  });

  test('when a bot reply is stored for a patient with an address, then no email goes out: only staff replies are emailed', async () => {
    const smtp = await SmtpSink.start();
    const fd = await startFrontdesk({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@example.org', PUBLIC_URL } });
    try {
      const sessionId = 'f6'.repeat(16);
      const post = (id: string, text: string) =>
        fetch(`${fd.server.url}/chat/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ sessionId, clientMessageId: id, text }),
        });
      await post('m1', 'what are your hours');
      await waitFor(async () => (await fd.server.store.conversations.findByPlatform('webchat', sessionId)) !== undefined);
      await fetch(`${fd.server.url}/chat/api/reply-mail`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, address: ADDRESS }),
      });
      await post('m2', 'where do i park');
      await fd.server.idle();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(smtp.mails).toEqual([]);
    } finally {
      await fd.close();
      await smtp.close();
    }
  });
});

describe("reply mail in a patient's data request", () => {
  test('when a web-chat patient with an address asks for their data, then the export holds the address, and the erasure removes it so no email follows', async () => {
    const smtp = await SmtpSink.start();
    const fd = await startFrontdesk({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@example.org', PUBLIC_URL } });
    try {
      const sessionId = 'ab'.repeat(16);
      const call = (path: string, method: string, body?: unknown) =>
        fetch(`${fd.server.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      await call('/chat/api/messages', 'POST', { sessionId, clientMessageId: 'd1', text: 'please delete my data' });
      await waitFor(async () => (await fd.server.store.conversations.findByPlatform('webchat', sessionId)) !== undefined);
      expect((await call('/chat/api/reply-mail', 'PUT', { sessionId, address: ADDRESS })).status).toBe(200);
      const conversation = await fd.server.store.conversations.findByPlatform('webchat', sessionId);
      await waitFor(async () => (await fd.server.store.escalations.openForConversation(conversation?.id ?? 0)) !== undefined);
      const escalation = await fd.server.store.escalations.openForConversation(conversation?.id ?? 0);
      const admin = await signIn(fd, 'ada@example.org', 'admin', 'Ada Admin');

      const data = (await (await admin.call(`/api/escalations/${escalation?.id}/patient-data/export?format=json`)).json()) as {
        conversations: Array<{ replyEmail: string | null }>;
      };
      expect(data.conversations.map((c) => c.replyEmail)).toEqual([ADDRESS]);
      const text = await (await admin.call(`/api/escalations/${escalation?.id}/patient-data/export?format=text`)).text();
      expect(text).toContain(`Emails about replies go to: ${ADDRESS}`);

      const erased = await admin.call(`/api/escalations/${escalation?.id}/patient-data/erase`, {
        method: 'POST',
        body: { confirm: 'ERASE' },
      });
      expect(erased.status).toBe(200);
      await fd.server.idle();
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(await fd.server.store.replyMail.get(conversation?.id ?? 0)).toBeUndefined();
      expect(fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM reply_mail').get()).toEqual({ n: 0 });
      // The deletion notice is a staff message, but there is no address left to email it to.
      expect(smtp.mails).toEqual([]);
    } finally {
      await fd.close();
      await smtp.close();
    }
  });
});

describeWithPostgres('reply mail on PostgreSQL', () => {
  replyMail('PostgreSQL', async () => async (options) => {
    const databaseUrl = options?.env?.DATABASE_URL ?? (await createMigratedTestDatabase()).url;
    return startFrontdeskOnPostgres({ ...options, databaseUrl });
  });
});
