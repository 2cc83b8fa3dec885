// @ts-check
// A patient's data request ("delete my data"): export what is held, then erase it after a typed
// confirmation. Admins only; the server checks that too.

import { h, api, toast, showError, fmtFull } from './core.js';

const CONFIRM_WORD = 'ERASE';

/**
 * The data-request panel of a thread. `reload` redraws the thread after an erasure.
 * @param {{ id: number }} e the escalation
 * @param {HTMLElement} error the thread's error region
 * @param {() => Promise<void>} reload
 */
export function dataRequestSection(e, error, reload) {
  const base = '/api/escalations/' + e.id + '/patient-data';
  const held = h('p', { id: 'data-held', class: 'muted' }, 'Checking what is held…');
  const confirm = h('input', { id: 'erase-confirm', type: 'text', autocomplete: 'off', spellcheck: 'false' });
  const erase = h('button', { type: 'submit', id: 'erase-data', class: 'button-danger' }, 'Erase patient data');
  const form = h(
    'form',
    {
      class: 'erase-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        if (confirm.value.trim() !== CONFIRM_WORD) {
          showError(error, new Error('Type ' + CONFIRM_WORD + ' in the box to confirm the erasure.'));
          return;
        }
        erase.disabled = true;
        try {
          const result = await api('POST', base + '/erase', { confirm: CONFIRM_WORD });
          const told =
            result.notice === 'sent'
              ? ' The patient has been told.'
              : ' The patient could not be told: ' + (result.reason || 'the channel does not allow a message now') + '.';
          const backups = result.backups && result.backups.count > 0 ? ' ' + result.backups.message : '';
          toast('Erased ' + result.messages + ' messages and ' + result.notes + ' notes.' + told + backups);
          await reload();
        } catch (err) {
          showError(error, err);
        } finally {
          erase.disabled = false;
        }
      },
    },
    h(
      'label',
      { for: 'erase-confirm' },
      'Type ' +
        CONFIRM_WORD +
        ' to erase this patient\u2019s messages, notes, flow state and profile. This cannot be undone; the audit log keeps a record without content.',
    ),
    confirm,
    erase,
  );

  api('GET', base).then(
    (s) => {
      held.textContent = s.erasedAt
        ? 'Erased ' + fmtFull(s.erasedAt) + '. Held now: ' + s.messages + ' messages, ' + s.notes + ' notes.'
        : 'Held now: ' + s.messages + ' messages and ' + s.notes + ' notes in ' + s.conversations + ' conversation(s).';
    },
    (err) => {
      held.textContent = err.message;
    },
  );

  return h(
    'section',
    { class: 'data-request', 'aria-labelledby': 'data-request-title' },
    h('h2', { id: 'data-request-title' }, 'Patient data request'),
    held,
    h(
      'p',
      { class: 'actions' },
      h(
        'a',
        { class: 'button button-quiet', id: 'export-json', href: base + '/export?format=json', download: '' },
        'Export all data (JSON)',
      ),
      ' ',
      h(
        'a',
        { class: 'button button-quiet', id: 'export-text', href: base + '/export?format=text', download: '' },
        'Export transcript (text)',
      ),
    ),
    form,
  );
}
