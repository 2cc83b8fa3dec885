/**
 * The local patient chat page (`/chat`): write as a patient, see the bot's and staff's replies.
 * Served from strings so the built server needs no asset copying; the script and styles are
 * separate URLs so the Content-Security-Policy can forbid inline code.
 */

import { CHAT_TEXTS, type ChatLanguage } from './chat-texts';

export { CHAT_TEXTS, type ChatLanguage } from './chat-texts';
export { CHAT_CSS } from './chat-style';
export { CHAT_JS } from './chat-script';

/** What the page says about the practice (from the practice profile). */
export interface ChatPageInfo {
  practiceName: string;
  privacyUrl: string | undefined;
  emergency: string;
  /** The suicide and crisis line (988): called or texted. */
  crisis: string;
  maxTextLength: number;
  /** SMTP is set up: the page offers "Get an email when we reply". */
  replyMail: boolean;
}

/** The page's language for a browser: `?lang=` when given, else the first of Accept-Language it speaks. */
export function chatLanguage(query: unknown, accepts: (languages: string[]) => string | false): ChatLanguage {
  if (query === 'es' || query === 'en') return query;
  return accepts(['en', 'es']) === 'es' ? 'es' : 'en';
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page itself, in `language`: the practice's name, the emergency number and the privacy notice are part of it. */
export function chatHtml(info: ChatPageInfo, language: ChatLanguage = 'en'): string {
  const t = CHAT_TEXTS[language];
  const values = { name: escapeHtml(info.practiceName), emergency: escapeHtml(info.emergency) };
  const privacy = info.privacyUrl ? ` <a href="${escapeHtml(info.privacyUrl)}" rel="noopener" target="_blank">${t.privacy}</a>` : '';
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${fill(t.title ?? '', values)}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/chat/chat.css">
</head>
<body data-emergency="${values.emergency}" data-crisis="${escapeHtml(info.crisis)}" data-name="${values.name}" data-max-length="${info.maxTextLength}" data-lang="${language}" data-reply-mail="${info.replyMail ? 'on' : 'off'}">
<main class="chat">
  <header>
    <h1>${fill(t.heading ?? '', values)}</h1>
    <p class="note"><span id="note">${fill(t.note ?? '', values)}</span>${privacy}</p>
  </header>
  <ol id="log" class="log" role="log" aria-live="polite" aria-label="${t.log}" tabindex="0"></ol>
  <div id="quick" class="quick" aria-label="${t.quick}"></div>
  <p id="status" class="status" role="alert" hidden></p>
  <form id="mail" class="mail" autocomplete="on" novalidate hidden>
    <label for="mail-address" id="mail-label">${t.mailLabel}</label>
    <div class="mail-row">
      <input id="mail-address" name="email" type="email" autocomplete="email" inputmode="email" aria-describedby="mail-hint" maxlength="254" required>
      <button type="submit" id="mail-save">${t.mailSave}</button>
      <button type="button" id="mail-cancel" class="link">${t.mailCancel}</button>
    </div>
    <p id="mail-hint" class="hint">${t.mailHint}</p>
  </form>
  <form id="composer" class="composer" autocomplete="off" novalidate>
    <label for="text" id="label" class="visually-hidden">${t.label}</label>
    <textarea id="text" name="text" rows="1" placeholder="${t.placeholder}" aria-describedby="count" enterkeyhint="send" required></textarea>
    <button type="submit" id="send">${t.send}</button>
  </form>
  <p class="footer"><span id="count" class="count" aria-live="polite" hidden></span><span id="mail-state" class="mail-state" hidden><span id="mail-on">${t.mailOn}</span> <button type="button" id="mail-off" class="link">${t.mailOff}</button></span><button type="button" id="mail-offer" class="link" hidden>${t.mailOffer}</button><button type="button" id="attach" class="link attach">${t.attach}</button><input type="file" id="attach-file" class="visually-hidden" tabindex="-1" aria-hidden="true" accept="image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf"><button type="button" id="restart" class="link">${t.restart}</button></p>
</main>
<script src="/chat/chat.js"></script>
</body>
</html>
`;
}
