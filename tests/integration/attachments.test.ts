import { JPEG, messengerAttachment } from '../helpers/attachments';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { signMessenger } from '../helpers/sign';
import { APP_SECRET, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn, type StaffClient } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';
import { startXFrontdesk } from '../helpers/x-frontdesk';

jest.setTimeout(60_000);

const PDF = Buffer.from('%PDF-1.4\n% test document\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
const HTML_AS_JPG = Buffer.from('<html><body><script>alert(1)</script></body></html>');

interface World {
  fd: Frontdesk;
  graph: FakeGraph;
  clinician: StaffClient;
  agent: StaffClient;
}

async function setup(env: Record<string, string> = {}): Promise<World> {
  // A Graph API and CDN that answer after 150 ms, as the real ones do from a server.
  const graph = await startFakeGraph({ delayMs: 150 });
  const fd = await startFrontdesk({ graph, env });
  const clinician = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
  const agent = await signIn(fd, 'agent@example.org', 'agent', 'Frank Front');
  return { fd, graph, clinician, agent };
}

let mid = 0;
function photoMessage(psid: string, url: string, text?: string, type = 'image'): object {
  mid += 1;
  return messengerAttachment({ psid, mid: `m_attach_${mid}`, url, ...(text ? { text } : {}), type });
}

interface ThreadAttachment {
  id?: number;
  withheld: boolean;
  status?: string;
  inline?: boolean;
  url?: string | null;
  contentType?: string | null;
}
interface Thread {
  messages: Array<{ direction: string; text: string; attachments?: ThreadAttachment[] }>;
}

async function openItemOf(fd: Frontdesk, psid: string): Promise<number> {
  const conversation = await fd.server.store.conversations.findByPlatform('messenger', psid);
  const open = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
  if (!open) throw new Error('no open escalation');
  return open.id;
}

async function attachmentsIn(client: StaffClient, escalationId: number): Promise<ThreadAttachment[]> {
  const thread = (await client.json<Thread>(`/api/escalations/${escalationId}`)) as Thread;
  return thread.messages.flatMap((m) => m.attachments ?? []);
}

async function storedAttachment(w: World, psid: string): Promise<{ escalationId: number; attachment: ThreadAttachment }> {
  let found: { escalationId: number; attachment: ThreadAttachment } | undefined;
  await waitFor(async () => {
    await w.fd.server.idle();
    const escalationId = await openItemOf(w.fd, psid).catch(() => undefined);
    if (escalationId === undefined) return false;
    const attachment = (await attachmentsIn(w.clinician, escalationId))[0];
    found = attachment && attachment.status !== 'pending' ? { escalationId, attachment } : undefined;
    return found !== undefined;
  }, 15_000);
  if (!found) throw new Error('no attachment');
  return found;
}

describe('Attachments from patients', () => {
  let w: World;
  beforeEach(async () => {
    w = await setup();
  });
  afterEach(async () => {
    await w.fd.close();
    await w.graph.close();
  });

  test('when a patient sends a photo on Messenger, then the clinician sees it as an image within 5 s and the agent sees a placeholder', async () => {
    const url = w.graph.hostAttachment(JPEG);
    const started = Date.now();
    expect((await w.fd.postMessenger(photoMessage('7399200000000001', url))).status).toBe(200);

    const { escalationId, attachment } = await storedAttachment(w, '7399200000000001');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(attachment).toMatchObject({ withheld: false, status: 'stored', inline: true, contentType: 'image/jpeg' });
    const image = await w.clinician.call(attachment.url as string);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('x-content-type-options')).toBe('nosniff');
    expect(image.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(image.headers.get('content-disposition')).toMatch(/^inline/);
    expect(Buffer.from(await image.arrayBuffer()).equals(JPEG)).toBe(true);

    // A photo alone, first thing in a conversation: unknown content is clinical.
    expect(await attachmentsIn(w.agent, escalationId)).toEqual([{ withheld: true, text: 'clinical attachment — visible to clinicians' }]);
    expect((await w.agent.call(attachment.url as string)).status).toBe(403);

    // The bot says it passed the photo on, instead of "I can only read text".
    const replies = w.graph.messages().map((r) => r.body.message?.text ?? '');
    expect(replies.some((t) => t.includes("I've passed your photo to our team"))).toBe(true);
    expect(replies.some((t) => t.includes('I can only read text'))).toBe(false);
  });

  test('when the photo comes with "here is my insurance card", then it goes to the front desk and the agent sees it', async () => {
    const url = w.graph.hostAttachment(JPEG);
    await w.fd.postMessenger(photoMessage('7399200000000002', url, 'here is my insurance card'));
    const { escalationId, attachment } = await storedAttachment(w, '7399200000000002');
    expect((await w.fd.server.store.escalations.get(escalationId))?.route).toBe('human');
    expect(await attachmentsIn(w.agent, escalationId)).toEqual([expect.objectContaining({ withheld: false, inline: true })]);
    expect((await w.agent.call(attachment.url as string)).status).toBe(200);
  });

  test('when the photo comes with "my chest hurts", then the 911 reply goes out first and the photo is kept for clinicians', async () => {
    const url = w.graph.hostAttachment(JPEG);
    await w.fd.postMessenger(photoMessage('7399200000000003', url, 'my chest hurts and my left arm is numb'));
    const { escalationId, attachment } = await storedAttachment(w, '7399200000000003');
    expect((await w.fd.server.store.escalations.get(escalationId))?.route).toBe('emergency');
    const first = w.graph.messages()[0]?.body.message?.text ?? '';
    expect(first).toContain('911');
    expect(attachment.status).toBe('stored');
    expect((await w.agent.call(attachment.url as string)).status).toBe(403);
  });

  test('when a ".jpg" is really a web page, then it is kept as a file to download and never served as HTML or an image', async () => {
    const url = w.graph.hostAttachment(HTML_AS_JPG, { contentType: 'image/jpeg' });
    await w.fd.postMessenger(photoMessage('7399200000000004', url));
    const { attachment } = await storedAttachment(w, '7399200000000004');
    expect(attachment).toMatchObject({ status: 'stored', inline: false, contentType: 'application/octet-stream' });
    const res = await w.clinician.call(attachment.url as string);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="attachment-\d+\.bin"/);
  });

  test('when a PDF arrives as a file, then it is offered as a download', async () => {
    const url = w.graph.hostAttachment(PDF, { contentType: 'application/pdf' });
    await w.fd.postMessenger(photoMessage('7399200000000005', url, undefined, 'file'));
    const { attachment } = await storedAttachment(w, '7399200000000005');
    expect(attachment).toMatchObject({ status: 'stored', inline: false, contentType: 'application/pdf' });
    const res = await w.clinician.call(attachment.url as string);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="attachment-\d+\.pdf"/);
  });

  test('when the CDN fails twice before the URL expires, then the download is retried and the photo is stored', async () => {
    const url = w.graph.hostAttachment(JPEG, { failFirst: 2 });
    await w.fd.postMessenger(photoMessage('7399200000000012', url));
    const { attachment } = await storedAttachment(w, '7399200000000012');
    expect(attachment).toMatchObject({ status: 'stored', inline: true });
    expect(w.graph.attachmentDownloads).toHaveLength(3);
  });

  test('when the attachment URL has already expired, then staff see it could not be retrieved', async () => {
    const url = w.graph.hostAttachment(JPEG, { expiresInMs: -1 });
    await w.fd.postMessenger(photoMessage('7399200000000006', url));
    const { attachment } = await storedAttachment(w, '7399200000000006');
    expect(attachment).toMatchObject({ status: 'unavailable', url: null });
    expect(w.graph.attachmentDownloads).toHaveLength(1);
  });
});

