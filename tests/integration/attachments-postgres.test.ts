import { JPEG, messengerAttachment } from '../helpers/attachments';
import { startFakeGraph } from '../helpers/fake-graph';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { startFrontdeskOnPostgres } from '../helpers/start-frontdesk';
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
});
