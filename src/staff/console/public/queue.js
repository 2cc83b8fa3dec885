// @ts-check
// The queue and the recently resolved list.

import {
  $,
  ROUTE_LABELS,
  LANGUAGE_NAMES,
  languageTag,
  channelName,
  state,
  h,
  setMain,
  toast,
  showError,
  api,
  fmtDuration,
  timeEl,
  link,
  badge,
  intentLabel,
} from './core.js';
import { alertsEnabled, setAlerts } from './alerts.js';
import { undeliveredSection } from './undelivered.js';

// ---------------------------------------------------------------------------------------------
// Queue

export function visibleItems() {
  const f = state.filters;
  const me = state.me.user.id;
  return state.queue.filter(
    (i) =>
      (f.assigned === 'all' || (f.assigned === 'mine' ? i.assignee && i.assignee.id === me : !i.assignee)) &&
      (!f.route || i.route === f.route) &&
      (!f.channel || i.channel === f.channel) &&
      (!f.language || (i.language || 'en') === f.language),
  );
}

export function renderQueue() {
  const filterChanged = () => {
    state.filters = {
      assigned: $('input[name="assigned"]:checked').value,
      route: $('#filter-route').value,
      channel: $('#filter-channel').value,
      language: $('#filter-language').value,
    };
    renderQueueRows();
  };
  const radio = (value, text) =>
    h(
      'label',
      { class: 'radio' },
      h('input', { type: 'radio', name: 'assigned', value, checked: state.filters.assigned === value, onchange: filterChanged }),
      ' ',
      text,
    );
  const select = (id, label, options, value) =>
    h(
      'label',
      { for: id },
      label,
      ' ',
      h(
        'select',
        { id, onchange: filterChanged },
        options.map(([v, t]) => h('option', { value: v, selected: v === value }, t)),
      ),
    );
  const routes = state.me.visibleRoutes.map((r) => [r, ROUTE_LABELS[r]]);

  const alertsButton = h(
    'button',
    {
      type: 'button',
      id: 'alerts-toggle',
      class: 'button-quiet button-small',
      'aria-pressed': String(alertsEnabled()),
      onclick: async () => {
        await setAlerts(!alertsEnabled());
        alertsButton.setAttribute('aria-pressed', String(alertsEnabled()));
        alertsButton.textContent = alertsLabel();
        toast(alertsEnabled() ? 'Emergency alerts on: a sound and a notification for each new emergency.' : 'Emergency alerts off.');
      },
    },
    alertsLabel(),
  );

  setMain(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, 'Queue ', h('span', { id: 'queue-count', class: 'count' })),
      h('span', { id: 'live', class: 'live', role: 'status' }, state.stream ? 'Live' : 'Connecting…'),
      alertsButton,
      h('span', { class: 'hint shortcut-hint' }, 'Press ', h('kbd', {}, '?'), ' for keyboard shortcuts'),
    ),
    h(
      'form',
      { class: 'filters', 'aria-label': 'Filter the queue', onsubmit: (e) => e.preventDefault() },
      h('fieldset', {}, h('legend', {}, 'Show'), radio('all', 'All'), radio('mine', 'Mine'), radio('unassigned', 'Unassigned')),
      select('filter-route', 'Type', [['', 'All types'], ...routes], state.filters.route),
      select(
        'filter-channel',
        'Channel',
        [['', 'All channels'], ...(state.me.channels || []).map((c) => [c.id, c.name])],
        state.filters.channel,
      ),
      select('filter-language', 'Language', [['', 'All languages'], ...Object.entries(LANGUAGE_NAMES)], state.filters.language),
    ),
    h('p', { class: 'error', role: 'alert', id: 'queue-error', hidden: true }),
    h(
      'table',
      { class: 'queue' },
      h('caption', { class: 'visually-hidden' }, 'Open threads, most urgent first, then oldest first'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Type', 'Thread', 'Channel', 'Waiting', 'Reply due', 'Assigned to', 'Action'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      h('tbody', { id: 'queue-body' }),
    ),
    undeliveredSection(),
  );
  renderQueueRows();
}

function alertsLabel() {
  return 'Emergency alerts: ' + (alertsEnabled() ? 'on' : 'off');
}

