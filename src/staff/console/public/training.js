// @ts-check
// Teaching the router: a label menu on each patient message of a thread, and the Training view
// where admins accept or reject pending labels. Patient text is only ever inserted as text nodes.

import { h, api, toast, showError, setMain, timeEl, intentLabel, link, state } from './core.js';

/** @type {Promise<Array<{ intent: string, route: string }>> | null} */
let intentsLoading = null;

/** The intents this role may label with (front-desk ones only for agents), fetched once per page. */
function labelIntents() {
  intentsLoading ??= api('GET', '/api/training/intents').then(
    (/** @type {any} */ r) => r.items,
    (/** @type {unknown} */ err) => {
      intentsLoading = null;
      throw err;
    },
  );
  return intentsLoading;
}

/**
 * "Label intent" under a patient message: pick what the message really was; the label waits for
 * an admin's review. A refusal (an emergency rule decides this message) is shown as the server says it.
 * @param {number} escalationId
 * @param {any} message a message of the thread view
 */
export function labelControl(escalationId, message) {
  if (message.author !== 'patient' || message.withheld) return null;
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const select = h('select', { 'aria-label': 'Intent of this message', required: true }, h('option', { value: '' }, 'Choose…'));
  const form = h(
    'form',
    {
      class: 'label-form',
      onsubmit: async (/** @type {Event} */ event) => {
        event.preventDefault();
        showError(error, null);
        try {
          await api('POST', '/api/escalations/' + escalationId + '/messages/' + message.id + '/label', {
            intent: /** @type {HTMLSelectElement} */ (select).value,
          });
          toast('Label saved: it waits for an admin’s review.');
          details.removeAttribute('open');
        } catch (err) {
          showError(error, err);
        }
      },
    },
    select,
    ' ',
    h('button', { type: 'submit' }, 'Save label'),
    error,
  );
  const details = h(
    'details',
    {
      class: 'label-menu',
      ontoggle: async () => {
        if (!(/** @type {HTMLDetailsElement} */ (details).open) || select.childElementCount > 1) return;
        try {
          for (const i of await labelIntents())
            select.append(h('option', { value: i.intent }, intentLabel(i.intent) + ' (' + i.route + ')'));
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('summary', {}, 'Label intent'),
    form,
  );
  return details;
}

/** The Training view: pending labels with their messages (as this role may read them), and the model. */
export async function renderTraining() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  setMain(h('h1', {}, 'Training'), h('p', { class: 'muted' }, 'Loading…'));
  /** @type {any} */
  let data;
  try {
    data = await api('GET', '/api/training/labels');
  } catch (err) {
    setMain(h('h1', {}, 'Training'), error);
    showError(error, err);
    return;
  }
  const isAdmin = state.me.user.role === 'admin';
  const model = data.model;
  const review = async (/** @type {number} */ id, /** @type {'accept' | 'reject'} */ action) => {
    showError(error, null);
    try {
      await api('POST', '/api/training/labels/' + id + '/' + action);
      toast(action === 'accept' ? 'Accepted: the model is retrained in the background.' : 'Rejected.');
      await renderTraining();
    } catch (err) {
      showError(error, err);
    }
  };
  setMain(
    h('h1', {}, 'Training'),
    h(
      'p',
      { class: 'model-status' },
      'Model ',
      h('code', {}, model.version),
      ', trained with ' + model.examples + ' practice example' + (model.examples === 1 ? '' : 's') + '; it routes ',
      Math.round(model.examplesRight * 100) + '% of them to their label.',
      model.training ? ' Retraining now…' : '',
    ),
    h(
      'p',
      { class: 'muted' },
      'Staff label what a patient message really was; accepted labels become the practice’s own examples. Emergencies come from the safety rules, never from labels.',
    ),
    error,
    data.items.length === 0
      ? h('p', {}, 'No labels waiting for review.')
      : h(
          'ul',
          { class: 'training-labels' },
          data.items.map((/** @type {any} */ item) =>
            h(
              'li',
              { class: 'training-label', dataset: { id: String(item.id) } },
              h(
                'div',
                { class: 'meta' },
                h('strong', {}, intentLabel(item.intent)),
                ' (' + (item.route || '?') + ') · the model says ' + intentLabel(item.modelIntent) + ' · ',
                timeEl(item.labelledAt),
                ' · ',
                item.escalationId ? link('/staff/threads/' + item.escalationId, 'Thread #' + item.escalationId) : null,
              ),
              h('p', { class: 'text' }, item.message.text),
              isAdmin
                ? h(
                    'div',
                    { class: 'actions' },
                    h('button', { type: 'button', onclick: () => review(item.id, 'accept') }, 'Accept'),
                    ' ',
                    h('button', { type: 'button', class: 'secondary', onclick: () => review(item.id, 'reject') }, 'Reject'),
                  )
                : null,
            ),
          ),
        ),
  );
}
