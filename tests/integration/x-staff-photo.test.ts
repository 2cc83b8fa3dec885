import { JPEG } from '../helpers/attachments';
import { signIn } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';
import { startXFrontdesk, xDm, type XFrontdesk } from '../helpers/x-frontdesk';

jest.setTimeout(60_000);

const PDF = Buffer.from('%PDF-1.4\n% test document\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
/** A photo over X's 5 MB DM image limit (and under the console's 10 MB upload limit). */
const LARGE_JPEG = Buffer.concat([JPEG, Buffer.alloc(6 * 1024 * 1024, 1)]);

interface ThreadView {
  canSendFiles: boolean;
  sendableFileTypes: string[];
  messages: Array<{ direction: string; text: string; attachments?: Array<{ inline?: boolean; withheld: boolean }> }>;
}

async function openItem(fd: XFrontdesk, sender: string): Promise<number> {
  let id: number | undefined;
  await waitFor(async () => {
    await fd.server.idle();
    const conversation = await fd.server.store.conversations.findByPlatform('x', sender);
    id = conversation ? (await fd.server.store.escalations.openForConversation(conversation.id))?.id : undefined;
    return id !== undefined;
  }, 10_000);
  return id as number;
}

describe('Staff send a photo back by X DM', () => {
  test('when a nurse sends a photo in an X thread, then X receives it through its media upload and one DM carries it', async () => {
    // The fake X answers after 150 ms, counts DMs against the 15-per-15-minutes quota and holds uploads.
    const fd = await startXFrontdesk();
    try {
      const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
      const sender = '1600000000000000091';
      const dm = xDm({
        accountId: fd.x.accountId,
        senderId: sender,
        id: fd.x.nextId(),
        text: 'is this rash on my arm something to worry about',
      });
      expect((await fd.postX(dm)).status).toBe(200);
      const escalationId = await openItem(fd, sender);

      const thread = (await nurse.json<ThreadView>(`/api/escalations/${escalationId}`)) as ThreadView;
      expect(thread.canSendFiles).toBe(true);
      expect(thread.sendableFileTypes).toEqual(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

      const send = (body: Buffer) =>
        fetch(`${fd.server.url}/api/escalations/${escalationId}/attachments`, {
          method: 'POST',
          headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrf, 'content-type': 'application/octet-stream' },
          body,
        });
      const dmsBefore = fd.x.sentDms.length;
      expect((await send(JPEG)).status).toBe(202);
      await fd.x.waitFor(() => fd.x.sentDms.some((d) => d.mediaId !== undefined), 10_000);

      const sent = fd.x.sentDms.find((d) => d.mediaId !== undefined);
      expect(sent?.participantId).toBe(sender);
      // The transcript's label is not sent: the patient receives the photo itself.
      expect(sent?.text).toBe('');
      const media = fd.x.uploadedMedia.get(sent?.mediaId ?? '');
      expect(media).toMatchObject({ category: 'dm_image', mediaType: 'image/jpeg', finalized: true });
      expect(media?.bytes?.equals(JPEG)).toBe(true);
      // The upload is signed in the account's user context, and no key is in a URL.
      const uploads = fd.x.requests.filter((r) => r.pathname.startsWith('/2/media/upload/'));
      expect(uploads.map((r) => r.pathname.replace(/\/\d{5,}\//, '/:id/'))).toEqual([
        '/2/media/upload/initialize',
        '/2/media/upload/:id/append',
        '/2/media/upload/:id/finalize',
      ]);
      expect(uploads.every((r) => /^OAuth .*oauth_signature=/.test(r.headers.authorization ?? ''))).toBe(true);
      expect(uploads.every((r) => !/oauth|token|secret/i.test(r.path))).toBe(true);
      // One DM for the photo: it counts against the DM quota like any other send.
      expect(fd.x.sentDms.length).toBe(dmsBefore + 1);

      const outbound = ((await nurse.json<ThreadView>(`/api/escalations/${escalationId}`)) as ThreadView).messages.filter(
        (m) => m.direction === 'out',
      );
      expect(outbound.at(-1)).toMatchObject({ text: '[photo sent]', attachments: [expect.objectContaining({ inline: true })] });

      // X DMs carry no PDF and no photo over 5 MB: staff are told before anything is queued.
      const pdf = await send(PDF);
      expect(pdf.status).toBe(415);
      expect(((await pdf.json()) as { error: { message: string } }).error.message).toMatch(/X .*takes only photos/);
      const large = await send(LARGE_JPEG);
      expect(large.status).toBe(413);
      expect(((await large.json()) as { error: { message: string } }).error.message).toMatch(/up to 5 MB/);
      await fd.server.idle();
      expect(fd.x.sentDms.length).toBe(dmsBefore + 1);
      expect(fd.x.uploadedMedia.size).toBe(1);
    } finally {
      await fd.close();
    }
  });

  test('when X refuses the photo upload, then no DM is attempted and the thread shows the send failed', async () => {
    const fd = await startXFrontdesk();
    try {
      const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
      const sender = '1600000000000000092';
      const dm = xDm({ accountId: fd.x.accountId, senderId: sender, id: fd.x.nextId(), text: 'can you look at the swelling on my ankle' });
      expect((await fd.postX(dm)).status).toBe(200);
      const escalationId = await openItem(fd, sender);
      const dmsBefore = fd.x.dmAttempts.length;
      fd.x.fail('media_upload', { status: 400, body: { title: 'Invalid Request', status: 400, detail: 'media type unrecognized' } });
      const res = await fetch(`${fd.server.url}/api/escalations/${escalationId}/attachments`, {
        method: 'POST',
        headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrf, 'content-type': 'image/jpeg' },
        body: JPEG,
      });
      expect(res.status).toBe(202);
      let undelivered: Array<{ status: string; text: string; reason: string | null }> = [];
      await waitFor(async () => {
        await fd.server.idle();
        undelivered = ((await nurse.json<{ items: typeof undelivered }>('/api/outbox/undelivered')) as { items: typeof undelivered }).items;
        return undelivered.length > 0;
      }, 10_000);
      // X refused it for good: staff see the photo reply as undelivered, with the reason in our own words.
      expect(undelivered[0]).toMatchObject({ status: 'undeliverable', text: '[photo sent]' });
      expect(undelivered[0]?.reason).toMatch(/photo upload failed/);
      expect(fd.x.dmAttempts.length).toBe(dmsBefore);
      // The channel is not paused by a media failure: the next text reply goes out.
      const text = await nurse.call(`/api/escalations/${escalationId}/reply`, {
        method: 'POST',
        body: { text: 'Please send the photo again by DM.' },
      });
      expect(text.status).toBe(202);
      await fd.x.waitFor(() => fd.x.sentDms.some((d) => d.text.includes('send the photo again')), 10_000);
    } finally {
      await fd.close();
    }
  });
});
