/**
 * The local patient chat page (`/chat`): write as a patient, see the bot's and staff's replies.
 * Served from strings so the built server needs no asset copying; the script and styles are
 * separate URLs so the Content-Security-Policy can forbid inline code.
 */

/** What the page says about the practice (from the practice profile). */
export interface ChatPageInfo {
  practiceName: string;
  privacyUrl: string | undefined;
  emergency: string;
  maxTextLength: number;
}

/** The languages the page is written in. */
export type ChatLanguage = 'en' | 'es';

/**
 * Every text of the page, per language. `{name}`, `{emergency}`, `{n}`, `{max}`, `{s}` and `{at}` are
 * filled in by the page; the page switches to the conversation's language when the bot does.
 */
export const CHAT_TEXTS: Readonly<Record<ChatLanguage, Readonly<Record<string, string>>>> = {
  en: {
    title: '{name}: chat with us',
    heading: 'Message {name}',
    note: 'Automated assistant. Not for emergencies: if you have one, call {emergency}.',
    privacy: 'How we handle your information',
    log: 'Conversation',
    quick: 'Suggested replies',
    label: 'Your message',
    placeholder: 'Type a message',
    send: 'Send',
    restart: 'Start a new conversation',
    patient: 'You',
    bot: 'Assistant',
    staff: 'Practice staff',
    count: '{n} / {max} characters',
    tooLong: 'Your message is {n} characters; the limit is {max}. Please shorten it or send it in parts.',
    limited:
      'You have sent a lot of messages in a short time, so this one was not sent. Please try again in {s} seconds (at {at}). If this is an emergency, call {emergency} now.',
    failed: 'Your message could not be sent. Check your connection and try again. If this is an emergency, call {emergency} now.',
    attach: 'Attach a photo or PDF',
    attachTooLarge: 'That file is too large to send. Please send a smaller photo.',
    attachType: 'Only photos (JPEG, PNG, GIF, WebP, HEIC) and PDF files can be sent.',
  },
  es: {
    title: '{name}: escríbanos',
    heading: 'Escriba a {name}',
    note: 'Asistente automático. No es para emergencias: si tiene una, llame al {emergency}.',
    privacy: 'Cómo tratamos su información',
    log: 'Conversación',
    quick: 'Respuestas sugeridas',
    label: 'Su mensaje',
    placeholder: 'Escriba un mensaje',
    send: 'Enviar',
    restart: 'Empezar una conversación nueva',
    patient: 'Usted',
    bot: 'Asistente',
    staff: 'Personal de la clínica',
    count: '{n} / {max} caracteres',
    tooLong: 'Su mensaje tiene {n} caracteres; el límite es {max}. Acórtelo o envíelo en partes.',
    limited:
      'Envió muchos mensajes en poco tiempo, así que este no se envió. Inténtelo de nuevo en {s} segundos (a las {at}). Si es una emergencia, llame al {emergency} ahora.',
    failed: 'No se pudo enviar su mensaje. Revise su conexión e inténtelo de nuevo. Si es una emergencia, llame al {emergency} ahora.',
    attach: 'Adjuntar una foto o un PDF',
    attachTooLarge: 'El archivo es demasiado grande. Envíe una foto más pequeña.',
    attachType: 'Solo se pueden enviar fotos (JPEG, PNG, GIF, WebP, HEIC) y archivos PDF.',
  },
};

