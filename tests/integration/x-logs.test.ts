import { handleOf } from '../helpers/fake-x';
import { startXFrontdesk, xDm, xMention } from '../helpers/x-frontdesk';

describe('Logs at the default level, on X', () => {
  test('when patients write by DM and mention, in webhook and poll mode, then no text, handle, X id or key reaches the logs', async () => {
    const hook = await startXFrontdesk();
    const ids = ['1600000000000000081', '1600000000000000082', '1600000000000000083'];
    await hook.postX(
      xDm({
        accountId: hook.x.accountId,
        senderId: ids[0] as string,
        id: hook.x.nextId(),
        text: 'my zqxv rash is spreading, what should i put on it',
      }),
    );
    await hook.postX(
      xMention({
        accountId: hook.x.accountId,
        authorId: ids[1] as string,
        id: hook.x.nextId(),
        text: 'zqxv chest pain since this morning',
      }),
    );
    await hook.server.idle();
    const list = (await (await hook.staff('/api/escalations')).json()) as { items: Array<{ id: number }> };
    await hook.staff(`/api/escalations/${list.items[0]?.id}/reply`, { method: 'POST', body: { text: 'staff words zqxv reply' } });
    await hook.server.idle();
    await hook.close();

    const poll = await startXFrontdesk({ mode: 'poll' });
    await poll.x.waitFor(() => poll.x.count('mentions') >= 1);
    poll.x.addDm({ senderId: ids[2] as string, text: 'zqxv refill for my pills please' });
    poll.x.addMention({ authorId: ids[2] as string, text: 'zqxv hello?' });
    await poll.x.waitFor(() => poll.x.sentPosts.length >= 1 && poll.x.sentDms.length >= 1, 8000);
    await poll.server.idle();
    await poll.close();

    for (const logs of [hook.logs.text, poll.logs.text]) {
      expect(logs.toLowerCase()).not.toContain('zqxv');
      for (const id of ids) expect(logs).not.toContain(id);
      expect(logs).not.toContain(handleOf(ids[2] as string));
      expect(logs).not.toContain('testpatient');
      expect(logs).not.toMatch(/test-x-access|test-x-consumer/);
    }
    expect(hook.logs.text).toContain('x: webhook stored');
    expect(poll.logs.text).toContain('x poll: stored');
  });
});
