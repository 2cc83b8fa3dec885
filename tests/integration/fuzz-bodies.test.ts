import { gzipSync } from 'node:zlib';
import { signMessenger } from '../helpers/sign';
import { APP_SECRET, messengerText, startFrontdesk, STAFF_TOKEN, type Frontdesk } from '../helpers/start-frontdesk';

/**
 * Odd bodies over every surface that accepts one from outside: the Messenger webhook (signed, so
 * the body reaches the parser), the public chat API and the staff API. Whatever arrives, the answer
 * is a 2xx or a precise 4xx, never a 5xx, and the server keeps running.
 */
type Target = 'webhook' | 'chat' | 'session' | 'notes' | 'reply';
interface Case {
  name: string;
  target: Target;
  body: Buffer;
  headers?: Record<string, string>;
  /** The statuses this case may get, when they are precise. */
  expect?: number[];
}

const SESSION_ID = 'f'.repeat(32);
let serial = 0;

/** JSON templates per target with `__V__` where a fuzzed JSON value goes. */
const TEMPLATES: Record<Target, Array<(n: number) => string>> = {
  webhook: [
    (n) =>
      `{"object":"page","entry":[{"id":"100000000000001","time":1764400000000,"messaging":[{"sender":{"id":"7600000000000001"},"recipient":{"id":"100000000000001"},"timestamp":1764400000000,"message":{"mid":"m_fuzz_${n}","text":__V__}}]}]}`,
    (n) =>
      `{"object":"page","entry":[{"id":"100000000000001","time":__V__,"messaging":[{"sender":{"id":__V__},"recipient":{"id":"100000000000001"},"timestamp":__V__,"message":{"mid":"m_fuzz_${n}","text":"hello"}}]}]}`,
  ],
  chat: [
    (n) => `{"sessionId":"${SESSION_ID}","clientMessageId":"fz${n}","text":__V__}`,
    () => `{"sessionId":__V__,"clientMessageId":__V__,"text":"hi","payload":__V__}`,
  ],
  session: [() => `{"email":__V__,"password":__V__}`],
  notes: [() => `{"text":__V__}`, () => `{"text":"Called the patient back.","clinical":__V__}`],
  reply: [() => `{"text":__V__}`],
};

/** JSON values: types, unicode and control characters, huge numbers, injection-looking text. */
const VALUES: Array<[string, string]> = [
  ['empty string', '""'],
  ['whitespace', '"   \\t\\n  "'],
  ['NUL and control characters', '"a\\u0000b\\u0007c\\u001b[31md\\u007f"'],
  ['lone high surrogate', '"\\ud800"'],
  ['lone low surrogate', '"x\\udfffy"'],
  ['right-to-left override', '"\\u202egnp.exe"'],
  ['zero-width and combining marks', '"e\\u0301\\u200b\\u200d\\ufeff"'],
  ['emoji sequence', '"👩‍⚕️💊🫀"'],
  ['very long text', `"${'long '.repeat(3000)}"`],
  ['HTML', '"<img src=x onerror=alert(1)>"'],
  ['SQL-looking text', `"'; DROP TABLE messages; --"`],
  ['huge integer', '123456789012345678901234567890'],
  ['overflowing float', '1e309'],
  ['negative zero', '-0'],
  ['tiny float', '5e-324'],
  ['null', 'null'],
  ['true', 'true'],
  ['empty array', '[]'],
  ['object', '{"$gt":""}'],
  ['array of strings', '["a","b"]'],
  ['prototype key', '{"__proto__":{"polluted":true}}'],
];

/** Whole bodies and headers: encodings, nesting, sizes, malformed JSON, wrong types. */
function rawCases(
  valid: Buffer,
  target: Target,
): Array<{ name: string; body: Buffer; headers?: Record<string, string>; expect?: number[] }> {
  const deepArrays = (n: number) => Buffer.from('['.repeat(n) + ']'.repeat(n));
  const deepObjects = (n: number) => Buffer.from('{"a":'.repeat(n) + '1' + '}'.repeat(n));
  return [
    { name: 'gzip declared, body not compressed', body: valid, headers: { 'content-encoding': 'gzip' }, expect: [415] },
    { name: 'gzip declared and compressed', body: gzipSync(valid), headers: { 'content-encoding': 'gzip' }, expect: [415] },
    { name: 'deflate declared', body: valid, headers: { 'content-encoding': 'deflate' }, expect: [415] },
    { name: 'br declared', body: valid, headers: { 'content-encoding': 'br' }, expect: [415] },
    { name: 'unknown encoding', body: valid, headers: { 'content-encoding': 'x-frontdesk' }, expect: [415] },
    { name: 'two encodings', body: valid, headers: { 'content-encoding': 'gzip, identity' }, expect: [415] },
    // The webhook reads its signed bytes as UTF-8 whatever the header says; the JSON APIs refuse the charset.
    {
      name: 'unknown charset',
      body: valid,
      headers: { 'content-type': 'application/json; charset=x-klingon' },
      ...(target === 'webhook' ? {} : { expect: [415] }),
    },
    { name: 'utf-16 charset', body: valid, headers: { 'content-type': 'application/json; charset=utf-16' } },
    { name: 'text/plain', body: valid, headers: { 'content-type': 'text/plain' }, expect: [415] },
    { name: 'nesting 65 arrays', body: deepArrays(65), expect: [400] },
    { name: 'nesting 100,000 arrays', body: deepArrays(100_000), expect: [400, 413] },
    { name: 'nesting 100,000 objects', body: deepObjects(100_000), expect: [400, 413] },
    { name: 'nesting 5,000 objects within the size limit', body: deepObjects(5_000).subarray(0), expect: [400, 413] },
    { name: 'truncated JSON', body: valid.subarray(0, Math.floor(valid.length / 2)), expect: [400] },
    { name: 'empty body', body: Buffer.alloc(0), expect: [400] },
    { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    { name: 'byte order mark', body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid]) },
    { name: 'two megabytes', body: Buffer.from(`{"text":"${'x'.repeat(2 * 1024 * 1024)}"}`), expect: [413] },
    { name: 'JSON null', body: Buffer.from('null') },
    { name: 'JSON number', body: Buffer.from('42') },
    { name: 'JSON string', body: Buffer.from('"hello"') },
    { name: 'JSON array', body: Buffer.from('[1,2,3]') },
    { name: 'single quotes', body: Buffer.from("{'text':'hi'}"), expect: [400] },
    { name: 'trailing comma', body: Buffer.from('{"text":"hi",}'), expect: [400] },
  ];
}

