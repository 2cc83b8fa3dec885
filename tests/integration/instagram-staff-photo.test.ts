import { fileLinks } from '../../src/attachments/file-links';
import { JPEG } from '../helpers/attachments';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { freePort } from '../helpers/oidc-provider';
import { signMessenger } from '../helpers/sign';
import { APP_SECRET, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn, type StaffClient } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

const ACCOUNT = '17841400000000001';
const PDF = Buffer.from('%PDF-1.4\n% test document\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');

interface ThreadView {
  canSendFiles: boolean;
  sendableFileTypes: string[];
}

let seq = 0;
async function instagramDm(fd: Frontdesk, sender: string, message: Record<string, unknown>): Promise<void> {
  seq += 1;
  const at = Date.now();
  const raw = Buffer.from(
    JSON.stringify({
      object: 'instagram',
      entry: [
        {
          id: ACCOUNT,
          time: at,
          messaging: [
            { sender: { id: sender }, recipient: { id: ACCOUNT }, timestamp: at, message: { mid: `aWdfZAG1faXRlbTo${seq}`, ...message } },
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
}

async function openItem(fd: Frontdesk, sender: string): Promise<number> {
  let id: number | undefined;
  await waitFor(async () => {
    await fd.server.idle();
    const conversation = await fd.server.store.conversations.findByPlatform('instagram', sender);
    id = conversation ? (await fd.server.store.escalations.openForConversation(conversation.id))?.id : undefined;
    return id !== undefined;
  }, 10_000);
  return id as number;
}

function sendFile(fd: Frontdesk, who: StaffClient, escalationId: number, body: Buffer): Promise<Response> {
  return fetch(`${fd.server.url}/api/escalations/${escalationId}/attachments`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/octet-stream' },
    body,
  });
}

describe('Staff send a photo back on Instagram', () => {
  let graph: FakeGraph;
  let fd: Frontdesk | undefined;
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
    await graph.close();
  });

  test('when a nurse sends a photo, then Instagram fetches it from a signed link that names only that file and expires', async () => {
    // A Graph API that answers after 150 ms and, like Meta, fetches an attachment link before it answers.
    graph = await startFakeGraph({ delayMs: 150 });
    let clock = Date.now();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    fd = await startFrontdesk({
      graph,
      now: () => clock,
      env: { INSTAGRAM_ACCOUNT_ID: ACCOUNT, PORT: String(port), PUBLIC_URL: publicUrl },
    });
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const sender = '1234500000000091';
    await instagramDm(fd, sender, { text: 'is this rash on my arm something to worry about' });
    const escalationId = await openItem(fd, sender);

    const thread = (await nurse.json<ThreadView>(`/api/escalations/${escalationId}`)) as ThreadView;
    expect(thread).toMatchObject({ canSendFiles: true, sendableFileTypes: ['image/jpeg', 'image/png'] });

    expect((await sendFile(fd, nurse, escalationId, JPEG)).status).toBe(202);
    await waitFor(() => graph.fetchedLinks.length > 0, 10_000);
    const fetched = graph.fetchedLinks[0];
    expect(fetched?.status).toBe(200);
    expect(fetched?.bytes.equals(JPEG)).toBe(true);
    expect(fetched?.url.startsWith(`${publicUrl}/files/`)).toBe(true);
    const sent = graph.messages().find((m) => JSON.stringify(m.body).includes('"attachment"'));
    expect(sent?.body).toMatchObject({
      recipient: { id: sender },
      messaging_type: 'RESPONSE',
      message: { attachment: { type: 'image', payload: { url: fetched?.url } } },
    });
    expect(sent?.headers.authorization).toBe('Bearer test-page-token');
    expect(sent?.path).not.toContain('access_token');

    // The link names one file: changed, forged or pointed at a patient's own photo it serves nothing.
    const link = fetched?.url ?? '';
    const token = link.slice(link.lastIndexOf('/') + 1);
    const [id, expires, signature] = token.split('.');
    expect((await fetch(`${publicUrl}/files/${Number(id) + 1}.${expires}.${signature}`)).status).toBe(404);
    expect((await fetch(`${publicUrl}/files/${id}.${Number(expires) + 3600}.${signature}`)).status).toBe(404);
    await instagramDm(fd, sender, { attachments: [{ type: 'image', payload: { url: graph.hostAttachment(JPEG) } }] });
    let patientPhoto: number | undefined;
    await waitFor(async () => {
      await fd?.server.idle();
      const row = fd?.server.store.db.prepare(`SELECT id FROM attachments WHERE channel = 'instagram' AND status = 'stored'`).get() as
        { id: number } | undefined;
      patientPhoto = row?.id;
      return patientPhoto !== undefined;
    }, 10_000);
    const signedForPatientPhoto = fileLinks(publicUrl, APP_SECRET).linkTo(patientPhoto as number, clock);
    expect((await fetch(signedForPatientPhoto)).status).toBe(404);

    // Served as the console serves files: no script, never sniffed, never cached.
    const again = await fetch(link);
    expect(again.status).toBe(200);
    expect(again.headers.get('x-content-type-options')).toBe('nosniff');
    expect(again.headers.get('content-security-policy')).toContain('sandbox');
    expect(again.headers.get('cache-control')).toBe('no-store');
    // After 15 minutes the link is dead.
    clock += 16 * 60_000;
    expect((await fetch(link)).status).toBe(404);

    // Instagram takes no PDF: staff are told before anything is queued.
    const pdf = await sendFile(fd, nurse, escalationId, PDF);
    expect(pdf.status).toBe(415);
    expect(((await pdf.json()) as { error: { message: string } }).error.message).toMatch(/Instagram takes only photos/);
  });

  test('when Meta cannot fetch the link, then the photo reply is undelivered and staff see why', async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    // PUBLIC_URL names an address nobody answers at: Meta's fetch fails.
    const unreachable = `http://127.0.0.1:${await freePort()}`;
    fd = await startFrontdesk({ graph, env: { INSTAGRAM_ACCOUNT_ID: ACCOUNT, PUBLIC_URL: unreachable } });
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const sender = '1234500000000092';
    await instagramDm(fd, sender, { text: 'can you look at the swelling on my ankle' });
    const escalationId = await openItem(fd, sender);
    expect((await sendFile(fd, nurse, escalationId, JPEG)).status).toBe(202);
    let undelivered: Array<{ status: string; text: string; reason: string | null }> = [];
    await waitFor(async () => {
      await fd?.server.idle();
      undelivered = ((await nurse.json<{ items: typeof undelivered }>('/api/outbox/undelivered')) as { items: typeof undelivered }).items;
      return undelivered.length > 0;
    }, 15_000);
    // Refused for good by Meta (error 100): not retried, listed for staff with Meta's code.
    expect(undelivered[0]).toMatchObject({
      text: '[photo sent]',
      status: 'undeliverable',
      reason: expect.stringMatching(/Graph error 100/),
    });
    expect(graph.fetchedLinks[0]?.status).toBe(0);
  });

  test('when PUBLIC_URL is not set, then a photo for Instagram is refused and the message says what to set', async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    fd = await startFrontdesk({ graph, env: { INSTAGRAM_ACCOUNT_ID: ACCOUNT } });
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const sender = '1234500000000093';
    await instagramDm(fd, sender, { text: 'is this mole on my back normal' });
    const escalationId = await openItem(fd, sender);
    expect(((await nurse.json<ThreadView>(`/api/escalations/${escalationId}`)) as ThreadView).canSendFiles).toBe(false);
    const res = await sendFile(fd, nurse, escalationId, JPEG);
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'attachments_not_supported',
      message: expect.stringMatching(/Set PUBLIC_URL/),
    });
    expect(graph.messages().some((m) => JSON.stringify(m.body).includes('"attachment"'))).toBe(false);
  });
});
