// @ts-check
// Availability in the header (available, away, off: the round robin gives new items only to the
// available), activity that keeps one available, and a notice when an item is assigned to you.

import { $, state, h, api, toast } from './core.js';
import { alertsEnabled } from './alerts.js';

const STATES = [
  ['available', 'Available'],
  ['away', 'Away'],
  ['off', 'Off'],
];

/** @type {Set<number> | null} Items assigned to me in the last snapshot (null: none seen yet). */
let mine = null;
let lastPing = 0;

/** Draws the switch into the header from the session's availability. */
export function startAvailability() {
  mine = null;
  let box = $('#availability-switch');
  if (!box) {
    box = h('div', { id: 'availability-switch', class: 'availability', role: 'group', 'aria-label': 'Your availability' });
    $('.me').prepend(box);
  }
  drawSwitch(state.me.availability || null);
}

/** @param {any} availability */
function drawSwitch(availability) {
  const box = $('#availability-switch');
  if (!box) return;
  if (!availability) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const select = h(
    'select',
    {
      id: 'availability',
      class: 'availability-' + availability.status,
      onchange: async () => {
        try {
          const result = await api('PUT', '/api/me/availability', { status: select.value });
          state.me.availability = result.availability;
          drawSwitch(result.availability);
          toast(
            select.value === 'available'
              ? state.me.availability.assignment === 'off'
                ? 'You are available.'
                : 'You are available: new threads come to you in turn.'
              : 'You are ' + select.value + ': no new threads are assigned to you.',
          );
        } catch (err) {
          toast(err.message);
          drawSwitch(state.me.availability);
        }
      },
    },
    STATES.map(([value, text]) => h('option', { value, selected: availability.chosen === value }, text)),
  );
  box.replaceChildren(
    h('label', { for: 'availability', class: 'visually-hidden' }, 'Availability'),
    h('span', { class: 'availability-dot', 'aria-hidden': 'true' }),
    select,
    ...(availability.idle ? [h('span', { class: 'availability-idle', id: 'availability-idle' }, 'Away (idle)')] : []),
  );
  box.className = 'availability availability-' + availability.status;
}

/**
 * The console counts as activity only when it makes a request; someone reading a thread makes
 * none. Real input (keys, clicks) tells the server at most every two minutes, so a person at the
 * console stays available and an empty chair becomes away.
 */
function activity() {
  if (!state.me || Date.now() - lastPing < 120_000) return;
  lastPing = Date.now();
  api('GET', '/api/me/availability', undefined, true).then(
    (result) => {
      if (!state.me) return;
      const was = state.me.availability;
      state.me.availability = result.availability;
      if (!was || was.status !== result.availability.status || was.idle !== result.availability.idle) drawSwitch(result.availability);
    },
    () => {},
  );
}
for (const event of ['keydown', 'pointerdown']) window.addEventListener(event, activity, { passive: true });

/** Called with every live snapshot: tells me once about each item newly assigned to me. */
export function noticeAssignments(items) {
  if (!state.me) return;
  const me = state.me.user.id;
  const now = new Set(items.filter((i) => i.assignee && i.assignee.id === me && i.status === 'open').map((i) => i.id));
  if (mine === null) {
    mine = now;
    return;
  }
  const fresh = [...now].filter((id) => !(/** @type {Set<number>} */ (mine).has(id)));
  mine = now;
  if (fresh.length === 0) return;
  const first = items.find((i) => i.id === fresh[0]);
  toast(
    fresh.length === 1
      ? 'Thread #' + fresh[0] + (first && first.reason ? ' (' + first.reason.split(':')[0] + ')' : '') + ' was assigned to you.'
      : fresh.length + ' threads were assigned to you.',
  );
  if (alertsEnabled() && 'Notification' in window && Notification.permission === 'granted' && document.hidden) {
    new Notification('Assigned to you in Frontdesk', { body: 'Thread #' + fresh.join(', #') + '. Open the console to read it.' });
  }
}
