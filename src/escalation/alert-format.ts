import { createHmac } from 'node:crypto';

export const ALERT_SIGNATURE_HEADER = 'x-frontdesk-signature';

/** `sha256=<hex HMAC-SHA256(secret, body)>`, the same scheme Meta uses, so receivers know it. */
export function signAlert(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

import type { AlertFormat } from '../platform/config';

export type { AlertFormat };

/** One POST to the alert webhook: its body and headers. */
export interface AlertRequest {
  body: string;
  headers: Record<string, string>;
}

/** The fields of an alert shown to people in a chat message, in order, as label and value. */
interface AlertSummary {
  title: string;
  facts: Array<[string, string]>;
  /** The patient's words: present only when the practice set ALERT_INCLUDE_TEXT. */
  patientText: string | undefined;
}

const LANGUAGE_NAMES: Record<string, string> = { en: 'English', es: 'Spanish' };

/** Reads the alert payload (the frontdesk JSON) into what a person needs to act on it. */
function summarize(payload: Record<string, unknown>): AlertSummary {
  const str = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  const num = (key: string) => (typeof payload[key] === 'number' ? String(payload[key]) : undefined);
  const facts: Array<[string, string | undefined]> = [];
  let title: string;
  switch (payload.type) {
    case 'escalation.emergency':
      title = payload.crisisLine === true ? 'Emergency (crisis line) in the Frontdesk queue' : 'Emergency in the Frontdesk queue';
      facts.push(
        ['Thread', num('escalationId') && `#${num('escalationId')}`],
        ['Channel', str('channel')],
        ['Red flag', str('redFlag')],
        ['Language', LANGUAGE_NAMES[str('language') ?? ''] ?? str('language')],
        ['Raised', str('sentAt')],
      );
      break;
    case 'delivery.failing':
      title = `Replies on ${str('channel') ?? 'a channel'} are not being delivered`;
      facts.push(['Failing since', str('failingSince')], ['Waiting messages', num('waitingMessages')], ['Last error', str('lastError')]);
      break;
    case 'database.unwritable':
      title = 'Frontdesk cannot write to its database';
      facts.push(['Problem', str('message')], ['Since', str('since')]);
      break;
    default:
      title = `Frontdesk alert: ${String(payload.type)}`;
  }
  const shown = facts.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
  return { title, facts: shown, patientText: str('text') };
}

/** Slack treats &, < and > as markup (`<!channel>` notifies everyone), so values are escaped. */
function slackEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack's incoming-webhook body: `text` (the notification and fallback) plus blocks. */
function slackBody(s: AlertSummary): object {
  const lines = s.facts.map(([label, value]) => `*${label}:* ${slackEscape(value)}`);
  if (s.patientText !== undefined) lines.push(`*Patient wrote:* ${slackEscape(s.patientText)}`);
  return {
    text: `${slackEscape(s.title)}. Open the Frontdesk console to act on it.`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: s.title.slice(0, 150) } },
      ...(lines.length > 0 ? [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 3000) } }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Open the Frontdesk console to act on it.' }] },
    ],
  };
}

/** A Teams message (Workflows or incoming webhook) holding one Adaptive Card. */
function teamsBody(s: AlertSummary): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: s.title, weight: 'Bolder', size: 'Large', color: 'Attention', wrap: true },
            { type: 'FactSet', facts: s.facts.map(([title, value]) => ({ title, value })) },
            ...(s.patientText !== undefined ? [{ type: 'TextBlock', text: `Patient wrote: ${s.patientText}`, wrap: true }] : []),
            { type: 'TextBlock', text: 'Open the Frontdesk console to act on it.', isSubtle: true, wrap: true },
          ],
        },
      },
    ],
  };
}

/**
 * The request for one alert in the chosen format. `frontdesk` is the payload itself, signed with
 * the secret; Slack and Teams webhooks take their own bodies and authenticate by their secret URL,
 * so they carry no signature. Patient words appear only when the payload holds them
 * (ALERT_INCLUDE_TEXT).
 */
export function alertRequest(payload: Record<string, unknown>, format: AlertFormat, secret: string | undefined): AlertRequest {
  if (format === 'frontdesk') {
    const body = JSON.stringify(payload);
    return {
      body,
      headers: { 'content-type': 'application/json', ...(secret ? { [ALERT_SIGNATURE_HEADER]: signAlert(body, secret) } : {}) },
    };
  }
  const summary = summarize(payload);
  const body = JSON.stringify(format === 'slack' ? slackBody(summary) : teamsBody(summary));
  return { body, headers: { 'content-type': 'application/json' } };
}
