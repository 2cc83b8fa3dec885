import { createGraphClient, GraphClient } from '../../../src/channels/meta-graph-client';
import { FakeGraph, startFakeGraph } from '../../helpers/fake-graph';

const TOKEN = 'EAAG-fake-page-token-for-tests';
const PSID = '7000000000000001';

let graph: FakeGraph;
afterEach(async () => {
  await graph?.close();
});

async function setup(options: { timeoutMs?: number } = {}): Promise<{ client: GraphClient; graph: FakeGraph }> {
  graph = await startFakeGraph();
  const client = createGraphClient({ baseUrl: graph.baseUrl, version: 'v21.0', pageAccessToken: TOKEN, ...options });
  return { client, graph };
}

function graphError(code: number, subcode?: number, message = 'error from Graph') {
  return { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'AbCdEf123' } };
}

describe('createGraphClient', () => {
  test('when Graph accepts a message, then it returns the message id and posted the Send API shape', async () => {
    const { client, graph } = await setup();
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'We open at 9am.' });

    expect(result).toEqual({ ok: true, messageId: 'm_fake_1' });
    const [req] = graph.requests;
    expect(req?.method).toBe('POST');
    expect(req?.path).toBe('/v21.0/me/messages');
    expect(req?.headers['content-type']).toMatch(/^application\/json/);
    expect(req?.body).toEqual({ recipient: { id: PSID }, messaging_type: 'RESPONSE', message: { text: 'We open at 9am.' } });
  });

  test('when a message is sent, then the token appears only in the Authorization header', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hello' });
    await client.sendAction(PSID, 'typing_on');

    for (const req of graph.requests) {
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(req.path).not.toContain(TOKEN);
      expect(req.path).not.toContain('access_token');
      expect(req.rawBody).not.toContain(TOKEN);
      const otherHeaders = Object.entries(req.headers).filter(([k]) => k !== 'authorization');
      expect(JSON.stringify(otherHeaders)).not.toContain(TOKEN);
    }
  });

  test('when baseUrl has a trailing slash, then the path is still /{version}/me/messages', async () => {
    graph = await startFakeGraph();
    const client = createGraphClient({ baseUrl: `${graph.baseUrl}/`, version: 'v21.0', pageAccessToken: TOKEN });
    await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(graph.requests[0]?.path).toBe('/v21.0/me/messages');
  });

  test('when a human staff reply uses MESSAGE_TAG, then tag HUMAN_AGENT is sent', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({ recipientId: PSID, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', text: 'Nurse here.' });
    expect(graph.requests[0]?.body).toEqual({
      recipient: { id: PSID },
      messaging_type: 'MESSAGE_TAG',
      tag: 'HUMAN_AGENT',
      message: { text: 'Nurse here.' },
    });
  });

  test.each(['RESPONSE', 'UPDATE'] as const)(
    'when messaging type is %s, then no tag is sent even if one is forced in',
    async (messagingType) => {
      const { client, graph } = await setup();
      const input = { recipientId: PSID, messagingType, text: 'bot reply', tag: 'HUMAN_AGENT' } as unknown as Parameters<
        GraphClient['sendMessage']
      >[0];
      await client.sendMessage(input);
      expect(graph.requests[0]?.body).not.toHaveProperty('tag');
      expect(graph.requests[0]?.body.messaging_type).toBe(messagingType);
    },
  );

  test('when quick replies are given, then they are sent as text quick replies', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({
      recipientId: PSID,
      messagingType: 'RESPONSE',
      text: 'Pick one:',
      quickReplies: [
        { title: 'Hours', payload: 'FAQ_HOURS' },
        { title: 'A person', payload: 'HUMAN' },
      ],
    });
    expect(graph.requests[0]?.body.message).toEqual({
      text: 'Pick one:',
      quick_replies: [
        { content_type: 'text', title: 'Hours', payload: 'FAQ_HOURS' },
        { content_type: 'text', title: 'A person', payload: 'HUMAN' },
      ],
    });
  });

  test('when there are more than 13 quick replies with long titles, then 13 are sent with titles of at most 20 characters', async () => {
    const { client, graph } = await setup();
    const quickReplies = Array.from({ length: 16 }, (_, i) => ({ title: `Option number ${i} with a long title`, payload: `P${i}` }));
    await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'Pick one:', quickReplies });

    const sent = graph.requests[0]?.body.message?.quick_replies ?? [];
    expect(sent).toHaveLength(13);
    expect(sent.map((q) => q.payload)).toEqual(quickReplies.slice(0, 13).map((q) => q.payload));
    for (const q of sent) expect([...(q.title ?? '')].length).toBeLessThanOrEqual(20);
    expect(sent[0]?.title).toBe('Option number 0 wit…');
  });

  test('when a quick reply has an empty title, then that button is dropped', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({
      recipientId: PSID,
      messagingType: 'RESPONSE',
      text: 'Pick:',
      quickReplies: [
        { title: '  ', payload: 'X' },
        { title: 'OK', payload: 'OK' },
      ],
    });
    expect(graph.requests[0]?.body.message?.quick_replies).toEqual([{ content_type: 'text', title: 'OK', payload: 'OK' }]);
  });

  test('when the quick reply list is empty, then no quick_replies key is sent', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi', quickReplies: [] });
    expect(graph.requests[0]?.body.message).toEqual({ text: 'hi' });
  });

  test('when text is longer than 2000 characters, then one request carries it truncated to 2000 and the result says so', async () => {
    const { client, graph } = await setup();
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'word '.repeat(1000) });
    expect(result).toEqual({ ok: true, messageId: 'm_fake_1', truncated: true });
    expect(graph.requests).toHaveLength(1);
    const text = graph.requests[0]?.body.message?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text.endsWith('…')).toBe(true);
  });

  test('when truncation would cut an emoji in half, then the surrogate pair is kept whole or dropped', async () => {
    const { client, graph } = await setup();
    await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'a'.repeat(1998) + '😀😀' });
    const text = graph.requests[0]?.body.message?.text ?? '';
    expect(text.length).toBeLessThanOrEqual(2000);
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test('when text is exactly 2000 characters, then it is sent unchanged', async () => {
    const { client, graph } = await setup();
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'x'.repeat(2000) });
    expect(result).toEqual({ ok: true, messageId: 'm_fake_1' });
    expect(graph.requests[0]?.body.message?.text).toHaveLength(2000);
  });

  test('when a sender action is sent, then the body has only recipient and sender_action', async () => {
    const { client, graph } = await setup();
    const result = await client.sendAction(PSID, 'mark_seen');
    expect(result).toEqual({ ok: true });
    expect(graph.requests[0]?.path).toBe('/v21.0/me/messages');
    expect(graph.requests[0]?.body).toEqual({ recipient: { id: PSID }, sender_action: 'mark_seen' });
  });

  test('when Graph answers 500, then the failure is retryable', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 500, body: { error: { message: 'internal', code: 1 } } }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false, httpStatus: 500 });
  });

  test('when Graph answers 502 with a non-JSON body, then the failure is retryable', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 502, body: '<html>Bad gateway</html>' }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false, httpStatus: 502 });
  });

  test.each([
    [613, undefined],
    [4, undefined],
    [2, undefined],
    [1200, undefined],
  ])('when Graph answers error %i, then the failure is retryable', async (code, subcode) => {
    const { client, graph } = await setup();
    graph.script([{ status: 400, body: graphError(code, subcode) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false, code, httpStatus: 400 });
  });

  test.each([
    [10, 2018278],
    [551, 1545041],
  ])('when Graph answers error %i, then the failure is permanent', async (code, subcode) => {
    const { client, graph } = await setup();
    graph.script([{ status: 400, body: graphError(code, subcode) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: false, permanent: true, code, subcode, traceId: 'AbCdEf123' });
  });

  test('when error 551 comes back with a 5xx status, then it is still permanent', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 500, body: graphError(551) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, permanent: true, retryable: false });
  });

  test.each([
    [400, 100],
    [401, 190],
    [403, 200],
  ])('when Graph answers %i with error %i, then the failure is permanent', async (status, code) => {
    const { client, graph } = await setup();
    graph.script([{ status, body: graphError(code) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: false, permanent: true, code });
  });

  test('when the token is rejected, then the reason tells the operator which variable to check', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 401, body: graphError(190) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(!result.ok && result.reason).toContain('MESSENGER_PAGE_ACCESS_TOKEN');
  });

  test("when Graph's error message quotes the patient text, then the reason does not", async () => {
    const { client, graph } = await setup();
    const secretText = 'my HIV test result came back';
    graph.script([{ status: 400, body: graphError(100, undefined, `(#100) Param message[text] "${secretText}" is invalid`) }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: secretText });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('HIV');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  test('when a sender action fails with a rate limit, then the failure is retryable', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 400, body: graphError(613) }]);
    expect(await client.sendAction(PSID, 'typing_on')).toMatchObject({ ok: false, retryable: true, code: 613 });
  });

  test('when Graph does not answer in time, then the failure is retryable and names the timeout', async () => {
    const { client, graph } = await setup({ timeoutMs: 100 });
    graph.script([{ status: 200, body: { message_id: 'late' }, delayMs: 1000 }]);
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false });
    expect(!result.ok && result.reason).toContain('100 ms');
  });

  test('when the Graph host is unreachable, then the failure is retryable', async () => {
    const { graph: g } = await setup();
    const deadUrl = g.baseUrl;
    await g.close();
    graph = await startFakeGraph(); // keep afterEach happy
    const client = createGraphClient({ baseUrl: deadUrl, version: 'v21.0', pageAccessToken: TOKEN, timeoutMs: 2000 });
    const result = await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    expect(result).toMatchObject({ ok: false, retryable: true, permanent: false });
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  test('when a fetch implementation is injected, then it is used', async () => {
    const calls: string[] = [];
    const fetchImpl: typeof fetch = async (input) => {
      calls.push(String(input));
      return new Response(JSON.stringify({ recipient_id: PSID, message_id: 'm_injected' }), { status: 200 });
    };
    graph = await startFakeGraph();
    const client = createGraphClient({ baseUrl: 'https://graph.example.invalid', version: 'v21.0', pageAccessToken: TOKEN, fetchImpl });
    expect(await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' })).toEqual({
      ok: true,
      messageId: 'm_injected',
    });
    expect(calls).toEqual(['https://graph.example.invalid/v21.0/me/messages']);
  });

  test.each([
    ['empty text', { recipientId: PSID, messagingType: 'RESPONSE', text: '   ' }],
    ['empty recipient', { recipientId: '', messagingType: 'RESPONSE', text: 'hi' }],
    ['MESSAGE_TAG without a tag', { recipientId: PSID, messagingType: 'MESSAGE_TAG', text: 'hi' }],
  ])('when the input has %s, then nothing is sent and the failure is permanent', async (_name, input) => {
    const { client, graph } = await setup();
    const result = await client.sendMessage(input as unknown as Parameters<GraphClient['sendMessage']>[0]);
    expect(result).toMatchObject({ ok: false, permanent: true, retryable: false });
    expect(graph.requests).toHaveLength(0);
  });

  test('when Graph returns 200 without a message id, then it still counts as sent (no double send on retry)', async () => {
    const { client, graph } = await setup();
    graph.script([{ status: 200, body: 'not json' }]);
    expect(await client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' })).toEqual({ ok: true, messageId: '' });
  });

  test('when several requests are expected, then waitForRequests resolves once they arrive', async () => {
    const { client, graph } = await setup();
    const waiting = graph.waitForRequests(2);
    void client.sendAction(PSID, 'typing_on');
    void client.sendMessage({ recipientId: PSID, messagingType: 'RESPONSE', text: 'hi' });
    const reqs = await waiting;
    expect(reqs).toHaveLength(2);
    await expect(graph.waitForRequests(3, 50)).rejects.toThrow(/expected 3 request/);
  });
});
