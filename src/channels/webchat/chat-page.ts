/**
 * The local patient chat page (`/chat`): write as a patient, see the bot's and staff's replies.
 * Served from strings so the built server needs no asset copying; the script and styles are
 * separate URLs so the Content-Security-Policy can forbid inline code.
 */
export const CHAT_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Frontdesk: patient chat</title>
<link rel="stylesheet" href="/chat/chat.css">
</head>
<body>
<main class="chat">
  <header>
    <h1>Message the practice</h1>
    <p class="note">Automated assistant. Not for emergencies: if you have one, call 911.</p>
  </header>
  <ol id="log" class="log" role="log" aria-live="polite" aria-label="Conversation"></ol>
  <div id="quick" class="quick" aria-label="Suggested replies"></div>
  <form id="composer" class="composer" autocomplete="off">
    <label for="text" class="visually-hidden">Your message</label>
    <input id="text" name="text" maxlength="2000" placeholder="Type a message" required>
    <button type="submit">Send</button>
  </form>
  <p class="footer"><button type="button" id="restart" class="link">Start a new conversation</button></p>
</main>
<script src="/chat/chat.js"></script>
</body>
</html>
`;

export const CHAT_CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#eef1f5;color:#1b1f24}
.chat{max-width:40rem;margin:0 auto;min-height:100vh;display:flex;flex-direction:column;background:#fff}
header{padding:1rem 1.25rem;border-bottom:1px solid #d6dbe1}
h1{font-size:1.25rem;margin:0}
.note{margin:.25rem 0 0;color:#4a525c;font-size:.9rem}
.log{list-style:none;margin:0;padding:1rem;flex:1;overflow-y:auto;display:flex;flex-direction:column;gap:.5rem}
.msg{max-width:85%;padding:.5rem .75rem;border-radius:1rem;white-space:pre-wrap;word-wrap:break-word}
.msg.patient{align-self:flex-end;background:#0b5cad;color:#fff;border-bottom-right-radius:.25rem}
.msg.bot,.msg.staff{align-self:flex-start;background:#e7ebf0;border-bottom-left-radius:.25rem}
.msg.staff{background:#e3f4e8}
.who{display:block;font-size:.75rem;color:#4a525c;margin-bottom:.1rem}
.msg.patient .who{color:#dbe8f6}
.quick{display:flex;flex-wrap:wrap;gap:.5rem;padding:0 1rem .5rem}
.quick button{border:1px solid #0b5cad;background:#fff;color:#0b5cad;border-radius:1rem;padding:.35rem .8rem;font:inherit;cursor:pointer}
.composer{display:flex;gap:.5rem;padding:.75rem 1rem;border-top:1px solid #d6dbe1}
.composer input{flex:1;font:inherit;padding:.6rem .75rem;border:1px solid #8a949f;border-radius:.5rem}
.composer button{font:inherit;padding:.6rem 1rem;border:0;border-radius:.5rem;background:#0b5cad;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
.footer{text-align:center;margin:0 0 .75rem}
.link{background:none;border:0;color:#0b5cad;text-decoration:underline;font:inherit;cursor:pointer}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

export const CHAT_JS = `(() => {
  'use strict';
  const log = document.getElementById('log');
  const quick = document.getElementById('quick');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  let sessionId = localStorage.getItem('frontdesk.chat.session');
  let lastId = 0;
  let polling = false;
  const labels = { patient: 'You', bot: 'Assistant', staff: 'Practice staff' };

  async function api(path, options) {
    const res = await fetch(path, Object.assign({ headers: { 'Content-Type': 'application/json' } }, options));
    if (!res.ok) throw new Error('HTTP ' + res.status);
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
    if (messages.length) log.scrollTop = log.scrollHeight;
  }

  function showQuickReplies(replies) {
    quick.textContent = '';
    for (const r of replies) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = r.title;
      b.addEventListener('click', () => send(r.title, r.payload));
      quick.appendChild(b);
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
    quick.textContent = '';
    const clientMessageId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9_-]/g, '');
    await api('/chat/api/messages', { method: 'POST', body: JSON.stringify({ sessionId, clientMessageId, text, payload }) });
    poll();
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    send(text).catch(() => { input.value = text; });
  });

  document.getElementById('restart').addEventListener('click', () => {
    localStorage.removeItem('frontdesk.chat.session');
    sessionId = null;
    lastId = 0;
    log.textContent = '';
    quick.textContent = '';
    input.focus();
  });

  poll();
  setInterval(poll, 1500);
  input.focus();
})();
`;
