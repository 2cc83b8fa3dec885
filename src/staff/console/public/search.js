// @ts-check
// Search over threads: patient name or alias, words in the conversation (only what your role may
// read), status, channel and dates. Results are rows like the queue's; patient text as text nodes.

import { channelName, state, h, setMain, showError, api, timeEl, link, badge, intentLabel } from './core.js';

export function renderSearch() {
  const params = new URLSearchParams(location.search);
  const q = h('input', {
    id: 'search-q',
    type: 'search',
    name: 'q',
    value: params.get('q') || '',
    placeholder: 'Name, alias or words',
    autocomplete: 'off',
  });
  const status = h(
    'select',
    { id: 'search-status', name: 'status' },
    [
      ['all', 'Open and resolved'],
      ['open', 'Open'],
      ['resolved', 'Resolved'],
    ].map(([v, t]) => h('option', { value: v, selected: v === (params.get('status') || 'all') }, t)),
  );
  const channel = h(
    'select',
    { id: 'search-channel', name: 'channel' },
    [['', 'All channels'], ...(state.me.channels || []).map((c) => [c.id, c.name])].map(([v, t]) =>
      h('option', { value: v, selected: v === (params.get('channel') || '') }, t),
    ),
  );
  const from = h('input', { id: 'search-from', type: 'date', name: 'from', value: params.get('from') || '' });
  const to = h('input', { id: 'search-to', type: 'date', name: 'to', value: params.get('to') || '' });
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const body = h('tbody', { id: 'search-body' });
  const summary = h('p', { class: 'hint', id: 'search-summary', role: 'status' });

  const run = async () => {
    const query = new URLSearchParams();
    if (q.value.trim()) query.set('q', q.value.trim());
    query.set('status', status.value);
    if (channel.value) query.set('channel', channel.value);
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    history.replaceState(null, '', '/staff/search?' + query.toString());
    showError(error, null);
    summary.textContent = 'Searching…';
    try {
      const { items } = await api('GET', '/api/search?' + query.toString());
      summary.textContent =
        items.length === 0 ? 'No threads found.' : items.length + ' thread' + (items.length === 1 ? '' : 's') + ' found.';
      body.replaceChildren(...items.map(resultRow));
    } catch (err) {
      summary.textContent = '';
      showError(error, err);
    }
  };

  setMain(
    h('h1', {}, 'Search threads'),
    h(
      'form',
      {
        class: 'filters search',
        role: 'search',
        'aria-label': 'Search threads',
        onsubmit: (e) => {
          e.preventDefault();
          run();
        },
      },
      h('label', { for: 'search-q' }, 'Search'),
      q,
      h('label', { for: 'search-status' }, 'Status'),
      status,
      h('label', { for: 'search-channel' }, 'Channel'),
      channel,
      h('label', { for: 'search-from' }, 'From'),
      from,
      h('label', { for: 'search-to' }, 'To'),
      to,
      h('button', { type: 'submit', id: 'search-submit' }, 'Search'),
    ),
    h(
      'p',
      { class: 'hint' },
      state.me.user.role === 'agent'
        ? 'Words match administrative messages only; clinical messages are visible to clinicians.'
        : 'Words match every message of the conversation.',
    ),
    error,
    summary,
    h(
      'table',
      { class: 'queue' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Type', 'Patient', 'Thread', 'Match', 'Channel', 'Opened', 'Status'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      body,
    ),
  );
  q.focus();
  if (params.toString()) run();
}

function resultRow(i) {
  const match = i.match ? i.match.text : i.preview || '';
  return h(
    'tr',
    { class: 'row route-' + i.route, dataset: { id: String(i.id) } },
    h('td', { 'data-label': 'Type' }, badge(i.route)),
    h('td', { 'data-label': 'Patient', class: 'patient' }, i.patientName || ''),
    h('td', { 'data-label': 'Thread' }, link('/staff/threads/' + i.id, '#' + i.id + ' · ' + intentLabel(i.intent))),
    h('td', { 'data-label': 'Match', class: 'preview' + (!i.match && i.previewWithheld ? ' withheld' : '') }, match),
    h('td', { 'data-label': 'Channel' }, i.channelName || channelName(i.channel)),
    h('td', { 'data-label': 'Opened' }, timeEl(i.createdAt)),
    h('td', { 'data-label': 'Status' }, i.status === 'open' ? 'Open' : 'Resolved'),
  );
}