/** The page's language for a browser: `?lang=` when given, else the first of Accept-Language it speaks. */
export function chatLanguage(query: unknown, accepts: (languages: string[]) => string | false): ChatLanguage {
  if (query === 'es' || query === 'en') return query;
  return accepts(['en', 'es']) === 'es' ? 'es' : 'en';
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function escapeHtml(text: string): string {
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
<body data-emergency="${values.emergency}" data-name="${values.name}" data-max-length="${info.maxTextLength}" data-lang="${language}">
<main class="chat">
  <header>
    <h1>${fill(t.heading ?? '', values)}</h1>
    <p class="note"><span id="note">${fill(t.note ?? '', values)}</span>${privacy}</p>
  </header>
  <ol id="log" class="log" role="log" aria-live="polite" aria-label="${t.log}" tabindex="0"></ol>
  <div id="quick" class="quick" aria-label="${t.quick}"></div>
  <p id="status" class="status" role="alert" hidden></p>
  <form id="composer" class="composer" autocomplete="off" novalidate>
    <label for="text" id="label" class="visually-hidden">${t.label}</label>
    <input id="text" name="text" placeholder="${t.placeholder}" aria-describedby="count" required>
    <button type="submit" id="send">${t.send}</button>
  </form>
  <p class="footer"><span id="count" class="count" aria-live="polite" hidden></span><button type="button" id="attach" class="link attach">${t.attach}</button><input type="file" id="attach-file" class="visually-hidden" tabindex="-1" aria-hidden="true" accept="image/jpeg,image/png,image/gif,image/webp,image/heic,application/pdf"><button type="button" id="restart" class="link">${t.restart}</button></p>
</main>
<script src="/chat/chat.js"></script>
</body>
</html>
`;
}

export const CHAT_CSS = `
*{box-sizing:border-box}
html,body{height:100%}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef1f5;color:#1b1f24}
.chat{max-width:40rem;margin:0 auto;height:100vh;height:100dvh;display:flex;flex-direction:column;background:#fff}
header{flex:none;padding:.75rem 1rem;border-bottom:1px solid #d6dbe1}
h1{font-size:1.2rem;margin:0}
.note{margin:.2rem 0 0;color:#4a525c;font-size:.875rem}
.note a{color:#0b5cad}
.log{flex:1 1 auto;min-height:0;list-style:none;margin:0;padding:1rem;overflow-y:auto;overscroll-behavior:contain;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.5rem .75rem;border-radius:1rem;white-space:pre-wrap;word-wrap:break-word}
.msg.patient{align-self:flex-end;background:#0b5cad;color:#fff;border-bottom-right-radius:.25rem}
.msg.bot,.msg.staff{align-self:flex-start;background:#e7ebf0;border-bottom-left-radius:.25rem}
.msg.staff{background:#e3f4e8}
.who{display:block;font-size:.75rem;color:#4a525c;margin-bottom:.1rem}
.msg.patient .who{color:#dbe8f6}
.quick{flex:none;display:flex;flex-wrap:wrap;gap:.5rem;padding:0 1rem .5rem;max-height:35vh;overflow-y:auto}
.quick:empty{display:none}
.quick button{border:1px solid #0b5cad;background:#fff;color:#0b5cad;border-radius:1rem;padding:.35rem .8rem;font:inherit;cursor:pointer}
.status{flex:none;margin:0 1rem .5rem;padding:.5rem .75rem;border-radius:.5rem;background:#fdecea;color:#8a1c12;border:1px solid #e0a19a;font-size:.9rem}
.composer{flex:none;display:flex;gap:.5rem;padding:.75rem 1rem .25rem;border-top:1px solid #d6dbe1}
.composer input{flex:1;min-width:0;font:inherit;padding:.6rem .75rem;border:1px solid #8a949f;border-radius:.5rem}
.composer input[aria-invalid="true"]{border-color:#b3261e}
.composer button{font:inherit;padding:.6rem 1rem;border:0;border-radius:.5rem;background:#0b5cad;color:#fff;cursor:pointer}
a:focus-visible,button:focus-visible,input:focus-visible,.log:focus-visible{outline:3px solid #1b1f24;outline-offset:2px}
.footer{flex:none;display:flex;justify-content:space-between;align-items:center;gap:.5rem;margin:0;padding:0 1rem .5rem;font-size:.875rem}
.count{color:#4a525c}
.count.over{color:#b3261e;font-weight:600}
.link{margin-left:auto;background:none;border:0;color:#0b5cad;text-decoration:underline;font:inherit;cursor:pointer;padding:.25rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.link.attach{margin-left:auto}
.link.attach + input + .link{margin-left:0}
`;

export const CHAT_JS = `(() => {
  'use strict';
  const TEXTS = ${JSON.stringify(CHAT_TEXTS)};
  const log = document.getElementById('log');
  const quick = document.getElementById('quick');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const status = document.getElementById('status');
  const count = document.getElementById('count');
  const emergency = document.body.dataset.emergency || '911';
  const maxLength = Number(document.body.dataset.maxLength) || 2000;
  const practiceName = document.body.dataset.name || '';
  let sessionId = localStorage.getItem('frontdesk.chat.session');
  let lastId = 0;
  let polling = false;
  // The page speaks the browser's language until the conversation has one of its own.
  const browserLanguage = document.body.dataset.lang === 'es' ? 'es' : 'en';
  let language = browserLanguage;
  function t(key, values) {
    const all = Object.assign({ emergency: emergency, name: practiceName }, values || {});
    return (TEXTS[language][key] || '').replace(/\\{(\\w+)\\}/g, (whole, k) => (k in all ? String(all[k]) : whole));
  }
  function setLanguage(next) {
    if (next !== 'en' && next !== 'es') next = browserLanguage;
    if (next === language) return;
    language = next;
    document.documentElement.lang = language;
    document.title = t('title');
    document.querySelector('header h1').textContent = t('heading');
    document.getElementById('note').textContent = t('note');
    const privacy = document.querySelector('.note a');
    if (privacy) privacy.textContent = t('privacy');
    log.setAttribute('aria-label', t('log'));
    quick.setAttribute('aria-label', t('quick'));
    document.getElementById('label').textContent = t('label');
    input.placeholder = t('placeholder');
    document.getElementById('send').textContent = t('send');
    document.getElementById('restart').textContent = t('restart');
    for (const who of log.querySelectorAll('.who')) who.textContent = t(who.parentElement.dataset.author) || who.textContent;
    updateCount();
  }

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ headers: { 'Content-Type': 'application/json' } }, options));
    if (!res.ok) {
      const err = new Error('HTTP ' + res.status);
      err.status = res.status;
      err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
      throw err;
    }
    return res.json();
  }

  // A random 128-bit id made here when the server is busy handing them out: a patient must always
  // be able to write (an emergency reply must never wait for a session).
  function localSessionId() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  async function ensureSession() {
    if (sessionId) return sessionId;
    try {
      const body = await api('/chat/api/sessions', { method: 'POST', body: '{}' });
      sessionId = body.sessionId;
    } catch (e) {
      sessionId = localSessionId();
    }
    localStorage.setItem('frontdesk.chat.session', sessionId);
    return sessionId;
  }

  // The conversation scrolls inside its own box, so the newest message and the input stay on screen.
  function keepNewestInView() {
    log.scrollTop = log.scrollHeight;
  }

  function render(messages) {
    for (const m of messages) {
      lastId = Math.max(lastId, m.id);
      const li = document.createElement('li');
      li.className = 'msg ' + m.author;
      li.dataset.author = m.author;
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = t(m.author) || m.author;
      li.appendChild(who);
      li.appendChild(document.createTextNode(m.text));
      log.appendChild(li);
      if (m.author !== 'patient') showQuickReplies(m.quickReplies || []);
    }
    if (messages.length) {
      keepNewestInView();
      requestAnimationFrame(keepNewestInView);
    }
  }

  function showQuickReplies(replies) {
    quick.textContent = '';
    for (const r of replies) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = r.title;
      b.addEventListener('click', () => send(r.title, r.payload).catch(showSendError));
      quick.appendChild(b);
    }
  }

  function showStatus(text) {
    status.textContent = text || '';
    status.hidden = !text;
    keepNewestInView();
  }

  function showSendError(err) {
    if (err && err.status === 429) {
      const seconds = err.retryAfter || 60;
      const at = new Date(Date.now() + seconds * 1000).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit', second: '2-digit' });
      showStatus(t('limited', { s: seconds, at: at }));
    } else {
      showStatus(t('failed'));
    }
  }

  function updateCount() {
    const length = input.value.length;
    const over = length > maxLength;
    count.hidden = length === 0;
    count.textContent = t('count', { n: length.toLocaleString(), max: maxLength.toLocaleString() });
    count.classList.toggle('over', over);
    input.setAttribute('aria-invalid', over ? 'true' : 'false');
    if (!over && status.dataset.kind === 'length') {
      status.dataset.kind = '';
      showStatus('');
    }
  }

  async function poll() {
    if (polling || !sessionId) return;
    polling = true;
    try {
      const body = await api('/chat/api/messages?sessionId=' + encodeURIComponent(sessionId) + '&after=' + lastId);
      if (body.language) setLanguage(body.language);
      render(body.messages);
    } catch (e) { /* the next poll tries again */ }
    polling = false;
  }

  async function send(text, payload) {
    await ensureSession();
    const clientMessageId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9_-]/g, '');
    await api('/chat/api/messages', { method: 'POST', body: JSON.stringify({ sessionId, clientMessageId, text, payload }) });
    quick.textContent = '';
    showStatus('');
    poll();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    if (text.length > maxLength) {
      status.dataset.kind = 'length';
      showStatus(t('tooLong', { n: text.length.toLocaleString(), max: maxLength.toLocaleString() }));
      input.focus();
      return;
    }
    input.value = '';
    updateCount();
    send(text).catch((err) => {
      input.value = text;
      updateCount();
      showSendError(err);
    });
  });

  input.addEventListener('input', updateCount);
  window.addEventListener('resize', keepNewestInView);

  document.getElementById('restart').addEventListener('click', () => {
    localStorage.removeItem('frontdesk.chat.session');
    sessionId = null;
    lastId = 0;
    log.textContent = '';
    quick.textContent = '';
    showStatus('');
    setLanguage(browserLanguage);
    input.focus();
  });

  // A photo or PDF from the patient: sent as it is to the upload route, which checks its size and
  // its bytes; the transcript then shows it like any message.
  (function attachments() {
    const button = document.getElementById('attach');
    const picker = document.getElementById('attach-file');
    new MutationObserver(() => { button.textContent = t('attach'); }).observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
    async function upload(file) {
      await ensureSession();
      const clientMessageId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9_-]/g, '');
      const query = '?sessionId=' + encodeURIComponent(sessionId) + '&clientMessageId=' + encodeURIComponent(clientMessageId);
      const res = await fetch('/chat/api/attachments' + query, { method: 'POST', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file });
      if (res.status === 413) return showStatus(t('attachTooLarge'));
      if (res.status === 415) return showStatus(t('attachType'));
      if (!res.ok) {
        const err = new Error('HTTP ' + res.status);
        err.status = res.status;
        err.retryAfter = Number(res.headers.get('Retry-After')) || 0;
        throw err;
      }
      showStatus('');
      poll();
    }
    button.addEventListener('click', () => picker.click());
    picker.addEventListener('change', () => {
      const file = picker.files && picker.files[0];
      picker.value = '';
      if (file) upload(file).catch(showSendError);
    });
  })();

  poll();
  setInterval(poll, 1500);
  input.focus();
})();
`;
