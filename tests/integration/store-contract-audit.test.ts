import { auditRepos, type AuditStore } from '../../src/audit/audit-store';
import { postgresAuditRepos } from '../../src/audit/postgres-audit-store';
import type { SqliteStore } from '../../src/create-store';
import { describeContract } from '../helpers/store-contract';

const backends = { sqlite: (s: SqliteStore) => auditRepos(s.sql), postgres: postgresAuditRepos };

describeContract<AuditStore>('audit store contract', backends, (setup) => {
  test('when entries are recorded, then list returns them newest first with what was written, unset fields left out', async () => {
    const store = await setup();
    const { audit } = store.repos;

    await audit.record({ actor: 'system', action: 'retention.purge', detail: { conversations: 3 } }, 1000);
    await audit.thread({ actor: 'ann@x', ip: '10.0.0.1' }, 'thread.view', 7, 2000);
    await audit.user({ actor: 'admin@x' }, 'user.role', 4, 3000, { role: 'agent' });
    await audit.user({ actor: 'bob@x', ip: '10.0.0.2' }, 'login.failed', null, 4000);
    await audit.token({ actor: 'ann@x' }, 'token.create', 9, 5000, { name: 'ci' });

    const listed = await audit.list();

    expect(listed.map(({ id: _id, ...entry }) => entry)).toEqual([
      { at: 5000, actor: 'ann@x', action: 'token.create', targetType: 'api_token', targetId: '9', ip: undefined, detail: { name: 'ci' } },
      { at: 4000, actor: 'bob@x', action: 'login.failed', targetType: undefined, targetId: undefined, ip: '10.0.0.2', detail: undefined },
      { at: 3000, actor: 'admin@x', action: 'user.role', targetType: 'user', targetId: '4', ip: undefined, detail: { role: 'agent' } },
      { at: 2000, actor: 'ann@x', action: 'thread.view', targetType: 'escalation', targetId: '7', ip: '10.0.0.1', detail: undefined },
      {
        at: 1000,
        actor: 'system',
        action: 'retention.purge',
        targetType: undefined,
        targetId: undefined,
        ip: undefined,
        detail: { conversations: 3 },
      },
    ]);
    expect(listed.map((e) => e.id)).toEqual([...listed.map((e) => e.id)].sort((a, b) => b - a));
    expect(await audit.list(2)).toEqual(listed.slice(0, 2));
  });

  test('when the log is searched, then each filter narrows it, an action ending in "." matches the prefix, before pages by id', async () => {
    const store = await setup();
    const { audit } = store.repos;
    await audit.thread({ actor: 'ann@x' }, 'thread.view', 1, 1000);
    await audit.thread({ actor: 'bob@x' }, 'thread.claim', 2, 2000);
    await audit.thread({ actor: 'ann@x' }, 'thread.reply', 1, 3000);
    await audit.record({ actor: 'ann@x', action: 'threadXview' }, 3500);
    await audit.record({ actor: 'ann@x', action: 'thread_view.x' }, 3600);
    await audit.user({ actor: 'ann@x' }, 'login.ok', 5, 4000);
    const actions = async (filter: Parameters<typeof audit.search>[0]) => (await audit.search(filter)).map((e) => e.action);

    expect(await actions({ actor: 'ann@x' })).toEqual(['login.ok', 'thread_view.x', 'threadXview', 'thread.reply', 'thread.view']);
    expect(await actions({ action: 'thread.' })).toEqual(['thread.reply', 'thread.claim', 'thread.view']);
    expect(await actions({ action: 'THREAD.' })).toEqual(['thread.reply', 'thread.claim', 'thread.view']);
    expect(await actions({ action: 'thread_' })).toEqual([]);
    expect(await actions({ action: 'thread_view.' })).toEqual(['thread_view.x']);
    expect(await actions({ action: 'thread.view' })).toEqual(['thread.view']);
    expect(await actions({ targetType: 'escalation', targetId: '1' })).toEqual(['thread.reply', 'thread.view']);
    expect(await actions({ from: 2000, to: 3500 })).toEqual(['thread.reply', 'thread.claim']);
    const [newest] = await audit.search({ limit: 1 });
    expect(await actions({ before: newest!.id, limit: 2 })).toEqual(['thread_view.x', 'threadXview']);
    expect(await actions({ actor: 'nobody' })).toEqual([]);
  });

  test('when an entry is changed or deleted, then the database refuses: the audit log is append-only', async () => {
    const store = await setup();
    await store.repos.audit.record({ actor: 'ann@x', action: 'thread.view' }, 1000);

    await expect(store.rows(`UPDATE audit_log SET actor = 'eve'`)).rejects.toMatchObject({
      message: expect.stringContaining('audit_log is append-only'),
    });
    await expect(store.rows('DELETE FROM audit_log')).rejects.toMatchObject({
      message: expect.stringContaining('audit_log is append-only'),
    });
    expect((await store.repos.audit.list()).map((e) => e.actor)).toEqual(['ann@x']);
  });
});
