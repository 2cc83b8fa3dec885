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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The page itself: the practice's name, the emergency number and the privacy notice are part of it. */
export function chatHtml(info: ChatPageInfo): string {
  const name = escapeHtml(info.practiceName);
  const emergency = escapeHtml(info.emergency);
  const privacy = info.privacyUrl
    ? ` <a href="${escapeHtml(info.privacyUrl)}" rel="noopener" target="_blank">How we handle your information</a>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${name}: chat with us</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/chat/chat.css">
</head>
<body data-emergency="${emergency}" data-max-length="${info.maxTextLength}">
<main class="chat">
  <header>
    <h1>Message ${name}</h1>
    <p class="note">Automated assistant. Not for emergencies: if you have one, call ${emergency}.${privacy}</p>
  </header>
  <ol id="log" class="log" role="log" aria-live="polite" aria-label="Conversation" tabindex="0"></ol>
  <div id="quick" class="quick" aria-label="Suggested replies"></div>
  <p id="status" class="status" role="alert" hidden></p>
  <form id="composer" class="composer" autocomplete="off" novalidate>
    <label for="text" class="visually-hidden">Your message</label>
    <input id="text" name="text" placeholder="Type a message" aria-describedby="count" required>
    <button type="submit">Send</button>
  </form>
  <p class="footer"><span id="count" class="count" aria-live="polite" hidden></span><button type="button" id="restart" class="link">Start a new conversation</button></p>
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
`;

export const CHAT_JS = `(() => {
  'use strict';
  const log = document.getElementById('log');
  const quick = document.getElementById('quick');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const status = document.getElementById('status');
  const count = document.getElementById('count');
  const emergency = document.body.dataset.emergency || '911';
  const maxLength = Number(document.body.dataset.maxLength) || 2000;
  let sessionId = localStorage.getItem('frontdesk.chat.session');
  let lastId = 0;
  let polling = false;
  const labels = { patient: 'You', bot: 'Assistant', staff: 'Practice staff' };

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
      who.textContent = labels[m.author] || m.author;
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
      showStatus('You have sent a lot of messages in a short time, so this one was not sent. Please try again in ' + seconds + ' seconds (at ' + at + '). If this is an emergency, call ' + emergency + ' now.');
    } else {
      showStatus('Your message could not be sent. Check your connection and try again. If this is an emergency, call ' + emergency + ' now.');
    }
  }

  function updateCount() {
    const length = input.value.length;
    const over = length > maxLength;
    count.hidden = length === 0;
    count.textContent = length.toLocaleString() + ' / ' + maxLength.toLocaleString() + ' characters';
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
      showStatus('Your message is ' + text.length.toLocaleString() + ' characters; the limit is ' + maxLength.toLocaleString() + '. Please shorten it or send it in parts.');
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
    input.focus();
  });

  poll();
  setInterval(poll, 1500);
  input.focus();
})();
`;
