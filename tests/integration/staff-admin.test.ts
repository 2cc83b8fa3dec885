import { localParts } from '../../src/practice/zoned-time';
import { auditActions, login, signIn } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

interface ErrorBody {
  error: { code: string; message: string };
}

async function setup() {
  const fd = await startFrontdesk();
  const admin = await signIn(fd, 'admin@example.org', 'admin', 'Ada Admin');
  const agent = await signIn(fd, 'agent@example.org', 'agent', 'Frank Front');
  return { fd, admin, agent };
}

describe('User management', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when a non-admin calls the admin API, then 403 for users, audit and settings changes', async () => {
    const s = await setup();
    fd = s.fd;
    expect((await s.agent.call('/api/users')).status).toBe(403);
    expect((await s.agent.call('/api/audit')).status).toBe(403);
    expect((await s.agent.call('/api/audit/export')).status).toBe(403);
    expect((await s.agent.call('/api/canned-responses', { method: 'POST', body: { title: 'x', text: 'y' } })).status).toBe(403);
    expect((await s.agent.call('/api/canned-responses')).status).toBe(200); // everyone may use them
  });

  test('when an admin creates, changes and disables a user, then the user can sign in, then cannot, and each change is audited', async () => {
    const s = await setup();
    fd = s.fd;
    const weak = await s.admin.call('/api/users', { method: 'POST', body: { email: 'new@example.org', role: 'agent', password: 'short' } });
    expect(weak.status).toBe(400);
    expect(((await weak.json()) as ErrorBody).error.code).toBe('weak_password');

    const created = await s.admin.call('/api/users', {
      method: 'POST',
      body: { email: 'New@Example.org', name: 'Nia New', role: 'agent', password: 'a long enough password' },
    });
    expect(created.status).toBe(201);
    const { user } = (await created.json()) as { user: { id: number; email: string; role: string } };
    expect(user).toMatchObject({ email: 'new@example.org', role: 'agent' });
    const duplicate = await s.admin.call('/api/users', {
      method: 'POST',
      body: { email: 'new@example.org', role: 'agent', password: 'a long enough password' },
    });
    expect(duplicate.status).toBe(409);

    const nia = await login(fd, 'new@example.org', 'a long enough password');
    expect(nia.status).toBe(200);
    const niaCookie = (nia.headers.get('set-cookie') ?? '').split(';')[0] as string;

    expect((await s.admin.call(`/api/users/${user.id}`, { method: 'PATCH', body: { role: 'clinician' } })).status).toBe(200);
    expect((await s.admin.call(`/api/users/${user.id}`, { method: 'PATCH', body: { disabled: true } })).status).toBe(200);
    expect((await fetch(`${fd.server.url}/api/session`, { headers: { cookie: niaCookie } })).status).toBe(401);
    expect((await login(fd, 'new@example.org', 'a long enough password')).status).toBe(401);

    const reset = await s.admin.call(`/api/users/${user.id}/password`, { method: 'POST', body: { password: 'another long password' } });
    expect(reset.status).toBe(204);
    expect(await auditActions(fd)).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.disable', 'user.password_reset']));
    const created_ = (await fd.server.store.audit.search({ action: 'user.create', actor: `user:${s.admin.userId}` }))[0];
    expect(created_?.detail).toMatchObject({ email: 'new@example.org', role: 'agent' });
  });

  test('when the last admin would lose the role, then it is refused', async () => {
    const s = await setup();
    fd = s.fd;
    const self = await s.admin.call(`/api/users/${s.admin.userId}`, { method: 'PATCH', body: { role: 'agent' } });
    expect(self.status).toBe(409);
    expect((await fd.server.store.staffUsers.get(s.admin.userId))?.role).toBe('admin');
  });
});

