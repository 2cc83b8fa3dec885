// @ts-check
// Frontdesk staff console: plain DOM, no framework, a client of the staff API (/api/...).
// Loaded as a module from our own origin (the CSP forbids inline code).

import { $, state, h, main, setMain, showError, api, fmtTime, zoneName, navigate, link, hooks } from './core.js';
import { renderUsers, renderAudit, renderSettings, renderAccount } from './admin.js';
import { renderQueue, renderQueueRows, renderResolved } from './queue.js';
import { renderThread, loadThread } from './thread.js';
import { renderSearch } from './search.js';
import { renderReports } from './reports.js';
import { installShortcuts } from './shortcuts.js';
import { checkForEmergencies, resetAlerts, offerNotificationPermission } from './alerts.js';
import { noticeAssignments, startAvailability } from './availability.js';
import { renderTraining } from './training.js';

// ---------------------------------------------------------------------------------------------
// Navigation

const VIEWS = [
  { path: /^\/staff\/?$/, render: renderQueue, nav: 'queue' },
  { path: /^\/staff\/threads\/(\d+)\/?$/, render: (m) => renderThread(Number(m[1])), nav: 'queue' },
  { path: /^\/staff\/resolved\/?$/, render: renderResolved, nav: 'resolved' },
  { path: /^\/staff\/search\/?$/, render: renderSearch, nav: 'search' },
  { path: /^\/staff\/reports\/?$/, render: renderReports, nav: 'reports' },
  { path: /^\/staff\/training\/?$/, render: renderTraining, nav: 'training' },
  { path: /^\/staff\/users\/?$/, render: renderUsers, nav: 'users', admin: true },
  { path: /^\/staff\/audit\/?$/, render: renderAudit, nav: 'audit', admin: true },
  { path: /^\/staff\/settings\/?$/, render: renderSettings, nav: 'settings', admin: true },
  { path: /^\/staff\/account\/?$/, render: renderAccount, nav: 'account' },
];

function route() {
  if (!state.me) return renderLogin();
  const path = location.pathname;
  state.thread = null;
  state.threadVersion = null;
  for (const view of VIEWS) {
    const match = view.path.exec(path);
    if (!match) continue;
    renderNav(view.nav);
    if (view.admin && state.me.user.role !== 'admin') {
      setMain(h('h1', {}, 'Not available'), h('p', {}, 'Only admins can open this page.'));
      return;
    }
    view.render(match);
    main().focus({ preventScroll: true });
    return;
  }
  navigate('/staff', true);
}

function renderNav(active) {
  const items = [
    ['queue', '/staff', 'Queue'],
    ['resolved', '/staff/resolved', 'Recently resolved'],
    ['search', '/staff/search', 'Search'],
    ['reports', '/staff/reports', 'Reports'],
    ['training', '/staff/training', 'Training'],
  ];
  if (state.me.user.role === 'admin') {
    items.push(
      ['users', '/staff/users', 'Users'],
      ['audit', '/staff/audit', 'Audit log'],
      ['settings', '/staff/settings', 'Canned responses'],
    );
  }
  items.push(['account', '/staff/account', 'My account']);
  $('#nav').replaceChildren(
    h(
      'ul',
      {},
      items.map(([key, path, text]) => h('li', {}, link(path, text, { 'aria-current': key === active ? 'page' : undefined }))),
    ),
  );
}

window.addEventListener('popstate', route);
installShortcuts();
hooks.route = route;
hooks.signedOut = signedOut;

// ---------------------------------------------------------------------------------------------
// Sign in / out

