// @ts-check
// Shared pieces of the staff console: state, DOM helpers, the API client, time in the practice's zone.
// Patient text is only ever inserted as text nodes, never as HTML.

export const ROUTE_LABELS = { emergency: 'Emergency', clinical: 'Clinical', request: 'Request', human: 'General' };
/** The languages patients write in, as staff read their names. */
export const LANGUAGE_NAMES = { en: 'English', es: 'Spanish' };
export const AUTHOR_LABELS = { patient: 'Patient', bot: 'Assistant', staff: 'Staff' };
export const STATUS_LABELS = { queued: 'Sending…', sent: 'Sent', undeliverable: 'Not delivered', failed: 'Not delivered', received: '' };
export const EVENT_LABELS = {
  'thread.claim': 'claimed the thread',
  'thread.assign': 'reassigned the thread',
  'thread.release': 'released the thread',
  'thread.reply': 'replied',
  'thread.reply_refused': 'reply refused',
  'thread.resolve': 'resolved the thread',
  'thread.reopen': 'reopened the thread',
  'thread.hand_back': 'handed the conversation back to the assistant',
};
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.login_failed',
  'auth.lockout',
  'auth.logout',
  'thread.view',
  'thread.reply',
  'thread.note',
  'thread.claim',
  'thread.assign',
  'thread.resolve',
  'thread.reopen',
  'thread.hand_back',
  'thread.export',
  'access.denied',
  'user.',
  'token.',
  'audit.export',
  'report.',
  'settings.',
];

/** A channel's name for people, as the server reports it; the id when the channel is not running. */
export function channelName(id) {
  const found = ((state.me && state.me.channels) || []).find((c) => c.id === id);
  return found ? found.name : id || '?';
}

export const state = {
  me: null,
  csrf: null,
  queue: [],
  queueLoaded: false,
  filters: { assigned: 'all', route: '', channel: '', language: '' },
  stream: null,
  thread: null,
  threadVersion: null,
  canned: null,
  users: null,
  idleWarned: false,
  /** The queue row chosen with the keyboard (j/k), by escalation id. */
  selected: null,
  /** @type {string | null} The undelivered replies last reported by the live queue (a signature). */
  undeliveredSignature: null,
};

/** Set by console.js: what to do on navigation and when the server says we are signed out. */
/** Set by console.js: how to draw the current page, and what to do when the session has ended. */
export const hooks = {
  route() {},
  /** @param {string} [_message] */
  signedOut(_message) {},
};

// ---------------------------------------------------------------------------------------------
// DOM helpers

/** h('button', {class: 'primary', onclick: fn, 'aria-label': '…'}, 'text', child) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const main = () => $('#main');

export function setMain(...children) {
  main().replaceChildren(...children.filter((c) => c !== null && c !== undefined && c !== false));
}

/** @type {ReturnType<typeof setTimeout> | undefined} */
let toastTimer;

export function toast(message) {
  const el = $('#toast');
  el.textContent = message;
  el.classList.add('visible');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('visible'), 4000);
}

export function showError(region, err) {
  if (!region) return;
  region.textContent = err ? err.message || String(err) : '';
  region.hidden = !err;
}

// ---------------------------------------------------------------------------------------------
// API

export class ApiError extends Error {
  constructor(status, code, message, retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    /** @type {number | undefined} */
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** The server's 503 answers for a database that cannot take work right now (locked elsewhere, disk full). */
const DATABASE_UNAVAILABLE = { database_busy: 'Database busy, retrying…', database_full: 'Database cannot write (disk full), retrying…' };
/** Reads are tried again this many times while the database is unavailable, then the error is shown. */
const UNAVAILABLE_TRIES = 6;

/**
 * `background`: a refresh the user did not ask for; it must not keep an idle session alive. A read
 * that meets a busy database says so and is tried again after the server's Retry-After (nothing
 * was written, so trying again is safe); a write is not repeated: its error says nothing was saved.
 */
export async function api(method, path, body, background) {
  for (let tries = 1; ; tries += 1) {
    try {
      return await request(method, path, body, background);
    } catch (err) {
      const notice = err instanceof ApiError && err.status === 503 ? DATABASE_UNAVAILABLE[err.code] : undefined;
      if (!notice || method !== 'GET' || tries >= UNAVAILABLE_TRIES) throw err;
      toast(notice);
      await new Promise((resolve) => setTimeout(resolve, Math.min(err.retryAfterSeconds || 2, 10) * 1000));
    }
  }
}

async function request(method, path, body, background) {
  const headers = { Accept: 'application/json' };
  if (background) headers['X-Background-Refresh'] = '1';
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
  let res;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'network', 'Cannot reach the Frontdesk server. Check your connection and try again.');
  }
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data && data.error) || { code: 'http_' + res.status, message: 'The server answered ' + res.status + '.' };
    if (res.status === 401 && path !== '/api/session') hooks.signedOut(error.message);
    throw new ApiError(res.status, error.code, error.message, Number(res.headers.get('Retry-After')) || undefined);
  }
  // Every request we make on the user's behalf counts as activity on the server.
  if (!background && state.me && state.me.session) {
    state.me.session.idleExpiresAt = new Date(Date.now() + state.me.session.idleTimeoutSeconds * 1000).toISOString();
  }
  return data;
}

// ---------------------------------------------------------------------------------------------
// Time, in the practice's time zone

export function tz() {
  return (state.me && state.me.practice.timeZone) || undefined;
}

export function localDateKey(date) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: tz(), year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

export function fmtTime(iso, withSeconds) {
  if (!iso) return '';
  const date = new Date(iso);
  const time = new Intl.DateTimeFormat('en-US', {
    timeZone: tz(),
    hour: 'numeric',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
  }).format(date);
  if (localDateKey(date) === localDateKey(new Date())) return time;
  const day = new Intl.DateTimeFormat('en-US', { timeZone: tz(), weekday: 'short', month: 'short', day: 'numeric' }).format(date);
  return day + ', ' + time;
}

export function fmtFull(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat('en-US', { timeZone: tz(), dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

export function zoneName() {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz(), timeZoneName: 'short' }).formatToParts(new Date());
  const name = parts.find((p) => p.type === 'timeZoneName');
  return name ? name.value : tz();
}

export function fmtDuration(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return minutes + ' min';
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return hours + ' h ' + (minutes % 60) + ' min';
  const days = Math.floor(hours / 24);
  return days + ' d ' + (hours % 24) + ' h';
}

export function timeEl(iso, text) {
  return h('time', { datetime: iso, title: fmtFull(iso) }, text || fmtTime(iso));
}

export function navigate(path, replace) {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  hooks.route();
}

export function link(path, text, attrs) {
  return h(
    'a',
    Object.assign(
      {
        href: path,
        onclick: (e) => {
          if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
          e.preventDefault();
          navigate(path);
        },
      },
      attrs || {},
    ),
    text,
  );
}

export function badge(route) {
  return h('span', { class: 'badge badge-' + route }, ROUTE_LABELS[route] || route);
}

/** A small tag naming the patient's language, for conversations not in English. */
export function languageTag(language) {
  return language && language !== 'en'
    ? h(
        'span',
        { class: 'language-tag', lang: language, title: 'The patient writes in ' + LANGUAGE_NAMES[language] },
        LANGUAGE_NAMES[language],
      )
    : null;
}

export function intentLabel(intent) {
  return (intent || '').replace(/^faq\//, '').replace(/[_-]/g, ' ');
}
