// @ts-check
// Replies that did not reach the patient: the list under the queue and in a thread, with
// "Resend" and "Mark handled". Patient-facing text is only ever inserted as text nodes.

import { h, api, toast, showError, timeEl, link, channelName } from './core.js';

/**
 * One undelivered reply as a list item, with its two actions.
 * @param {any} item a row of GET /api/outbox/undelivered
 * @param {HTMLElement} error where an action's error is shown
 * @param {() => Promise<void>} refresh called after an action succeeded
 */
export function undeliveredItem(item, error, refresh) {
  const act = async (/** @type {'resend' | 'handled'} */ action) => {
    showError(error, null);
    try {
      await api('POST', '/api/outbox/' + item.id + '/' + action);
      toast(action === 'resend' ? 'Sending the reply again.' : 'Marked as handled.');
      await refresh();
    } catch (err) {
      showError(error, err);
    }
  };
  const state =
    item.status === 'undeliverable'
      ? 'Refused by ' + (item.channelName || channelName(item.channel))
      : item.retrying
        ? 'Not delivered yet, retrying when the channel recovers'
        : 'Not delivered';
  return h(
    'li',
    { class: 'undelivered-item', dataset: { id: String(item.id), status: item.status } },
    h(
      'div',
      { class: 'meta' },
      h('strong', {}, state),
      ' · ',
      timeEl(item.createdAt),
      ' · ',
      item.escalationId
        ? link('/staff/threads/' + item.escalationId, 'Thread #' + item.escalationId)
        : h('span', { class: 'muted' }, 'No escalation (conversation ' + item.conversationId + ')'),
    ),
    h('p', { class: 'text' + (item.withheld ? ' withheld' : '') }, item.text),
    item.reason ? h('p', { class: 'delivery-problem' }, item.reason) : null,
    // A clinical reply is resent or closed by a clinician: the server refuses it for other roles.
    item.withheld
      ? null
      : h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', class: 'button-small', onclick: () => act('resend') }, 'Resend'),
          h('button', { type: 'button', class: 'button-small button-quiet', onclick: () => act('handled') }, 'Mark handled'),
        ),
  );
}

/**
 * The queue page's section: every undelivered reply this user may see, loaded when the page opens
 * and again whenever the live queue reports a change to them (a `refresh` event on the section).
 * @returns {HTMLElement}
 */
export function undeliveredSection() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'undelivered', id: 'undelivered-list' });
  const count = h('span', { class: 'count' });
  const section = h(
    'section',
    { class: 'undelivered-section', id: 'undelivered-section', 'aria-labelledby': 'undelivered-title', hidden: true },
    h('h2', { id: 'undelivered-title' }, 'Replies not delivered ', count),
    error,
    list,
  );
  const load = async () => {
    try {
      const { items } = await api('GET', '/api/outbox/undelivered', undefined, true);
      section.hidden = items.length === 0;
      count.textContent = '(' + items.length + ')';
      list.replaceChildren(...items.map((/** @type {any} */ item) => undeliveredItem(item, error, load)));
    } catch (err) {
      showError(error, err);
    }
  };
  // The live queue says when the list changed (see console.js).
  section.addEventListener('refresh', () => void load());
  void load();
  return section;
}