function renderLogin(message) {
  $('#topbar').hidden = true;
  $('#alerts-prompt')?.remove();
  stopStream();
  const error = h('p', { class: 'error', role: 'alert', id: 'login-error', hidden: !message }, message || '');
  const email = h('input', { id: 'email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const button = h('button', { type: 'submit' }, 'Sign in');
  const sso = h('p', { class: 'sso', hidden: true });
  const form = h(
    'form',
    {
      class: 'login',
      'aria-labelledby': 'login-title',
      onsubmit: async (e) => {
        e.preventDefault();
        button.disabled = true;
        showError(error, null);
        try {
          const me = await api('POST', '/api/session', { email: email.value, password: password.value });
          signedIn(me);
          if (!/^\/staff/.test(location.pathname)) history.replaceState(null, '', '/staff');
          route();
        } catch (err) {
          showError(error, err);
          password.value = '';
          password.focus();
        } finally {
          button.disabled = false;
        }
      },
    },
    h('h1', { id: 'login-title' }, 'Staff sign in'),
    error,
    h('label', { for: 'email' }, 'Email'),
    email,
    h('label', { for: 'password' }, 'Password'),
    password,
    button,
    sso,
    h('p', { class: 'hint' }, 'No account yet? An admin creates accounts (the first one with npm run staff -- add).'),
  );
  setMain(form);
  email.focus();
  // Single sign-on, when the server has a provider: one more way in, beside the password.
  fetch('/auth/options', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : null))
    .then((options) => {
      if (!options || !options.sso) return;
      sso.replaceChildren(h('a', { class: 'button sso-button', href: options.sso.startUrl }, 'Sign in with ' + options.sso.name));
      sso.hidden = false;
    })
    .catch(() => undefined);
}

/** What the sign-in page says when single sign-on came back without signing anyone in (`?sso_error=`). */
const SSO_ERRORS = {
  provider_unreachable: 'The identity provider did not answer. Try again in a moment, or sign in with your password.',
  sign_in_expired: 'The single sign-on took too long or was started in another tab. Try again.',
  sign_in_refused: 'The identity provider did not confirm the sign-in. Try again.',
  email_not_verified: 'Your identity provider did not confirm your email address, so no account could be matched.',
  no_account: 'There is no Frontdesk account for your email address. Ask an admin to create one.',
  account_disabled: 'Your Frontdesk account is disabled. Ask an admin.',
  account_linked_elsewhere: 'This Frontdesk account is linked to another identity at your provider. Ask an admin.',
};

/** Reads and removes `?sso_error=` from the address, so a reload does not repeat the message. */
function takeSsoError() {
  const params = new URLSearchParams(location.search);
  const code = params.get('sso_error');
  if (!code) return '';
  history.replaceState(null, '', location.pathname);
  return SSO_ERRORS[code] || 'Single sign-on did not work. Try again.';
}

function signedIn(me) {
  state.me = me;
  state.csrf = me.csrfToken || null;
  state.idleWarned = false;
  $('#topbar').hidden = false;
  $('#practice-name').textContent = me.practice.name;
  $('#me-name').textContent = me.user.name + ' (' + me.user.role + ')';
  renderPracticeStatus();
  resetAlerts();
  startAvailability();
  offerNotificationPermission();
  startStream();
}

function renderPracticeStatus() {
  const p = state.me.practice;
  const text = p.openNow
    ? 'Open until ' + fmtTime(p.closesAt)
    : 'Closed' + (p.closure ? ' (' + p.closure + ')' : '') + (p.nextOpensAt ? ', opens ' + fmtTime(p.nextOpensAt) : '');
  $('#practice-status').textContent = text + ' · times in ' + zoneName();
}

function signedOut(message) {
  if (!state.me) return;
  state.me = null;
  state.csrf = null;
  state.queue = [];
  state.queueLoaded = false;
  renderLogin(message || 'You have been signed out. Sign in again.');
}

$('#logout').addEventListener('click', async () => {
  try {
    await api('DELETE', '/api/session');
  } catch {
    /* signed out either way */
  }
  state.me = null;
  renderLogin('You have signed out.');
});

// ---------------------------------------------------------------------------------------------
// Live queue (server-sent events)

function startStream() {
  stopStream();
  const source = new EventSource('/api/escalations/stream');
  state.stream = source;
  source.addEventListener('queue', (e) => {
    const data = JSON.parse(e.data);
    state.queue = data.items;
    state.queueLoaded = true;
    setLive(true);
    onQueueChanged();
    onUndeliveredChanged(data.undelivered);
  });
  source.addEventListener('session', () => {
    stopStream();
    signedOut('You were signed out after a period without activity. Sign in again.');
  });
  source.addEventListener('error', () => {
    setLive(false);
    if (source.readyState === EventSource.CLOSED) {
      // Refused outright (401, or the server is restarting): check the session, then retry calmly.
      setTimeout(() => {
        if (state.stream !== source) return;
        api('GET', '/api/session', undefined, true).then(
          (me) => {
            state.me = me;
            startStream();
          },
          (err) => {
            if (err.status === 401) signedOut(err.message);
            else startStream();
          },
        );
      }, 3000);
    }
  });
}

function stopStream() {
  if (state.stream) state.stream.close();
  state.stream = null;
}

function setLive(live) {
  const el = $('#live');
  if (!el) return;
  el.textContent = live ? 'Live' : 'Reconnecting…';
  el.classList.toggle('offline', !live);
}

function onQueueChanged() {
  checkForEmergencies(state.queue);
  noticeAssignments(state.queue);
  if ($('#queue-body')) renderQueueRows();
  document.title = (state.queue.length ? '(' + state.queue.length + ') ' : '') + 'Frontdesk staff console';
  if (state.thread) {
    const item = state.queue.find((i) => i.id === state.thread.escalation.id);
    const version = item ? item.version : 'absent';
    if (state.threadVersion !== null && version !== state.threadVersion) loadThread(state.thread.escalation.id, 'live');
    state.threadVersion = version;
  }
}

/**
 * A reply failed, was resent, delivered or handled: reload the lists that show undelivered replies.
 * @param {string | undefined} signature
 */
function onUndeliveredChanged(signature) {
  if (signature === undefined || signature === state.undeliveredSignature) return;
  const first = state.undeliveredSignature === null;
  state.undeliveredSignature = signature;
  if (first) return; // the page loaded its lists itself
  const section = document.getElementById('undelivered-section');
  if (section) section.dispatchEvent(new Event('refresh'));
  if (state.thread) loadThread(state.thread.escalation.id, 'live');
}

// ---------------------------------------------------------------------------------------------
// Clock: waiting times, overdue flags and the idle warning move without server pushes.

setInterval(() => {
  if (!state.me) return;
  if ($('#queue-body')) renderQueueRows();
  renderPracticeStatus();
  const session = state.me.session;
  if (!session) return;
  const left = Date.parse(session.idleExpiresAt) - Date.now();
  const banner = $('#banner');
  if (left < 2 * 60000 && left > 0 && !state.idleWarned) {
    state.idleWarned = true;
    banner.hidden = false;
    banner.replaceChildren(
      'You will be signed out soon because of inactivity. ',
      h('button', { type: 'button', class: 'button-small', onclick: keepAlive }, 'Stay signed in'),
    );
  }
}, 15000);

async function keepAlive() {
  try {
    const me = await api('GET', '/api/session');
    state.me = me;
    state.idleWarned = false;
    $('#banner').hidden = true;
  } catch {
    /* signedOut() has shown the sign-in form */
  }
}

// ---------------------------------------------------------------------------------------------
// Start

(async function start() {
  try {
    const me = await api('GET', '/api/session');
    signedIn(me);
    route();
  } catch (err) {
    renderLogin(takeSsoError() || (err.code === 'session_expired' ? err.message : ''));
  }
})();
