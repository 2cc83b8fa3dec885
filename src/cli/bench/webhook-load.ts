import autocannon from 'autocannon';
import { createHmac } from 'node:crypto';
import { APP_SECRET } from './processes';

const QUESTIONS = ['what time do you open on saturday', 'do you take aetna insurance', 'where are you located', 'how do I get my records'];

let serial = 0;
/** One new patient's first message, signed as Meta signs it. */
export function webhookBody(
  text: string,
  psid = `5${Date.now() % 1e6}${String((serial += 1)).padStart(7, '0')}`,
): { body: string; headers: Record<string, string>; psid: string } {
  const now = Date.now();
  const body = JSON.stringify({
    object: 'page',
    entry: [
      {
        id: '100000000000001',
        time: now,
        messaging: [{ sender: { id: psid }, recipient: { id: '100000000000001' }, timestamp: now, message: { mid: `m_${psid}`, text } }],
      },
    ],
  });
  const signature = `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`;
  return { body, psid, headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature } };
}

export interface Load {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  requestsSent: number;
}

export interface LoadOptions {
  seconds: number;
  rate?: number;
  connections: number;
  amount?: number;
}

/** Runs autocannon; every request is a new patient whose send time is recorded in `sentAt`. */
export function load(url: string, opts: LoadOptions, sentAt?: Map<string, number>): Promise<Load> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/webhooks/messenger`,
        method: 'POST',
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.seconds }),
        ...(opts.rate ? { overallRate: opts.rate } : {}),
        requests: [
          {
            setupRequest: (req) => {
              const w = webhookBody(QUESTIONS[serial % QUESTIONS.length] as string);
              sentAt?.set(w.psid, Date.now());
              return { ...req, method: 'POST', body: w.body, headers: w.headers };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ ...result, requestsSent: result.requests.total } as unknown as Load)),
    );
    instance.on('error', reject);
  });
}
