// @ts-check
// Reports: what a practice manager looks at. The figures come from GET /api/reports/summary (already
// limited to the reader's role: agents get front-desk figures, patient words are withheld as the role
// requires); the charts are SVG drawn here, and the CSV comes from the same figures on the server.

import { ROUTE_LABELS, LANGUAGE_NAMES, channelName, state, h, setMain, showError, api, fmtFull } from './core.js';

const SVG = 'http://www.w3.org/2000/svg';
const PERIODS = [
  [7, 'Last 7 days'],
  [30, 'Last 30 days'],
  [90, 'Last 90 days'],
  [365, 'Last 12 months'],
];
const ROLE_LABELS = { admin: 'Admins', clinician: 'Clinicians', agent: 'Front desk', service: 'Automation' };

/** An SVG element: s('rect', {x: 1, class: 'bar'}, child). */
function s(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    el.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return el;
}

/** Charts are drawn for the width they get: text in an SVG scales with it. */
const narrow = () => window.matchMedia('(max-width: 48rem)').matches;

/** A duration in seconds of opening hours, as people read it. */
export function fmtSeconds(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 60) return seconds + ' s';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes + ' min';
  const hours = Math.floor(minutes / 60);
  return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
}

const pct = (share) => (share === null || share === undefined ? '—' : Math.round(share * 100) + ' %');

/** A rounded-up axis maximum: 1, 2, 5, 10, 20, 50… */
function niceMax(value) {
  if (value <= 0) return 1;
  const step = Math.pow(10, Math.floor(Math.log10(value)));
  for (const m of [1, 2, 5, 10]) if (value <= m * step) return m * step;
  return 10 * step;
}

/**
 * Stacked daily bars: one bar per day, a segment per series, with a legend and a text alternative.
 * @param {string} title
 * @param {Array<{date: string}>} days
 * @param {Array<{key: string, label: string}>} series
 * @param {(day: any, key: string) => number} value
 */
function dailyChart(title, days, series, value) {
  const width = narrow() ? 360 : 720;
  const height = narrow() ? 200 : 220;
  const left = 36;
  const bottom = 24;
  const plotW = width - left - 8;
  const plotH = height - bottom - 10;
  const totals = days.map((d) => series.reduce((sum, se) => sum + value(d, se.key), 0));
  const max = niceMax(Math.max(0, ...totals));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, Math.min(28, slot * 0.7));
  const y = (v) => 10 + plotH - (v / max) * plotH;
  const grid = [0, max / 2, max]
    .filter((v) => Number.isInteger(v))
    .map((v) =>
      s(
        'g',
        {},
        s('line', { x1: left, x2: width - 8, y1: y(v), y2: y(v), class: 'chart-grid' }),
        s('text', { x: left - 6, y: y(v) + 4, class: 'chart-axis', 'text-anchor': 'end' }, String(v)),
      ),
    );
  const labelEvery = Math.ceil(days.length / (narrow() ? 4 : 8));
  const bars = days.map((d, i) => {
    let top = 0;
    const x = left + i * slot + (slot - barW) / 2;
    const segments = series.map((se, n) => {
      const v = value(d, se.key);
      const rect = s(
        'rect',
        { x, y: y(top + v), width: barW, height: (v / max) * plotH, class: 'chart-series-' + (n % 6) },
        s('title', {}, d.date + ' · ' + se.label + ': ' + v),
      );
      top += v;
      return v > 0 ? rect : null;
    });
    const label =
      i % labelEvery === 0
        ? s('text', { x: x + barW / 2, y: height - 6, class: 'chart-axis', 'text-anchor': 'middle' }, d.date.slice(5))
        : null;
    return s('g', {}, ...segments, label);
  });
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      class: 'chart',
      role: 'img',
      'aria-label': title + ': ' + totals.reduce((a, b) => a + b, 0) + ' in all',
    },
    ...grid,
    ...bars,
  );
  const legend = h(
    'ul',
    { class: 'chart-legend' },
    series.map((se, n) => h('li', {}, h('span', { class: 'chart-swatch chart-swatch-' + (n % 6), 'aria-hidden': 'true' }), se.label)),
  );
  return h('figure', { class: 'report-chart' }, h('figcaption', {}, title), svg, legend);
}

/**
 * Horizontal bars, one per row, with the value written beside each.
 * @param {string} title
 * @param {Array<{label: string, value: number, text?: string, cls?: string}>} rows
 */
