import { JPEG, messengerAttachment } from '../helpers/attachments';
import { startFakeGraph } from '../helpers/fake-graph';
import { freePort } from '../helpers/oidc-provider';
import { signMessenger } from '../helpers/sign';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { APP_SECRET, startFrontdeskOnPostgres } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(90_000);

describeWithPostgres('Attachments with two instances on PostgreSQL', () => {
  test('when a photo reaches one instance, then it is downloaded once and a clinician on the other instance sees it', async () => {
    const graph = await startFakeGraph({ delayMs: 150 });
    const databaseUrl = (await createMigratedTestDatabase()).url;
    const a = await startFrontdeskOnPostgres({ graph, databaseUrl });
    const b = await startFrontdeskOnPostgres({ graph, databaseUrl });
    try {
      const psid = '7399400000000001';
      const url = graph.hostAttachment(JPEG);
      const body = messengerAttachment({ psid, mid: 'm_pg_photo_1', url });
      expect((await a.postMessenger(body)).status).toBe(200);
      const nurse = await signIn(b, 'nurse@example.org', 'clinician', 'Nora Nurse');
      let imageUrl: string | undefined;
      await waitFor(async () => {
        const conversation = await b.server.store.conversations.findByPlatform('messenger', psid);
        const open = conversation && (await b.server.store.escalations.openForConversation(conversation.id));
        if (!open) return false;
        const thread = await nurse.json<{ messages: Array<{ attachments?: Array<{ status: string; url: string | null }> }> }>(
          `/api/escalations/${open.id}`,
        );
        imageUrl = thread.messages.flatMap((m) => m.attachments ?? []).find((f) => f.status === 'stored')?.url ?? undefined;
        return imageUrl !== undefined;
      }, 30_000);
      const image = await nurse.call(imageUrl as string);
      expect(image.status).toBe(200);
      expect(Buffer.from(await image.arrayBuffer()).equals(JPEG)).toBe(true);
      expect(graph.attachmentDownloads).toHaveLength(1);
    } finally {
      await a.close();
      await b.close();
      await graph.close();
    }
  });

  test('when staff on one instance send a photo on Instagram, then Meta can fetch its link from the other instance', async () => {
    const graph = await startFakeGraph({ delayMs: 150 });
    const databaseUrl = (await createMigratedTestDatabase()).url;
    const port = await freePort();
    // PUBLIC_URL is the load balancer's address; here it lands on instance B while staff use A.
    const env = { INSTAGRAM_ACCOUNT_ID: '17841400000000001', PUBLIC_URL: `http://127.0.0.1:${port}` };
    const b = await startFrontdeskOnPostgres({ graph, databaseUrl, env: { ...env, PORT: String(port) } });
    const a = await startFrontdeskOnPostgres({ graph, databaseUrl, env });
    try {
      const sender = '1234500000000094';
      const at = Date.now();
      const raw = Buffer.from(
        JSON.stringify({
          object: 'instagram',
          entry: [
            {
              id: env.INSTAGRAM_ACCOUNT_ID,
              time: at,
              messaging: [
                {
                  sender: { id: sender },
                  recipient: { id: env.INSTAGRAM_ACCOUNT_ID },
                  timestamp: at,
                  message: { mid: 'aWdfZAG1faXRlbTpnMQ', text: 'is this rash on my arm something to worry about' },
                },
              ],
            },
          ],
        }),
      );
      const delivered = await fetch(`${a.server.url}/webhooks/instagram`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMessenger(raw, APP_SECRET) },
        body: raw,
      });
      expect(delivered.status).toBe(200);
      const nurse = await signIn(a, 'nurse@example.org', 'clinician', 'Nora Nurse');
      let escalationId: number | undefined;
      await waitFor(async () => {
        const conversation = await a.server.store.conversations.findByPlatform('instagram', sender);
        escalationId = conversation ? (await a.server.store.escalations.openForConversation(conversation.id))?.id : undefined;
        return escalationId !== undefined;
      }, 30_000);
      const sent = await fetch(`${a.server.url}/api/escalations/${escalationId}/attachments`, {
        method: 'POST',
        headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrf, 'content-type': 'image/jpeg' },
        body: JPEG,
      });
      expect(sent.status).toBe(202);
      await waitFor(() => graph.fetchedLinks.length > 0, 30_000);
      expect(graph.fetchedLinks[0]?.url.startsWith(`http://127.0.0.1:${port}/files/`)).toBe(true);
      expect(graph.fetchedLinks[0]?.status).toBe(200);
      expect(graph.fetchedLinks[0]?.bytes.equals(JPEG)).toBe(true);
    } finally {
      await a.close();
      await b.close();
      await graph.close();
    }
  });
});
