import { startXFrontdesk, xDm, xMention, type XFrontdesk } from '../helpers/x-frontdesk';

interface Item {
  id: number;
  route: string;
  channel: string;
  channelName: string;
}

async function escalations(fd: XFrontdesk): Promise<Item[]> {
  return ((await (await fd.staff('/api/escalations')).json()) as { items: Item[] }).items;
}

function reply(fd: XFrontdesk, id: number, text: string): Promise<Response> {
  return fd.staff(`/api/escalations/${id}/reply`, { method: 'POST', body: { text } });
}

describe('Staff replies on X', () => {
  let fd: XFrontdesk;
  beforeEach(async () => {
    fd = await startXFrontdesk();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a patient asks a clinical question by DM, then staff see it as an X thread and their reply reaches the patient by DM', async () => {
    const patient = '1600000000000000050';
    await fd.postX(
      xDm({
        accountId: fd.x.accountId,
        senderId: patient,
        id: fd.x.nextId(),
        text: 'is it safe to take ibuprofen with my blood pressure pills',
      }),
    );
    await fd.server.idle();
    const [item] = await escalations(fd);
    expect(item).toMatchObject({ channel: 'x', channelName: 'X', route: 'clinical' });

    const thread = (await (await fd.staff(`/api/escalations/${item?.id}`)).json()) as {
      channelName: string;
      canReply: { allowed: boolean };
    };
    expect(thread).toMatchObject({ channelName: 'X', canReply: { allowed: true } });
    const res = await reply(fd, item?.id as number, 'Hi, this is Nurse Example. Please call us so we can go over your medicines.');
    expect(res.status).toBe(202);
    await fd.server.idle();
    expect(fd.sentTo(patient).at(-1)).toBe('Hi, this is Nurse Example. Please call us so we can go over your medicines.');
    expect(fd.x.sentPosts).toEqual([]);
  });

  test('when a patient writes from an X handle, then staff see the handle as the patient name on the queue row', async () => {
    await fd.postX(
      xMention({
        accountId: fd.x.accountId,
        authorId: '1600000000000000077',
        id: fd.x.nextId(),
        text: 'my chest hurts and my left arm is numb',
      }),
    );
    await fd.server.idle();
    const items = ((await (await fd.staff('/api/escalations')).json()) as { items: Array<{ route: string; patientName: string }> }).items;
    expect(items).toEqual([expect.objectContaining({ route: 'emergency', patientName: expect.stringContaining('testpatient') })]);
  });

  test('when a staff reply is longer than an X DM allows, then it is refused with the channel limit', async () => {
    const patient = '1600000000000000051';
    await fd.postX(xDm({ accountId: fd.x.accountId, senderId: patient, id: fd.x.nextId(), text: 'can i talk to a real person please' }));
    await fd.server.idle();
    const [item] = await escalations(fd);
    const res = await reply(fd, item?.id as number, 'x'.repeat(10_001));
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('10000');
  });

  test('when staff answer an emergency raised by a public mention, then the answer goes privately by DM, never as a public post', async () => {
    const author = '1600000000000000052';
    await fd.postX(
      xMention({ accountId: fd.x.accountId, authorId: author, id: fd.x.nextId(), text: 'my chest hurts so bad and my left arm is numb' }),
    );
    await fd.server.idle();
    expect(fd.x.sentPosts).toHaveLength(1);
    const [item] = await escalations(fd);
    expect(item?.route).toBe('emergency');

    const res = await reply(fd, item?.id as number, 'This is Dr. Example from the practice: please call 911 now if you have not already.');
    expect(res.status).toBe(202);
    await fd.server.idle();
    expect(fd.x.sentPosts).toHaveLength(1);
    expect(fd.sentTo(author)).toEqual(['This is Dr. Example from the practice: please call 911 now if you have not already.']);
  });

  test('when X refuses a staff DM, then staff see the permanent failure in the thread', async () => {
    const patient = '1600000000000000053';
    await fd.postX(xDm({ accountId: fd.x.accountId, senderId: patient, id: fd.x.nextId(), text: 'can i talk to a real person please' }));
    await fd.server.idle();
    const [item] = await escalations(fd);
    fd.x.fail('send_dm', {
      status: 403,
      body: { title: 'Forbidden', status: 403, detail: 'You are not permitted to send messages to this user' },
    });
    expect((await reply(fd, item?.id as number, 'Hello, this is the front desk.')).status).toBe(202);
    await fd.server.idle();
    const thread = (await (await fd.staff(`/api/escalations/${item?.id}`)).json()) as {
      messages: Array<{ author: string; status: string; deliveryError?: string | null }>;
    };
    const staffMessage = thread.messages.find((m) => m.author === 'staff');
    expect(staffMessage?.status).toBe('undeliverable');
    expect(JSON.stringify(staffMessage)).toMatch(/cannot send messages to this user/);
  });
});
