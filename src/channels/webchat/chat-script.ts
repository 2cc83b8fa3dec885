import { CHAT_TEXTS } from './chat-texts';

/** The page's script: writing, polling, the reply-email form, and the link from a reply email. */
export const CHAT_JS = `(() => {
  'use strict';
  const TEXTS = ${JSON.stringify(CHAT_TEXTS)};
  const log = document.getElementById('log');
  const quick = document.getElementById('quick');
  const form = document.getElementById('composer');
  const input = document.getElementById('text');
  const status = document.getElementById('status');
  const count = document.getElementById('count');
  const mailForm = document.getElementById('mail');
  const mailInput = document.getElementById('mail-address');
  const mailOffer = document.getElementById('mail-offer');
  const mailState = document.getElementById('mail-state');
  const emergency = document.body.dataset.emergency || '911';
  const crisis = document.body.dataset.crisis || '988';
  const maxLength = Number(document.body.dataset.maxLength) || 2000;
  const practiceName = document.body.dataset.name || '';
  const mailOffered = document.body.dataset.replyMail === 'on';
  let sessionId = localStorage.getItem('frontdesk.chat.session');
  let lastId = 0;
  let polling = false;
  let replyMail = false;
  // The page speaks the browser's language until the conversation has one of its own.
  const browserLanguage = document.body.dataset.lang === 'es' ? 'es' : 'en';
  let language = browserLanguage;
  function t(key, values) {
    const all = Object.assign({ emergency: emergency, crisis: crisis, name: practiceName }, values || {});
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
    for (const [id, key] of [['mail-label', 'mailLabel'], ['mail-save', 'mailSave'], ['mail-cancel', 'mailCancel'], ['mail-hint', 'mailHint'], ['mail-on', 'mailOn'], ['mail-off', 'mailOff'], ['mail-offer', 'mailOffer']]) {
      document.getElementById(id).textContent = t(key);
    }
    for (const li of log.querySelectorAll('.msg')) {
      const who = li.querySelector('.who');
      if (who) who.textContent = li.classList.contains('emergency') ? t('emergencyLabel') : t(li.dataset.author) || who.textContent;
      const more = li.querySelector('.more');
      if (more) more.textContent = li.classList.contains('open') ? t('less') : t('more');
      for (const a of li.querySelectorAll('.actions a')) a.textContent = t(a.dataset.text);
    }
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

  function escapeRegExp(text) {
    return text.replace(/[.*+?^$()|[\\]{}\\\\]/g, '\\\\$&');
  }
  // The emergency and crisis numbers in the bot's words, as links a phone calls with one tap.
  const numbers = new RegExp('(^|[^\\\\d-])(' + escapeRegExp(emergency) + '|' + escapeRegExp(crisis) + ')(?![\\\\d-])', 'g');
  function appendText(parent, text, linked) {
    if (!linked) {
      parent.appendChild(document.createTextNode(text));
      return;
    }
    let at = 0;
    for (const match of text.matchAll(numbers)) {
      const start = match.index + match[1].length;
      parent.appendChild(document.createTextNode(text.slice(at, start)));
      const a = document.createElement('a');
      a.href = 'tel:' + match[2];
      a.textContent = match[2];
      parent.appendChild(a);
      at = start + match[2].length;
    }
    parent.appendChild(document.createTextNode(text.slice(at)));
  }
  function mentions(text, number) {
    return new RegExp('(^|[^\\\\d-])' + escapeRegExp(number) + '(?![\\\\d-])').test(text);
  }
  function action(href, key) {
    const a = document.createElement('a');
    a.href = href;
    a.dataset.text = key;
    a.textContent = t(key);
    return a;
  }
  // A long first message (the assistant's introduction) shows its first sentence on a phone, the rest on request.
  function firstSentence(text) {
    const match = /^[\\s\\S]{20,}?[.!?](\\s|$)/.exec(text);
    return match && match[0].length < text.length ? match[0] : null;
  }

  // A message that is only a photo or a PDF carries a placeholder text: the file shows instead.
  const FILE_LABEL = /^\\[(attachment|photo sent|PDF sent)\\]$/;

  // A photo shows in the bubble; any other file is a download. Both are read through this session.
  function renderFile(file) {
    const href = '/chat/api/attachments/' + file.id + '?sessionId=' + encodeURIComponent(sessionId || '');
    const a = document.createElement('a');
    a.className = 'file';
    a.href = href;
    if (file.inline) {
      a.target = '_blank';
      a.rel = 'noopener';
      const img = document.createElement('img');
      img.src = href;
      img.alt = t('photo');
      // A photo in the newest message grows it once it has loaded: the newest stays in view.
      img.addEventListener('load', () => {
        if (a.parentNode === log.lastElementChild) keepNewestInView();
      });
      a.appendChild(img);
    } else {
      a.setAttribute('download', '');
      a.textContent = t('fileDownload');
    }
    return a;
  }

  function renderMessage(m) {
    const li = document.createElement('li');
    li.className = 'msg ' + m.author + (m.emergency ? ' emergency' : '') + (m.disclosure ? ' disclosure' : '');
    li.dataset.author = m.author;
    // The 911/988 reply is its own assertive live region: a screen reader says it at once, before the rest of the log.
    if (m.emergency) li.setAttribute('role', 'alert');
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = m.emergency ? t('emergencyLabel') : t(m.author) || m.author;
    li.appendChild(who);
    const linked = m.author === 'bot';
    const lead = m.disclosure ? firstSentence(m.text) : null;
    if (lead) {
      appendText(li, lead, linked);
      const rest = document.createElement('span');
      rest.className = 'rest';
      appendText(rest, m.text.slice(lead.length), linked);
      li.appendChild(rest);
      const more = document.createElement('button');
      more.type = 'button';
      more.className = 'more';
      more.setAttribute('aria-expanded', 'false');
      more.textContent = t('more');
      more.addEventListener('click', () => {
        const open = li.classList.toggle('open');
        more.setAttribute('aria-expanded', open ? 'true' : 'false');
        more.textContent = open ? t('less') : t('more');
      });
      li.appendChild(more);
    } else if (!(m.attachments && FILE_LABEL.test(m.text))) {
      appendText(li, m.text, linked);
    }
    for (const file of m.attachments || []) li.appendChild(renderFile(file));
    if (linked) {
      const actions = document.createElement('span');
      actions.className = 'actions';
      if (m.emergency && mentions(m.text, emergency)) actions.appendChild(action('tel:' + emergency, 'callEmergency'));
      if (mentions(m.text, crisis)) {
        if (m.emergency) actions.appendChild(action('tel:' + crisis, 'callCrisis'));
        actions.appendChild(action('sms:' + crisis, 'textCrisis'));
      }
      if (actions.childNodes.length) li.appendChild(actions);
    }
    return li;
  }

  function render(messages) {
    for (const m of messages) {
      lastId = Math.max(lastId, m.id);
      log.appendChild(renderMessage(m));
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

  // The one length both the counter and the too-long message speak of: what would be sent.
  function messageLength() {
    return input.value.trim().length;
  }

  // The box grows with its text up to a few lines, then scrolls.
  function fitInput() {
    input.style.height = 'auto';
    input.style.height = input.scrollHeight + 2 + 'px';
  }

  function updateCount() {
    const length = messageLength();
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

  function showMail() {
    const started = lastId > 0;
    mailState.hidden = !(mailOffered && started && replyMail);
    mailOffer.hidden = !(mailOffered && started && !replyMail && mailForm.hidden);
    if (replyMail) mailForm.hidden = true;
  }

  async function poll() {
    if (polling || !sessionId) return;
    polling = true;
    try {
      const body = await api('/chat/api/messages?sessionId=' + encodeURIComponent(sessionId) + '&after=' + lastId);
      if (body.language) setLanguage(body.language);
      if (typeof body.replyMail === 'boolean') replyMail = body.replyMail;
      render(body.messages);
      showMail();
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

  function submit() {
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
    fitInput();
    send(text).catch((err) => {
      input.value = text;
      updateCount();
      fitInput();
      showSendError(err);
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  // Enter sends; Shift+Enter starts a new line (and Enter while an input method composes a word is the method's).
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  input.addEventListener('input', () => {
    updateCount();
    fitInput();
  });
  window.addEventListener('resize', keepNewestInView);

  mailOffer.addEventListener('click', () => {
    mailForm.hidden = false;
    showMail();
    mailInput.focus();
  });
  document.getElementById('mail-cancel').addEventListener('click', () => {
    mailForm.hidden = true;
    showMail();
    mailOffer.focus();
  });
  mailForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const address = mailInput.value.trim();
    if (!/^[^\\s@]+@[^\\s@]+\\.[^\\s@]{2,}$/.test(address)) {
      mailInput.setAttribute('aria-invalid', 'true');
      showStatus(t('mailInvalid'));
      mailInput.focus();
      return;
    }
    mailInput.setAttribute('aria-invalid', 'false');
    try {
      await api('/chat/api/reply-mail', { method: 'PUT', body: JSON.stringify({ sessionId, address }) });
      replyMail = true;
      mailInput.value = '';
      showStatus('');
      showMail();
      input.focus();
    } catch (e) {
      showStatus(t('mailFailed'));
    }
  });
  document.getElementById('mail-off').addEventListener('click', async () => {
    try {
      await api('/chat/api/reply-mail?sessionId=' + encodeURIComponent(sessionId), { method: 'DELETE' });
      replyMail = false;
      showMail();
    } catch (e) {
      showStatus(t('mailFailed'));
    }
  });

  document.getElementById('restart').addEventListener('click', () => {
    // Nothing to lose on an empty page; a conversation is discarded only when the patient says so.
    if (lastId > 0 && !window.confirm(t('restartConfirm'))) return;
    localStorage.removeItem('frontdesk.chat.session');
    sessionId = null;
    lastId = 0;
    replyMail = false;
    log.textContent = '';
    quick.textContent = '';
    mailForm.hidden = true;
    showStatus('');
    showMail();
    setLanguage(browserLanguage);
    input.focus();
  });

  // The link in a reply email: its token (in the fragment, never sent to a server log) is swapped for this conversation.
  async function openFromLink() {
    const match = /^#open=([A-Za-z0-9._-]+)$/.exec(location.hash);
    if (!match) return;
    history.replaceState(null, '', location.pathname + location.search);
    try {
      const body = await api('/chat/api/open', { method: 'POST', body: JSON.stringify({ token: match[1] }) });
      if (body.sessionId !== sessionId) {
        sessionId = body.sessionId;
        localStorage.setItem('frontdesk.chat.session', sessionId);
        lastId = 0;
        log.textContent = '';
      }
    } catch (e) {
      showStatus(t('linkExpired'));
    }
  }

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

  openFromLink().then(poll);
  setInterval(poll, 1500);
  input.focus();
})();
`;
