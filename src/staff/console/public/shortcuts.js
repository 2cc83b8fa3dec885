// @ts-check
// Keyboard shortcuts for working the queue without the mouse; `?` lists them. Keys are ignored
// while typing in a text box (Esc leaves it), and never act on a thread the user cannot see.

import { $, state, h, navigate } from './core.js';
import { visibleItems, claimFromQueue, renderQueueRows } from './queue.js';

export const SHORTCUTS = [
  ['j', 'Next item (in a thread: open the next one in the queue)'],
  ['k', 'Previous item'],
  ['Enter', 'Open the selected item'],
  ['c', 'Claim the selected item, or this thread'],
  ['r', 'Reply: go to the message box'],
  ['e', 'Resolve this thread (asks first while the patient is unanswered)'],
  ['/', 'Search threads'],
  ['?', 'Show or hide this list'],
  ['Esc', 'Close this list, or leave a text box'],
];

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

const inThread = () => state.thread !== null && location.pathname.startsWith('/staff/threads/');

export function installShortcuts() {
  document.addEventListener('keydown', (ev) => {
    if (!state.me || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === 'Escape') {
      if (closeHelp()) ev.preventDefault();
      else if (typing(ev.target) && ev.target instanceof HTMLElement) ev.target.blur();
      return;
    }
    if (typing(ev.target)) return;
    if (!handle(ev.key)) return;
    ev.preventDefault();
  });
}

function handle(key) {
  switch (key) {
    case '?':
      toggleHelp();
      return true;
    case 'j':
      return move(1);
    case 'k':
      return move(-1);
    case 'Enter':
      if (!$('#queue-body') || state.selected === null) return false;
      navigate('/staff/threads/' + state.selected);
      return true;
    case 'c':
      if (inThread()) return clickIf('#claim');
      if ($('#queue-body') && state.selected !== null) {
        claimFromQueue(state.selected);
        return true;
      }
      return false;
    case 'r': {
      const box = inThread() && $('#reply-text');
      if (!box) return false;
      box.focus();
      return true;
    }
    case 'e':
      return inThread() && clickIf('#resolve');
    case '/':
      navigate('/staff/search');
      return true;
    default:
      return false;
  }
}

function clickIf(selector) {
  const button = $(selector);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

/** Moves the selection in the queue; in a thread, opens the next (or previous) queue item. */
function move(step) {
  const items = visibleItems();
  if (items.length === 0) return false;
  if (inThread()) {
    const at = items.findIndex((i) => i.id === state.thread.escalation.id);
    const next = items[at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + step))];
    if (!next || next.id === state.thread.escalation.id) return false;
    state.selected = next.id;
    navigate('/staff/threads/' + next.id);
    return true;
  }
  if (!$('#queue-body')) return false;
  const at = items.findIndex((i) => i.id === state.selected);
  const index = at === -1 ? (step > 0 ? 0 : items.length - 1) : Math.min(items.length - 1, Math.max(0, at + step));
  state.selected = items[index].id;
  renderQueueRows();
  const row = $('#queue-body tr.selected');
  if (row) row.scrollIntoView({ block: 'nearest' });
  return true;
}

function toggleHelp() {
  if (closeHelp()) return;
  const close = h('button', { type: 'button', class: 'button-quiet', onclick: () => closeHelp() }, 'Close');
  const dialog = h(
    'div',
    { id: 'shortcuts-help', class: 'dialog', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'shortcuts-title' },
    h('h2', { id: 'shortcuts-title' }, 'Keyboard shortcuts'),
    h(
      'table',
      { class: 'shortcuts' },
      h(
        'tbody',
        {},
        SHORTCUTS.map(([key, text]) => h('tr', {}, h('th', { scope: 'row' }, h('kbd', {}, key)), h('td', {}, text))),
      ),
    ),
    close,
  );
  document.body.append(dialog);
  close.focus();
}

function closeHelp() {
  const dialog = $('#shortcuts-help');
  if (!dialog) return false;
  dialog.remove();
  return true;
}
