import type { Store } from '../../src/create-store';
import { messengerText, type Frontdesk } from './start-frontdesk';

export interface BotMessage {
  text: string;
  choices: Array<{ title: string; payload: string }>;
}

/** A patient on one channel: says something, gets back what the bot (or staff) sent since. */
export interface Patient {
  channel: 'messenger' | 'webchat';
  say(text: string, payload?: string): Promise<BotMessage[]>;
  /** Taps a quick reply offered in the last answer, by title. */
  tap(title: string): Promise<BotMessage[]>;
  /** Everything sent to this patient so far. */
  received(): Promise<BotMessage[]>;
}

let counter = 0;

/** `app` returns the running Frontdesk, so a test can restart it under the same patient. */
export function messengerPatient(app: () => Frontdesk<Store>, clock: () => number = Date.now): Patient {
  counter += 1;
  const psid = `74${String(Date.now() % 1e9).padStart(9, '0')}${String(counter).padStart(3, '0')}`;
  let n = 0;
  let last: BotMessage[] = [];
  const sentToMe = (): BotMessage[] =>
    app()
      .graph.requests.filter((r) => r.body.recipient?.id === psid && r.body.message)
      .map((r) => ({
        text: r.body.message?.text ?? '',
        choices: (r.body.message?.quick_replies ?? []).map((q) => ({ title: q.title ?? '', payload: q.payload ?? '' })),
      }));
  const patient: Patient = {
    channel: 'messenger',
    async say(text, payload) {
      n += 1;
      const before = sentToMe().length;
      const at = clock();
      const message: Record<string, unknown> = { mid: `m_${psid}_${n}`, text };
      if (payload) message.quick_reply = { payload };
      const fd = app();
      const res = await fd.postMessenger({
        object: 'page',
        entry: [
          {
            id: '100000000000001',
            time: at,
            messaging: [{ sender: { id: psid }, recipient: { id: '100000000000001' }, timestamp: at, message }],
          },
        ],
      });
      if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
      await fd.server.idle();
      last = sentToMe().slice(before);
      return last;
    },
    async tap(title) {
      const choice = last.flatMap((m) => m.choices).find((c) => c.title === title);
      if (!choice) throw new Error(`no quick reply "${title}" in the last answer`);
      return patient.say(choice.title, choice.payload);
    },
    async received() {
      return sentToMe();
    },
  };
  return patient;
}

export async function chatPatient(app: () => Frontdesk<Store>): Promise<Patient> {
  const { sessionId } = (await (await fetch(`${app().server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
  let n = 0;
  let last: BotMessage[] = [];
  const transcript = async () =>
    (
      (await (await fetch(`${app().server.url}/chat/api/messages?sessionId=${sessionId}&after=0`)).json()) as {
        messages: Array<{ author: string; text: string; quickReplies: Array<{ title: string; payload: string }> }>;
      }
    ).messages
      .filter((m) => m.author !== 'patient')
      .map((m) => ({ text: m.text, choices: m.quickReplies }));
  const patient: Patient = {
    channel: 'webchat',
    async say(text, payload) {
      n += 1;
      const before = (await transcript()).length;
      const fd = app();
      const res = await fetch(`${fd.server.url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, clientMessageId: `c${n}`, text, ...(payload ? { payload } : {}) }),
      });
      if (res.status !== 202) throw new Error(`chat API answered ${res.status}`);
      await fd.server.idle();
      last = (await transcript()).slice(before);
      return last;
    },
    async tap(title) {
      const choice = last.flatMap((m) => m.choices).find((c) => c.title === title);
      if (!choice) throw new Error(`no quick reply "${title}" in the last answer`);
      return patient.say(choice.title, choice.payload);
    },
    received: transcript,
  };
  return patient;
}

export const texts = (messages: BotMessage[]): string => messages.map((m) => m.text).join('\n');

let written = 0;

/** A patient writes on Messenger and the bot has answered; gives the open escalation the message made. */
export async function patientWrites(fd: Frontdesk<Store>, psid: string, text: string): Promise<number> {
  written += 1;
  const res = await fd.postMessenger(messengerText({ psid, mid: `m_${psid}_${written}`, text }));
  if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
  await fd.server.idle();
  const conversation = await fd.server.store.conversations.findByPlatform('messenger', psid);
  const escalation = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
  if (!escalation) throw new Error('no escalation');
  return escalation.id;
}