export function renderQueueRows() {
  const body = $('#queue-body');
  if (!body) return;
  const items = visibleItems();
  $('#queue-count').textContent = state.queueLoaded ? '(' + items.length + ')' : '';
  if (!state.queueLoaded) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'Loading…')));
    return;
  }
  if (items.length === 0) {
    body.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'empty' }, 'Nothing waiting. New messages appear here automatically.')));
    return;
  }
  const now = Date.now();
  const me = state.me.user.id;
  body.replaceChildren(
    ...items.map((i) => {
      const overdue = i.slaDueAt !== null && Date.parse(i.slaDueAt) < now;
      const claimButton = i.assignee
        ? null
        : h(
            'button',
            { type: 'button', class: 'button-small', 'aria-label': 'Claim thread ' + i.id, onclick: () => claimFromQueue(i.id) },
            'Claim',
          );
      const selected = state.selected === i.id;
      return h(
        'tr',
        {
          class: 'row route-' + i.route + (overdue ? ' overdue' : '') + (selected ? ' selected' : ''),
          'aria-selected': selected ? 'true' : undefined,
          dataset: { id: String(i.id) },
        },
        h('td', { 'data-label': 'Type' }, badge(i.route)),
        h('td', { 'data-label': 'Thread', class: 'thread-cell' }, threadCell(i)),
        h('td', { 'data-label': 'Channel' }, [
          i.channelName || channelName(i.channel),
          i.repliesPaused ? h('div', { class: 'replies-paused' }, i.repliesPaused.notice) : null,
        ]),
        h('td', { 'data-label': 'Waiting' }, fmtDuration(now - Date.parse(i.createdAt))),
        h(
          'td',
          { 'data-label': 'Reply due' },
          i.slaDueAt
            ? [timeEl(i.slaDueAt), overdue ? h('strong', { class: 'overdue-tag' }, ' Overdue') : null]
            : h('span', { class: 'muted' }, 'Answered'),
        ),
        h(
          'td',
          { 'data-label': 'Assigned to' },
          i.assignee ? (i.assignee.id === me ? 'You' : i.assignee.name) : h('span', { class: 'muted' }, 'Unassigned'),
        ),
        h('td', { 'data-label': 'Action' }, claimButton),
      );
    }),
  );
}

/**
 * The thread cell as one block (so a phone's card wraps it as text, not as squeezed columns): the
 * link, the patient, why the item exists (its reason), then their latest message.
 */
function threadCell(i) {
  return h(
    'div',
    { class: 'thread-summary' },
    link('/staff/threads/' + i.id, '#' + i.id + ' · ' + intentLabel(i.intent)),
    h('div', { class: 'patient' }, i.patientName || '', languageTag(i.language)),
    i.reason ? h('div', { class: 'reason' + (i.reasonWithheld ? ' withheld' : '') }, i.reason) : null,
    i.preview
      ? h('div', { class: 'preview' + (i.previewWithheld ? ' withheld' : '') + (repeatsReason(i) ? ' repeats-reason' : '') }, i.preview)
      : null,
    i.burst ? h('div', { class: 'burst' }, i.burst.summary) : null,
  );
}

/** A latest message that only repeats the reason's own text is not shown again under it. */
function repeatsReason(i) {
  return typeof i.reason === 'string' && !i.previewWithheld && i.reason.endsWith(': ' + i.preview);
}

export async function claimFromQueue(id) {
  try {
    await api('POST', '/api/escalations/' + id + '/claim');
    toast('Thread #' + id + ' is yours.');
  } catch (err) {
    showError($('#queue-error'), err);
  }
}

// ---------------------------------------------------------------------------------------------
// Recently resolved

export async function renderResolved() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const body = h('tbody', {}, h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'Loading…')));
  setMain(
    h('h1', {}, 'Recently resolved'),
    h('p', { class: 'hint' }, 'Threads closed in the last 7 days. Open one to read it or reopen it.'),
    error,
    h(
      'table',
      { class: 'queue' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Type', 'Thread', 'Channel', 'Closed', 'By', 'How'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      body,
    ),
  );
  try {
    const { items } = await api('GET', '/api/escalations?status=resolved');
    body.replaceChildren(
      ...(items.length
        ? items.map((i) =>
            h(
              'tr',
              { class: 'row' },
              h('td', { 'data-label': 'Type' }, badge(i.route)),
              h('td', { 'data-label': 'Thread' }, link('/staff/threads/' + i.id, '#' + i.id + ' · ' + intentLabel(i.intent))),
              h('td', { 'data-label': 'Channel' }, i.channelName || channelName(i.channel)),
              h('td', { 'data-label': 'Closed' }, timeEl(i.resolvedAt)),
              h('td', { 'data-label': 'By' }, i.resolvedBy || ''),
              h('td', { 'data-label': 'How' }, i.resolution === 'handed_back' ? 'Handed back to the assistant' : 'Resolved'),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'Nothing resolved in the last 7 days.'))]),
    );
  } catch (err) {
    showError(error, err);
  }
}