function buildCases(): Case[] {
  const cases: Case[] = [];
  for (const target of Object.keys(TEMPLATES) as Target[]) {
    for (const [t, template] of TEMPLATES[target].entries()) {
      for (const [name, value] of VALUES) {
        serial += 1;
        cases.push({ name: `${name} (template ${t + 1})`, target, body: Buffer.from(template(serial).replace(/__V__/g, value)) });
      }
    }
  }
  for (const target of ['webhook', 'chat', 'session', 'notes'] as const) {
    serial += 1;
    const valid = Buffer.from((TEMPLATES[target][0] as (n: number) => string)(serial).replace(/__V__/g, '"hello there"'));
    for (const raw of rawCases(valid, target)) cases.push({ ...raw, target });
  }
  return cases;
}

const CASES = buildCases();
const PATHS: Record<Target, string> = {
  webhook: '/webhooks/messenger',
  chat: '/chat/api/messages',
  session: '/api/session',
  notes: '/api/escalations/1/notes',
  reply: '/api/escalations/1/reply',
};

async function send(fd: Frontdesk, c: Case): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...c.headers };
  if (c.target === 'webhook') headers['x-hub-signature-256'] = signMessenger(c.body, APP_SECRET);
  if (c.target === 'notes' || c.target === 'reply') headers.authorization = `Bearer ${STAFF_TOKEN}`;
  return fetch(`${fd.server.url}${PATHS[c.target]}`, { method: 'POST', headers, body: c.body });
}

describe('Fuzzing every body the server accepts', () => {
  let fd: Frontdesk;
  beforeAll(async () => {
    fd = await startFrontdesk();
    // A general thread for the staff API cases to write to.
    await fd.postMessenger(messengerText({ psid: '7600000000000009', mid: 'm_fuzz_setup', text: 'can i talk to a real person' }));
    await fd.server.idle();
  }, 60_000);
  afterAll(async () => {
    await fd.close();
  });

  test('there are at least 150 cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
  });

  test.each(CASES.map((c, i) => [`${c.target}: ${c.name}`, i] as const))(
    'when %s is posted, then the answer is not a 5xx',
    async (_label, i) => {
      const c = CASES[i] as Case;
      const res = await send(fd, c);
      const text = await res.text();
      expect(res.status).toBeLessThan(500);
      if (c.expect !== undefined) expect(c.expect).toContain(res.status);
      // Errors are the house JSON shape, without a stack trace.
      if (res.status >= 400) {
        expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
        expect(text).not.toMatch(/\n\s+at |RangeError|SyntaxError/);
      }
    },
  );

  test('when the fuzzing is over, then the server still answers, processed what it stored, and logged no unhandled error', async () => {
    await fd.server.idle();
    expect((await fetch(`${fd.server.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${fd.server.url}/readyz`)).status).toBe(200);
    expect(fd.logs.lines.filter((l) => l.includes('unhandled error'))).toEqual([]);
  });

  test('when a signed batch holds one event nested 100,000 levels deep, then every event is stored and answered (the deep one without its raw copy)', async () => {
    const good = (n: number) => ({
      sender: { id: `760000000000010${n}` },
      recipient: { id: '100000000000001' },
      timestamp: Date.now(),
      message: { mid: `m_fuzz_batch_${n}`, text: 'what time do you open' },
    });
    const deep = `{"sender":{"id":"7600000000000200"},"recipient":{"id":"100000000000001"},"timestamp":${Date.now()},"message":{"mid":"m_fuzz_deep","text":"hi","attachments":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    const body = Buffer.from(
      `{"object":"page","entry":[{"id":"100000000000001","time":${Date.now()},"messaging":[${JSON.stringify(good(1))},${deep},${JSON.stringify(good(2))}]}]}`,
    );
    const res = await fd.postMessenger(body);
    expect(res.status).toBe(200);
    await fd.server.idle();
    const stored = fd.server.store.db
      .prepare(`SELECT event_id FROM inbox WHERE event_id LIKE 'm_fuzz_batch_%' OR event_id = 'm_fuzz_deep' ORDER BY event_id`)
      .all();
    expect(stored).toEqual([{ event_id: 'm_fuzz_batch_1' }, { event_id: 'm_fuzz_batch_2' }, { event_id: 'm_fuzz_deep' }]);
    const answered = new Set(fd.graph.requests.map((r) => r.body.recipient?.id));
    expect([...['7600000000000101', '7600000000000102', '7600000000000200']].map((id) => answered.has(id))).toEqual([true, true, true]);
  });
});