function barList(title, rows) {
  const width = narrow() ? 340 : 480;
  const rowH = 26;
  const labelW = narrow() ? 120 : 150;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const plotW = width - labelW - 90;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${Math.max(1, rows.length) * rowH + 4}`, class: 'chart chart-bars', role: 'img', 'aria-label': title },
    rows.map((r, i) =>
      s(
        'g',
        {},
        s('text', { x: labelW - 8, y: i * rowH + 18, class: 'chart-label', 'text-anchor': 'end' }, r.label),
        s('rect', {
          x: labelW,
          y: i * rowH + 5,
          width: Math.max(r.value > 0 ? 2 : 0, (r.value / max) * plotW),
          height: rowH - 10,
          class: r.cls || 'chart-series-0',
        }),
        s('text', { x: labelW + (r.value / max) * plotW + 6, y: i * rowH + 18, class: 'chart-value' }, r.text ?? String(r.value)),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'report-chart' },
    h('figcaption', {}, title),
    rows.length ? svg : h('p', { class: 'hint' }, 'Nothing in this period.'),
  );
}

/** p50 and p90 per role, as paired bars. */
function timesChart(title, overall, byRole) {
  const rows = byRole.flatMap((r) => [
    { label: (ROLE_LABELS[r.role] || r.role) + ' p50', value: r.p50 || 0, text: fmtSeconds(r.p50), cls: 'chart-series-0' },
    { label: (ROLE_LABELS[r.role] || r.role) + ' p90', value: r.p90 || 0, text: fmtSeconds(r.p90), cls: 'chart-series-1' },
  ]);
  const chart = barList(title, rows);
  chart.append(
    h(
      'p',
      { class: 'hint' },
      'All: p50 ' + fmtSeconds(overall.p50) + ', p90 ' + fmtSeconds(overall.p90) + ' (' + overall.count + ' measured, in opening hours).',
    ),
  );
  return chart;
}

function figure(label, value, id) {
  return h(
    'div',
    { class: 'report-figure', id },
    h('span', { class: 'report-figure-value' }, value),
    h('span', { class: 'report-figure-label' }, label),
  );
}

export async function renderReports() {
  const params = new URLSearchParams(location.search);
  const days = Number(params.get('days')) || 30;
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const body = h('div', { id: 'report-body', class: 'report-body', 'aria-busy': 'true' }, h('p', { class: 'hint' }, 'Loading…'));
  const period = h(
    'select',
    {
      id: 'report-days',
      onchange: () => {
        history.replaceState(null, '', '/staff/reports?days=' + period.value);
        renderReports();
      },
    },
    PERIODS.map(([n, text]) => h('option', { value: n, selected: n === days }, text)),
  );
  const csv = h(
    'a',
    { class: 'button button-quiet', id: 'report-csv', href: '/api/reports/summary.csv?days=' + days, download: '' },
    'Download CSV',
  );
  setMain(
    h('div', { class: 'page-head' }, h('h1', {}, 'Reports'), h('label', { for: 'report-days' }, 'Period ', period), csv),
    error,
    body,
  );
  try {
    const r = await api('GET', '/api/reports/summary?days=' + days);
    body.replaceChildren(...reportSections(r).filter((section) => section !== null));
    body.setAttribute('aria-busy', 'false');
  } catch (err) {
    body.replaceChildren();
    showError(error, err);
  }
}

function reportSections(r) {
  const channels = [...new Set(r.byDay.flatMap((d) => Object.keys(d.byChannel)))].sort();
  const languages = [...new Set(r.byDay.flatMap((d) => Object.keys(d.byLanguage)))].sort();
  const scopeNote =
    r.scope === 'front-desk'
      ? h(
          'p',
          { class: 'hint', id: 'report-scope' },
          'Your role covers requests and general threads: escalation, response and SLA figures count those only.',
        )
      : null;
  return [
    h('p', { class: 'hint' }, fmtFull(r.from) + ' to ' + fmtFull(r.to) + ' · durations count opening hours only (' + r.timeZone + ').'),
    scopeNote,
    h(
      'div',
      { class: 'report-figures' },
      figure('conversations', String(r.conversations), 'figure-conversations'),
      figure('patient messages', String(r.messages), 'figure-messages'),
      figure('handled by the assistant alone', pct(r.assistantHandledShare), 'figure-assistant'),
      figure('escalations', String(r.escalations), 'figure-escalations'),
      figure(
        'first response p50 / p90',
        fmtSeconds(r.firstResponseSeconds.p50) + ' / ' + fmtSeconds(r.firstResponseSeconds.p90),
        'figure-first-response',
      ),
      figure('SLA breaches', String(r.slaBreaches.total), 'figure-sla'),
    ),
    h(
      'div',
      { class: 'report-grid' },
      dailyChart(
        'Conversations per day, by channel',
        r.byDay,
        channels.map((c) => ({ key: c, label: channelName(c) })),
        (d, key) => (d.byChannel[key] ? d.byChannel[key].conversations : 0),
      ),
      dailyChart(
        'Patient messages per day, by language',
        r.byDay,
        languages.map((l) => ({ key: l, label: LANGUAGE_NAMES[l] || l })),
        (d, key) => (d.byLanguage[key] ? d.byLanguage[key].messages : 0),
      ),
      barList(
        'Escalations by type',
        r.routes.map((route) => ({
          label: ROUTE_LABELS[route] || route,
          value: r.escalationsByRoute[route] || 0,
          cls: 'chart-route-' + route,
        })),
      ),
      barList(
        'SLA breaches by type',
        r.routes.map((route) => ({
          label: ROUTE_LABELS[route] || route,
          value: r.slaBreaches.byRoute[route] || 0,
          cls: 'chart-route-' + route,
        })),
      ),
      timesChart('First response, by role', r.firstResponseSeconds, r.firstResponseByRole),
      timesChart('Time to resolve, by role', r.resolutionSeconds, r.resolutionByRole),
    ),
    notUnderstood(r.notUnderstood),
  ];
}

function notUnderstood(items) {
  return h(
    'section',
    { class: 'report-not-understood', 'aria-labelledby': 'not-understood-title' },
    h('h2', { id: 'not-understood-title' }, 'Messages the assistant did not understand'),
    h(
      'p',
      { class: 'hint' },
      'The most frequent first: material for new FAQ answers (intents/). ' +
        (state.me && state.me.user.role === 'agent' ? 'Clinical ones are withheld for your role.' : ''),
    ),
    items.length === 0
      ? h('p', { class: 'hint' }, 'None in this period.')
      : h(
          'table',
          { class: 'report-table' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Message'), h('th', { scope: 'col' }, 'Times'))),
          h(
            'tbody',
            {},
            items.map((i) =>
              h(
                'tr',
                { class: i.withheld ? 'withheld' : undefined },
                h('td', { 'data-label': 'Message' }, i.text),
                h('td', { 'data-label': 'Times' }, String(i.count)),
              ),
            ),
          ),
        ),
  );
}