describe('Attachment size limit', () => {
  test('when a photo is larger than ATTACHMENT_MAX_BYTES, then it is recorded as too large and not stored', async () => {
    const w = await setup({ ATTACHMENT_MAX_BYTES: '2048' });
    try {
      const url = w.graph.hostAttachment(Buffer.concat([JPEG, Buffer.alloc(4096, 1)]));
      await w.fd.postMessenger(photoMessage('7399200000000007', url));
      const { attachment } = await storedAttachment(w, '7399200000000007');
      expect(attachment).toMatchObject({ status: 'too_large', url: null });
      const held = w.fd.server.store.db.prepare('SELECT bytes FROM attachments').all() as Array<{ bytes: Buffer | null }>;
      expect(held).toEqual([{ bytes: null }]);
    } finally {
      await w.fd.close();
      await w.graph.close();
    }
  });
});

describe('Attachments on X and in data requests', () => {
  test('when a patient sends a photo by X DM, then it is fetched with a signed request and a clinician sees it', async () => {
    const fd = await startXFrontdesk();
    try {
      const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
      const url = fd.x.hostDmMedia(JPEG);
      const sender = '1600000000000000077';
      const body = {
        for_user_id: fd.x.accountId,
        direct_message_events: [
          {
            type: 'message_create',
            id: fd.x.nextId(),
            created_timestamp: String(Date.now()),
            message_create: {
              target: { recipient_id: fd.x.accountId },
              sender_id: sender,
              message_data: {
                text: ' https://t.co/AbCdEf1234',
                attachment: { type: 'media', media: { media_url_https: url, type: 'photo' } },
              },
            },
          },
        ],
      };
      expect((await fd.postX(body)).status).toBe(200);
      let attachment: ThreadAttachment | undefined;
      await waitFor(async () => {
        await fd.server.idle();
        const conversation = await fd.server.store.conversations.findByPlatform('x', sender);
        const open = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
        attachment = open ? (await attachmentsIn(nurse, open.id))[0] : undefined;
        return attachment !== undefined && attachment.status !== 'pending';
      }, 5000);
      expect(attachment).toMatchObject({ status: 'stored', inline: true });
      const media = fd.x.requests.find((r) => r.pathname.startsWith('/1.1/ton/data/dm/'));
      expect(media?.headers.authorization).toMatch(/^OAuth .*oauth_signature=/);
      expect(fd.sentTo(sender).at(-1)).toMatch(/passed your photo to our team/);
    } finally {
      await fd.close();
    }
  });

  test('when an admin exports and then erases a data request, then the photo is in the export and gone afterwards', async () => {
    const w = await setup();
    try {
      const psid = '7399200000000009';
      await w.fd.postMessenger(photoMessage(psid, w.graph.hostAttachment(JPEG), 'here is my insurance card'));
      await storedAttachment(w, psid);
      await w.fd.postMessenger(photoMessage(psid, w.graph.hostAttachment(JPEG), 'please delete all my data'));
      await w.fd.server.idle();
      const admin = await signIn(w.fd, 'admin@example.org', 'admin', 'Ada Admin');
      const request = await openItemOf(w.fd, psid);
      await waitFor(async () => {
        const n = w.fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM attachments WHERE status = 'stored'`).get() as { n: number };
        return n.n === 2;
      });
      const requestItem = (
        await w.fd.server.store.escalations.listOpenForConversation(
          (await w.fd.server.store.escalations.get(request))?.conversationId as number,
        )
      ).find((e) => e.intent === 'data_deletion') ?? { id: request };

      const exported = (await (await admin.call(`/api/escalations/${requestItem.id}/patient-data/export?format=json`)).json()) as {
        conversations: Array<{ messages: Array<{ attachments?: Array<{ base64: string | null; contentType: string }> }> }>;
      };
      const files = exported.conversations.flatMap((c) => c.messages.flatMap((m) => m.attachments ?? []));
      expect(files.length).toBeGreaterThanOrEqual(1);
      expect(Buffer.from(files[0]?.base64 ?? '', 'base64').equals(JPEG)).toBe(true);

      const erased = await admin.call(`/api/escalations/${requestItem.id}/patient-data/erase`, {
        method: 'POST',
        body: { confirm: 'ERASE' },
      });
      expect(erased.status).toBe(200);
      expect((w.fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n).toBe(0);
    } finally {
      await w.fd.close();
      await w.graph.close();
    }
  });
});

describe('Chat page uploads', () => {
  test('when a patient uploads on the chat page, then size and type are checked by the server and a photo joins their message', async () => {
    const w = await setup({ ATTACHMENT_MAX_BYTES: '4096' });
    try {
      const sessionId = ((await (await fetch(`${w.fd.server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string })
        .sessionId;
      const upload = (clientMessageId: string, body: Buffer, type = 'image/jpeg') =>
        fetch(`${w.fd.server.url}/chat/api/attachments?sessionId=${sessionId}&clientMessageId=${clientMessageId}`, {
          method: 'POST',
          headers: { 'content-type': type },
          body,
        });
      expect((await upload('c1', Buffer.alloc(8192, 0xff))).status).toBe(413);
      expect((await upload('c2', HTML_AS_JPG)).status).toBe(415);
      expect((await upload('c3', JPEG)).status).toBe(202);
      // Sent twice (a lost answer, a retry): one message, one file.
      expect((await upload('c3', JPEG)).status).toBe(202);
      await waitFor(async () => {
        await w.fd.server.idle();
        const row = w.fd.server.store.db.prepare('SELECT message_id, kind FROM attachments').get() as
          { message_id: number | null; kind: string | null } | undefined;
        return row?.message_id != null && row.kind === 'clinical';
      });
      expect((w.fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n).toBe(1);
    } finally {
      await w.fd.close();
      await w.graph.close();
    }
  });
});

describe('Staff send a photo back', () => {
  test('when an agent sends a photo in a Messenger thread, then Graph receives it as an uploaded image and the thread shows it', async () => {
    const w = await setup();
    try {
      const psid = '7399200000000010';
      await w.fd.postMessenger(photoMessage(psid, w.graph.hostAttachment(JPEG), 'here is my insurance card'));
      const { escalationId } = await storedAttachment(w, psid);
      const send = (body: Buffer) =>
        fetch(`${w.fd.server.url}/api/escalations/${escalationId}/attachments`, {
          method: 'POST',
          headers: { cookie: w.agent.cookie, 'x-csrf-token': w.agent.csrf, 'content-type': 'image/jpeg' },
          body,
        });
      const res = await send(JPEG);
      expect(res.status).toBe(202);
      await waitFor(() => w.graph.requests.some((r) => (r.headers['content-type'] ?? '').startsWith('multipart/form-data')), 5000);
      const upload = w.graph.requests.find((r) => (r.headers['content-type'] ?? '').startsWith('multipart/form-data'));
      expect(upload?.rawBody).toContain('name="filedata"');
      expect(upload?.rawBody).toContain('"attachment":{"type":"image"');
      expect(upload?.rawBody).toContain(`{"id":"${psid}"}`);
      expect(upload?.headers.authorization).toBe('Bearer test-page-token');
      expect(upload?.path).not.toContain('access_token');
      const outbound = ((await w.agent.json<Thread>(`/api/escalations/${escalationId}`)) as Thread).messages.filter(
        (m) => m.direction === 'out',
      );
      expect(outbound.at(-1)).toMatchObject({
        text: '[photo sent]',
        attachments: [expect.objectContaining({ inline: true, withheld: false })],
      });

      expect((await send(HTML_AS_JPG)).status).toBe(415);
    } finally {
      await w.fd.close();
      await w.graph.close();
    }
  });
});

describe('Staff send a file back on the chat page', () => {
  test("when a clinician sends a photo and a PDF to a web-chat patient, then only that patient's session reads them from the transcript", async () => {
    const w = await setup();
    try {
      const url = w.fd.server.url;
      const session = async () =>
        ((await (await fetch(`${url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string }).sessionId;
      const sessionId = await session();
      const posted = await fetch(`${url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, clientMessageId: 'c1', text: 'my rash is spreading on my arm since yesterday' }),
      });
      expect(posted.status).toBe(202);
      await w.fd.server.idle();
      const conversation = await w.fd.server.store.conversations.findByPlatform('webchat', sessionId);
      const item = conversation && (await w.fd.server.store.escalations.openForConversation(conversation.id));
      if (!item) throw new Error('no open escalation');
      const send = (body: Buffer, key: string) =>
        fetch(`${url}/api/escalations/${item.id}/attachments`, {
          method: 'POST',
          headers: {
            cookie: w.clinician.cookie,
            'x-csrf-token': w.clinician.csrf,
            'content-type': 'application/octet-stream',
            'idempotency-key': key,
          },
          body,
        });
      expect((await send(JPEG, 'photo1')).status).toBe(202);
      expect((await send(PDF, 'pdf1')).status).toBe(202);
      await w.fd.server.idle();

      interface ChatMessage {
        author: string;
        text: string;
        attachments?: Array<{ id: number; inline: boolean }>;
      }
      const transcript = (await (await fetch(`${url}/chat/api/messages?sessionId=${sessionId}&after=0`)).json()) as {
        messages: ChatMessage[];
      };
      const files = transcript.messages.filter((m) => m.author === 'staff').flatMap((m) => m.attachments ?? []);
      expect(files.map((f) => f.inline)).toEqual([true, false]);

      const photo = await fetch(`${url}/chat/api/attachments/${files[0]!.id}?sessionId=${sessionId}`);
      expect(photo.status).toBe(200);
      expect(photo.headers.get('content-type')).toBe('image/jpeg');
      expect(photo.headers.get('x-content-type-options')).toBe('nosniff');
      expect(photo.headers.get('content-disposition')).toMatch(/^inline/);
      expect(Buffer.from(await photo.arrayBuffer()).equals(JPEG)).toBe(true);
      const pdf = await fetch(`${url}/chat/api/attachments/${files[1]!.id}?sessionId=${sessionId}`);
      expect(pdf.headers.get('content-disposition')).toMatch(/^attachment/);

      // Another browser's session, a made-up session, or no session: the file does not exist for them.
      const stranger = await session();
      await fetch(`${url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId: stranger, clientMessageId: 'c1', text: 'what are your hours?' }),
      });
      await w.fd.server.idle();
      expect((await fetch(`${url}/chat/api/attachments/${files[0]!.id}?sessionId=${stranger}`)).status).toBe(404);
      expect((await fetch(`${url}/chat/api/attachments/${files[0]!.id}?sessionId=${'0'.repeat(32)}`)).status).toBe(404);
      expect((await fetch(`${url}/chat/api/attachments/${files[0]!.id}`)).status).toBe(400);
    } finally {
      await w.fd.close();
      await w.graph.close();
    }
  });
});

describe('Attachments on Instagram and in retention', () => {
  test('when a patient sends an image by Instagram DM, then it is downloaded and kept with the message', async () => {
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({ graph, env: { INSTAGRAM_ACCOUNT_ID: '17841400000000001' } });
    try {
      const url = graph.hostAttachment(JPEG);
      const at = Date.now();
      const raw = Buffer.from(
        JSON.stringify({
          object: 'instagram',
          entry: [
            {
              id: '17841400000000001',
              time: at,
              messaging: [
                {
                  sender: { id: '1234500000000077' },
                  recipient: { id: '17841400000000001' },
                  timestamp: at,
                  message: { mid: 'aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3ODQxNDA5', attachments: [{ type: 'image', payload: { url } }] },
                },
              ],
            },
          ],
        }),
      );
      const res = await fetch(`${fd.server.url}/webhooks/instagram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMessenger(raw, APP_SECRET) },
        body: raw,
      });
      expect(res.status).toBe(200);
      await waitFor(async () => {
        await fd.server.idle();
        const row = fd.server.store.db.prepare(`SELECT status, content_type, channel FROM attachments`).get() as
          { status: string; content_type: string; channel: string } | undefined;
        return row?.status === 'stored' && row.content_type === 'image/jpeg' && row.channel === 'instagram';
      });
      const replies = graph.messages().map((r) => r.body.message?.text ?? '');
      expect(replies.some((t) => t.includes("I've passed your photo to our team"))).toBe(true);
    } finally {
      await fd.close();
      await graph.close();
    }
  });

  test('when a conversation with a photo passes RETENTION_DAYS, then its photo is removed with its text', async () => {
    let clock = Date.now();
    const graph = await startFakeGraph({ delayMs: 150 });
    const fd = await startFrontdesk({ graph, now: () => clock, env: { RETENTION_DAYS: '7' } });
    try {
      const psid = '7399200000000011';
      await fd.postMessenger(photoMessage(psid, graph.hostAttachment(JPEG), 'here is my insurance card'));
      await waitFor(async () => {
        await fd.server.idle();
        return (fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM attachments WHERE status = 'stored'`).get() as { n: number }).n === 1;
      });
      const item = await openItemOf(fd, psid);
      expect((await fd.staff(`/api/escalations/${item}/resolve`, { method: 'POST' })).status).toBe(200);
      clock += 8 * 24 * 3_600_000;
      await fd.server.maintenance.retention();
      expect((fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n).toBe(0);
    } finally {
      await fd.close();
      await graph.close();
    }
  });
});