describe('Audit log', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when an admin searches and exports the audit log, then results are filtered, names resolved, and the export is itself audited', async () => {
    const s = await setup();
    fd = s.fd;
    await login(fd, 'agent@example.org', 'wrong password here');
    const failed = await s.admin.json<{ items: Array<{ action: string; actorName: string; ip: string }> }>(
      '/api/audit?action=auth.login_failed',
    );
    expect(failed.items).toHaveLength(1);
    expect(failed.items[0]?.ip).toMatch(/127\.0\.0\.1/);
    const byAgent = await s.admin.json<{ items: Array<{ action: string; actorName: string }> }>('/api/audit?actor=agent@example.org');
    expect(byAgent.items.length).toBeGreaterThan(0);
    expect(byAgent.items.every((i) => i.actorName === 'Frank Front')).toBe(true);
    const prefix = await s.admin.json<{ items: Array<{ action: string }> }>('/api/audit?action=auth.');
    expect(prefix.items.every((i) => i.action.startsWith('auth.'))).toBe(true);
    // A failed sign-in is not an act of the account's owner: anonymous, with the account as target.
    expect((await fd.server.store.audit.search({ action: 'auth.login_failed' }))[0]).toMatchObject({
      actor: 'anonymous',
      targetType: 'user',
      targetId: String(s.agent.userId),
    });
    // Bare dates are the practice's calendar days.
    const today = localParts(Date.now(), 'America/New_York').date;
    expect((await s.admin.json<{ items: unknown[] }>(`/api/audit?from=${today}`)).items.length).toBeGreaterThan(0);
    expect((await s.admin.json<{ items: unknown[] }>(`/api/audit?to=${today}`)).items).toEqual([]);

    const csv = await s.admin.call('/api/audit/export?action=auth.login');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await csv.text();
    expect(text.split('\r\n')[0]).toBe('id,at,actor,actor_name,action,target_type,target_id,ip,detail');
    expect(text).toContain('"auth.login"');
    expect(await auditActions(fd)).toContain('audit.export');
  });

  test('when anyone tries to change the audit log or a note in the database, then SQLite refuses', async () => {
    const s = await setup();
    fd = s.fd;
    expect(() => fd.server.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => fd.server.store.db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    const conversation = await fd.server.store.conversations.upsertInbound({
      channel: 'webchat',
      platformUserId: 'p',
      platformConversationId: 'c',
      reference: {},
      surface: 'private',
      at: 1,
    });
    const { escalation } = await fd.server.store.escalations.openOrRaise({
      conversationId: conversation.id,
      sourceKey: 'k',
      route: 'human',
      intent: 'human_request',
      at: 1,
    });
    await fd.server.store.notes.add({ escalationId: escalation.id, conversationId: conversation.id, actor: 'user:1', text: 'note', at: 1 });
    expect(() => fd.server.store.db.prepare('DELETE FROM escalation_notes').run()).toThrow(/append-only/);
    expect(() => fd.server.store.db.prepare("UPDATE escalation_notes SET text = 'x'").run()).toThrow(/append-only/);
  });
});

describe('Canned responses', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when an admin adds, edits and deletes a canned response, then staff see the current list', async () => {
    const s = await setup();
    fd = s.fd;
    const created = await s.admin.json<{ item: { id: number } }>('/api/canned-responses', {
      method: 'POST',
      body: { title: 'Portal', text: 'Please use the portal.' },
    });
    expect(
      (
        await s.admin.call(`/api/canned-responses/${created.item.id}`, {
          method: 'PUT',
          body: { title: 'Portal', text: 'Please use the patient portal.' },
        })
      ).status,
    ).toBe(200);
    let list = await s.agent.json<{ items: Array<{ id: number; text: string }> }>('/api/canned-responses');
    expect(list.items.find((c) => c.id === created.item.id)?.text).toBe('Please use the patient portal.');
    expect((await s.admin.call(`/api/canned-responses/${created.item.id}`, { method: 'DELETE' })).status).toBe(204);
    list = await s.agent.json('/api/canned-responses');
    expect(list.items.some((c) => c.id === created.item.id)).toBe(false);
    expect(await auditActions(fd)).toEqual(
      expect.arrayContaining(['settings.canned_create', 'settings.canned_update', 'settings.canned_delete']),
    );
  });
});
