// @ts-check
// One thread: transcript, notes, history, and every action on it.

import { dataRequestSection } from './data-request.js';
import { undeliveredItem } from './undelivered.js';
import { labelControl } from './training.js';
import {
  $,
  channelName,
  LANGUAGE_NAMES,
  AUTHOR_LABELS,
  STATUS_LABELS,
  EVENT_LABELS,
  state,
  h,
  setMain,
  toast,
  showError,
  api,
  fmtTime,
  fmtFull,
  fmtDuration,
  timeEl,
  link,
  badge,
  intentLabel,
  navigate,
} from './core.js';

// ---------------------------------------------------------------------------------------------
// Thread

export async function renderThread(id) {
  setMain(link('/staff', '← Back to the queue', { class: 'back' }), h('p', { class: 'muted' }, 'Loading thread #' + id + '…'));
  await loadThread(id, false);
}

export async function loadThread(id, refresh) {
  try {
    const [thread, canned] = await Promise.all([
      api('GET', '/api/escalations/' + id, undefined, refresh === 'live'),
      state.canned ? Promise.resolve({ items: state.canned }) : api('GET', '/api/canned-responses'),
    ]);
    state.canned = canned.items;
    if (!location.pathname.startsWith('/staff/threads/' + id)) return;
    state.thread = thread;
    const item = state.queue.find((i) => i.id === id);
    state.threadVersion = item ? item.version : 'absent';
    drawThread(refresh);
  } catch (err) {
    if (refresh) return;
    setMain(
      link('/staff', '← Back to the queue', { class: 'back' }),
      h('h1', {}, 'Thread #' + id),
      h('p', { class: 'error', role: 'alert' }, err.message),
    );
  }
}

export function windowText(thread) {
  const w = thread.window;
  const name = thread.channelName || channelName(thread.channel);
  if (w.state === 'open' && !w.closesAt) return 'Open (no platform window on this channel)';
  if (w.state === 'open') return 'Open: normal replies until ' + fmtTime(w.closesAt);
  if (w.state === 'human_agent') return 'Human-agent window: staff replies only, until ' + fmtTime(w.closesAt);
  return (w.closedAt ? 'Closed since ' + fmtTime(w.closedAt) + ': ' : 'Closed: ') + name + ' accepts no reply now';
}

export function drawThread(refresh) {
  const t = state.thread;
  const e = t.escalation;
  const me = state.me.user;
  const mine = e.assignee && e.assignee.id === me.id;
  const isAdmin = me.role === 'admin';
  const open = e.status === 'open';
  const overdue = open && e.slaDueAt && Date.parse(e.slaDueAt) < Date.now();

  // Keep what the user was typing across live refreshes.
  const draft = refresh && $('#reply-text') ? $('#reply-text').value : '';
  const noteDraft = refresh && $('#note-text') ? $('#note-text').value : '';
  const focusedId = refresh && document.activeElement ? document.activeElement.id : null;

  const error = h('p', { class: 'error', role: 'alert', id: 'thread-error', hidden: true });
  const act = (label, fn, attrs) =>
    h(
      'button',
      Object.assign(
        {
          type: 'button',
          onclick: async (ev) => {
            const button = ev.currentTarget;
            button.disabled = true;
            showError(error, null);
            try {
              await fn();
            } catch (err) {
              showError(error, err);
            } finally {
              button.disabled = false;
            }
          },
        },
        attrs || {},
      ),
      label,
    );

  const actions = [];
  if (open && !e.assignee) actions.push(act('Claim', () => threadAction('claim', 'You claimed this thread.'), { id: 'claim' }));
  if (open && e.assignee && (mine || isAdmin))
    actions.push(act('Release', () => threadAction('release', 'Thread released.'), { id: 'release', class: 'button-quiet' }));
  if (open) actions.push(act('Resolve', () => resolveOrAsk(e, error), { id: 'resolve' }));
  if (open)
    actions.push(
      act('Hand back to assistant', () => threadAction('hand-back', 'Handed back to the assistant.'), {
        id: 'hand-back',
        class: 'button-quiet',
      }),
    );
  if (open) actions.push(...handoverButtons(e, error));
  if (!open) actions.push(act('Reopen', () => threadAction('reopen', 'Thread reopened.'), { id: 'reopen' }));
  actions.push(h('a', { class: 'button button-quiet', href: '/api/escalations/' + e.id + '/export', download: '' }, 'Download transcript'));

  const facts = h(
    'dl',
    { class: 'facts' },
    fact('Status', open ? 'Open' : e.resolution === 'handed_back' ? 'Handed back to the assistant' : 'Resolved'),
    fact('Assigned to', e.assignee ? (mine ? 'You' : e.assignee.name) : 'Unassigned'),
    e.reason
      ? fact('Reason', h('span', { class: 'reason' + (e.reasonWithheld ? ' withheld' : '') }, e.reason), { id: 'thread-reason' })
      : null,
    fact(
      'Reply due',
      e.slaDueAt
        ? [timeEl(e.slaDueAt, fmtFull(e.slaDueAt)), overdue ? h('strong', { class: 'overdue-tag' }, ' Overdue') : null]
        : 'Answered: waiting for the patient',
    ),
    fact('Waiting', fmtDuration(Date.now() - Date.parse(e.createdAt)) + ' (since ' + fmtTime(e.createdAt) + ')'),
    fact('Channel', t.channelName || channelName(t.channel)),
    fact('Language', LANGUAGE_NAMES[e.language || 'en'] + (e.language ? '' : ' (not yet clear)'), { id: 'thread-language' }),
    e.repliesPaused ? fact('Replies', e.repliesPaused.notice, { id: 'replies-paused', class: 'replies-paused' }) : null,
    hasReplyWindow(t.window)
      ? fact((t.channelName || channelName(t.channel)) + ' window', windowText(t), {
          id: 'window-state',
          class: 'window-' + t.window.state,
        })
      : null,
    e.summary ? fact('Request', h('span', { class: 'summary' + (e.summaryWithheld ? ' withheld' : '') }, e.summary)) : null,
    e.burst ? fact('From one address', h('span', { class: 'burst' }, e.burst.summary)) : null,
  );

  const reassign = isAdmin && open ? reassignForm(e) : null;

  const transcript = [
    ...t.messages.map((m) => ({ at: m.at, kind: 'message', m })),
    ...t.notes.map((n) => ({ at: n.at, kind: 'note', n })),
  ].sort((a, b) => a.at.localeCompare(b.at));

  const list = h(
    'ol',
    { class: 'transcript', id: 'transcript', 'aria-label': 'Conversation, oldest first' },
    transcript.map((entry) => {
      if (entry.kind === 'note') {
        return h(
          'li',
          { class: 'entry note' },
          h(
            'div',
            { class: 'meta' },
            h('span', { class: 'who' }, 'Internal note · ' + (entry.n.author || 'staff')),
            ' ',
            timeEl(entry.n.at),
            h('span', { class: 'tag' }, entry.n.clinical ? 'Clinical · not sent to the patient' : 'Not sent to the patient'),
          ),
          h('p', { class: 'text' + (entry.n.withheld ? ' withheld' : '') }, entry.n.text),
        );
      }
      const m = entry.m;
      const who = AUTHOR_LABELS[m.author] + (m.staffName ? ' · ' + m.staffName : '');
      const status = m.direction === 'out' ? STATUS_LABELS[m.status] || m.status : '';
      return h(
        'li',
        { class: 'entry msg msg-' + m.author, dataset: { author: m.author, status: m.status } },
        h(
          'div',
          { class: 'meta' },
          h('span', { class: 'who' }, who),
          ' ',
          timeEl(m.at),
          status ? h('span', { class: 'status status-' + m.status }, status) : null,
        ),
        h('p', { class: 'text' + (m.withheld ? ' withheld' : '') }, m.text),
        attachmentList(m.attachments, m.direction === 'out' ? 'Photo sent to the patient' : 'Photo from the patient'),
        m.deliveryProblem && m.status !== 'sent'
          ? h('p', { class: 'delivery-problem' }, (m.status === 'queued' ? 'Retrying: ' : 'Not delivered: ') + m.deliveryProblem)
          : null,
        labelControl(e.id, m),
      );
    }),
  );

  const undelivered = (t.undelivered || []).length
    ? h(
        'section',
        { class: 'undelivered-section', 'aria-labelledby': 'undelivered-title' },
        h('h2', { id: 'undelivered-title' }, 'Replies not delivered'),
        h(
          'ul',
          { class: 'undelivered' },
          t.undelivered.map((/** @type {any} */ u) => undeliveredItem(u, error, () => loadThread(e.id, true))),
        ),
      )
    : null;

  // Emergencies from the same address counted into this item: their messages, already redacted.
  const burst = (t.burstMessages || []).length
    ? h(
        'section',
        { class: 'burst-section', 'aria-labelledby': 'burst-title' },
        h('h2', { id: 'burst-title' }, 'Other emergency messages from this address'),
        h(
          'ul',
          { class: 'messages' },
          t.burstMessages.map((/** @type {any} */ m) =>
            h(
              'li',
              { class: 'msg in' },
              h('div', { class: 'meta' }, timeEl(m.at)),
              h('p', { class: 'text' + (m.withheld ? ' withheld' : '') }, m.text),
            ),
          ),
        ),
      )
    : null;

  const replySection = t.canReply.allowed
    ? replyForm(e, error, draft)
    : h('p', { class: 'blocked', id: 'reply-blocked' }, t.canReply.reason);

  const noteText = h('textarea', { id: 'note-text', rows: 2, maxlength: 4000, required: true }, noteDraft);
  noteText.value = noteDraft;
  // Clinicians mark what they write for clinicians only; on clinical threads that is the default.
  const clinicalNote =
    me.role === 'agent'
      ? null
      : h('input', { id: 'note-clinical', type: 'checkbox', checked: e.route === 'clinical' || e.route === 'emergency' });
  const noteForm = h(
    'form',
    {
      class: 'note-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          await api('POST', '/api/escalations/' + e.id + '/notes', {
            text: noteText.value,
            clinical: clinicalNote ? clinicalNote.checked : false,
          });
          noteText.value = '';
          toast('Note added.');
          await loadThread(e.id, true);
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('label', { for: 'note-text' }, 'Internal note (staff only, never sent to the patient)'),
    noteText,
    clinicalNote
      ? h('label', { class: 'checkbox', for: 'note-clinical' }, clinicalNote, ' Clinical note (visible to clinicians only)')
      : null,
    h('button', { type: 'submit', class: 'button-quiet' }, 'Add note'),
  );

  const history = h(
    'ul',
    { class: 'history' },
    t.events.length
      ? t.events.map((ev) =>
          h(
            'li',
            {},
            timeEl(ev.at),
            ' ',
            ev.actor || 'someone',
            ' ',
            EVENT_LABELS[ev.action] || eventLabel(ev),
            ev.action === 'thread.assign' && ev.detail ? ' to ' + (ev.detail.to || 'nobody') : '',
          ),
        )
      : h('li', { class: 'muted' }, 'No actions yet.'),
  );

  setMain(
    link('/staff', '← Back to the queue', { class: 'back' }),
    h('div', { class: 'page-head' }, h('h1', {}, badge(e.route), ' Thread #' + e.id + ' · ' + intentLabel(e.intent))),
    facts,
    related(t.related || []),
    h('div', { class: 'actions', role: 'group', 'aria-label': 'Thread actions' }, actions),
    h('div', { id: 'action-panel' }),
    reassign,
    error,
    isAdmin && (e.intent === 'data_deletion' || t.messages.some((m) => m.intent === 'data_deletion'))
      ? dataRequestSection(e, error, () => loadThread(e.id, true))
      : null,
    h(
      'div',
      { class: 'thread-columns' },
      h(
        'section',
        { class: 'conversation', 'aria-labelledby': 'conversation-title' },
        h('h2', { id: 'conversation-title' }, 'Conversation'),
        list,
        undelivered,
        burst,
      ),
      h(
        'div',
        { class: 'side' },
        h(
          'section',
          { 'aria-labelledby': 'reply-title' },
          h('h2', { id: 'reply-title' }, 'Reply to the patient'),
          replySection,
          t.canSendFiles ? fileSender(e.id, t.sendableFileTypes || []) : null,
        ),
        h('section', { 'aria-labelledby': 'note-title' }, h('h2', { id: 'note-title' }, 'Notes'), noteForm),
        h('section', { 'aria-labelledby': 'history-title' }, h('h2', { id: 'history-title' }, 'History'), history),
      ),
    ),
  );
  if (focusedId && document.getElementById(focusedId)) document.getElementById(focusedId).focus({ preventScroll: true });
}

/** The patient's other requests: each is its own item, worked and resolved on its own. */
/**
 * A message's photos and files: images inline (served by the authenticated attachment route),
 * other files as downloads, and what could not be kept said plainly. Withheld ones stay a placeholder.
 * @param {Array<{id?: number, withheld: boolean, text?: string, status?: string, contentType?: string | null, size?: number | null, inline?: boolean, url?: string | null}> | undefined} files
 * @param {string} photoName what a screen reader says for an image: who sent the photo
 */
function attachmentList(files, photoName) {
  if (!files || files.length === 0) return null;
  const item = (/** @type {NonNullable<typeof files>[number]} */ a) => {
    if (a.withheld) return h('li', { class: 'attachment withheld' }, a.text || 'attachment withheld');
    if (a.status === 'pending') return h('li', { class: 'attachment pending' }, 'Attachment: downloading…');
    if (a.status === 'too_large') return h('li', { class: 'attachment failed' }, 'Attachment too large to keep');
    if (a.status !== 'stored' || !a.url) return h('li', { class: 'attachment failed' }, 'Attachment could not be retrieved');
    const size = a.size ? ' (' + Math.max(1, Math.round(a.size / 1024)) + ' KB)' : '';
    if (a.inline) {
      return h(
        'li',
        { class: 'attachment image' },
        h('a', { href: a.url, target: '_blank', rel: 'noopener' }, h('img', { src: a.url, alt: photoName, loading: 'lazy' })),
      );
    }
    const label = a.contentType === 'application/pdf' ? 'PDF' : 'File';
    return h('li', { class: 'attachment file' }, h('a', { href: a.url, download: '' }, 'Download ' + label + size));
  };
  return h('ul', { class: 'attachments' }, files.map(item));
}

/**
 * Sends the patient a photo or PDF chosen here, as the raw request body of the attachment route
 * (which checks its bytes and size); the thread reloads to show it.
 * @param {number} escalationId
 */
/** The file picker for a reply: only the kinds of file the patient's channel takes (X DMs: photos). */
function fileSender(escalationId, types) {
  const takesPdf = types.includes('application/pdf');
  const picker = h('input', { type: 'file', id: 'reply-file', accept: types.join(',') });
  const status = h('span', { class: 'file-status', role: 'status' });
  const send = async () => {
    const file = /** @type {HTMLInputElement} */ (picker).files?.[0];
    if (!file) return;
    status.textContent = 'Sending…';
    const res = await fetch('/api/escalations/' + escalationId + '/attachments', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': file.type || 'application/octet-stream', 'X-CSRF-Token': state.csrf || '' },
      body: file,
    }).catch(() => undefined);
    if (!res || !res.ok) {
      const data = res ? await res.json().catch(() => null) : null;
      status.textContent = (data && data.error && data.error.message) || 'The file could not be sent.';
      return;
    }
    toast('Sent to the patient');
    await loadThread(escalationId, true);
  };
  return h(
    'p',
    { class: 'file-sender' },
    h('label', { for: 'reply-file' }, takesPdf ? 'Send a photo or PDF ' : 'Send a photo '),
    picker,
    ' ',
    h('button', { type: 'button', onclick: send }, 'Send file'),
    ' ',
    status,
  );
}

function related(items) {
  if (!items.length) return null;
  return h(
    'p',
    { class: 'related', id: 'related-items' },
    'Other requests from this patient: ',
    ...items.flatMap((r, i) => [
      i ? ', ' : '',
      link('/staff/threads/' + r.id, '#' + r.id + ' ' + intentLabel(r.intent) + (r.assignee ? ' · ' + r.assignee.name : '')),
    ]),
  );
}

export function fact(term, value, attrs) {
  const extra = attrs || {};
  return h(
    'div',
    Object.assign({}, extra, { class: 'fact' + (extra.class ? ' ' + extra.class : '') }),
    h('dt', {}, term),
    h('dd', {}, value),
  );
}

export async function threadAction(action, message) {
  const id = state.thread.escalation.id;
  const result = await api('POST', '/api/escalations/' + id + '/' + action);
  if (action === 'hand-back' && result.notice === 'not_sent')
    message +=
      ' The patient was not notified: the Messenger window only allows staff messages now; the assistant introduces itself on their next message.';
  toast(message);
  await loadThread(id, true);
}

export function replyForm(e, error, draft) {
  const text = h('textarea', { id: 'reply-text', rows: 4, maxlength: 2000, required: true });
  text.value = draft;
  const canned = h(
    'select',
    {
      id: 'canned',
      onchange: () => {
        const chosen = state.canned.find((c) => String(c.id) === canned.value);
        if (chosen) {
          const filled = fillCanned(chosen.text, (state.thread.cannedVariables || {})[chosen.language || 'en'] || {});
          text.value = text.value ? text.value.replace(/\s*$/, '\n\n') + filled : filled;
          text.focus();
        }
        canned.value = '';
      },
    },
    h('option', { value: '' }, 'Insert a canned response…'),
    // The patient's language first: a Spanish-speaking patient gets the Spanish replies at the top.
    cannedGroups(state.thread.escalation.language || 'en'),
  );
  const send = h('button', { type: 'submit', id: 'send-reply' }, 'Send reply');
  const language = state.thread.escalation.language;
  const hint =
    (state.thread.window.state === 'human_agent'
      ? 'Sent with Messenger\u2019s HUMAN_AGENT tag (more than 24 h since the patient\u2019s last message).'
      : 'The patient sees this on ' + (state.thread.channelName || channelName(state.thread.channel)) + '.') +
    (language && language !== 'en'
      ? ' The patient writes in ' + LANGUAGE_NAMES[language] + ': reply in ' + LANGUAGE_NAMES[language] + '.'
      : '');
  return h(
    'form',
    {
      class: 'reply-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        send.disabled = true;
        showError(error, null);
        try {
          await api('POST', '/api/escalations/' + e.id + '/reply', { text: text.value });
          text.value = '';
          toast('Reply queued for delivery.');
          await loadThread(e.id, true);
        } catch (err) {
          showError(error, err);
        } finally {
          send.disabled = false;
        }
      },
    },
    h('label', { for: 'canned' }, 'Canned response'),
    canned,
    h('label', { for: 'reply-text' }, 'Message to the patient'),
    text,
    h('p', { class: 'hint' }, hint),
    send,
  );
}

/** Canned responses grouped by language, the patient's own first. */
function cannedGroups(language) {
  const all = state.canned || [];
  const order = [language, ...Object.keys(LANGUAGE_NAMES).filter((l) => l !== language)];
  return order
    .map((l) => [l, all.filter((c) => (c.language || 'en') === l)])
    .filter(([, items]) => items.length > 0)
    .map(([l, items]) =>
      h(
        'optgroup',
        { label: LANGUAGE_NAMES[l] },
        items.map((c) => h('option', { value: String(c.id), lang: l }, c.title)),
      ),
    );
}

export function reassignForm(e) {
  const select = h('select', { id: 'assignee' }, h('option', { value: '' }, 'Nobody (unassigned)'));
  const load = state.users ? Promise.resolve({ items: state.users }) : api('GET', '/api/users');
  load.then(
    ({ items }) => {
      state.users = items;
      for (const u of items) {
        if (u.disabled || (u.role === 'agent' && (e.route === 'clinical' || e.route === 'emergency'))) continue;
        select.append(h('option', { value: String(u.id), selected: e.assignee && e.assignee.id === u.id }, u.name + ' (' + u.role + ')'));
      }
    },
    () => {},
  );
  return h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        const error = $('#thread-error');
        showError(error, null);
        try {
          await api('POST', '/api/escalations/' + e.id + '/assign', { userId: select.value ? Number(select.value) : null });
          toast('Thread reassigned.');
          await loadThread(e.id, true);
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('label', { for: 'assignee' }, 'Reassign to'),
    select,
    h('button', { type: 'submit', class: 'button-quiet' }, 'Reassign'),
  );
}

// ---------------------------------------------------------------------------------------------
// Reply windows, resolving with an unanswered message, handover, canned variables

/** Only channels whose platform limits when staff may reply have a window to show (not the chat page). */
export function hasReplyWindow(w) {
  return !(w.state === 'open' && !w.closesAt);
}

/**
 * Resolving while the patient's last message has no staff reply after it asks first: the patient
 * would otherwise never hear back on what they wrote last.
 */
async function resolveOrAsk(e, error) {
  if (e.awaitingReplySince === null) return threadAction('resolve', 'Thread resolved.');
  const panel = $('#action-panel');
  const yes = h(
    'button',
    {
      type: 'button',
      id: 'resolve-anyway',
      class: 'button-danger',
      onclick: async () => {
        yes.disabled = true;
        try {
          await threadAction('resolve', 'Thread resolved.');
        } catch (err) {
          showError(error, err);
          yes.disabled = false;
        }
      },
    },
    'Resolve without replying',
  );
  panel.replaceChildren(
    h(
      'div',
      { class: 'confirm', role: 'alertdialog', 'aria-labelledby': 'resolve-question', id: 'resolve-confirm' },
      h(
        'p',
        { id: 'resolve-question' },
        'The patient\u2019s last message (' + fmtTime(e.awaitingReplySince) + ') has no reply from staff yet. Resolve anyway?',
      ),
      yes,
      ' ',
      h('button', { type: 'button', class: 'button-quiet', onclick: () => panel.replaceChildren() }, 'Cancel'),
    ),
  );
  yes.focus();
}

/** "Send to front desk" on clinical threads, "Send to clinician" on requests and general threads. */
function handoverButtons(e, error) {
  const role = state.me.user.role;
  /** @type {Array<[string, string, string]>} */
  const targets = [];
  if (e.route === 'clinical' && role !== 'agent') targets.push(['front_desk', 'Send to front desk', 'the front desk']);
  if (e.route === 'request' || e.route === 'human') targets.push(['clinical', 'Send to clinician', 'the clinical team']);
  return targets.map(([to, label, team]) =>
    h('button', { type: 'button', class: 'button-quiet', id: 'handover-' + to, onclick: () => handoverForm(e, error, to, team) }, label),
  );
}

function handoverForm(e, error, to, team) {
  const note = h('textarea', { id: 'handover-note', rows: 3, maxlength: 4000, required: true });
  const panel = $('#action-panel');
  panel.replaceChildren(
    h(
      'form',
      {
        class: 'handover-form',
        id: 'handover-form',
        onsubmit: async (ev) => {
          ev.preventDefault();
          showError(error, null);
          try {
            const result = await api('POST', '/api/escalations/' + e.id + '/handover', { to, note: note.value });
            toast('Sent to ' + team + '.');
            if (result.escalation) await loadThread(e.id, true);
            else navigate('/staff');
          } catch (err) {
            showError(error, err);
          }
        },
      },
      h('label', { for: 'handover-note' }, 'Note for ' + team + ' (required; readable by both teams, never sent to the patient)'),
      note,
      h('button', { type: 'submit', id: 'handover-send' }, 'Send to ' + team),
      ' ',
      h('button', { type: 'button', class: 'button-quiet', onclick: () => panel.replaceChildren() }, 'Cancel'),
    ),
  );
  note.focus();
}

/**
 * Fills {variables} in a canned reply. A variable without a value (a patient the channel gave no
 * name) leaves no gap: it goes with the comma or space before it ("Hi {patient_first_name}," reads "Hi,").
 */
export function fillCanned(text, values) {
  return text.replace(/(,? )?\{([a-z_]+)\}/g, (whole, before, name) => {
    if (!(name in values)) return whole;
    const value = values[name];
    return value ? (before || '') + value : '';
  });
}

/** History lines for actions added with assignment and handover. */
function eventLabel(ev) {
  if (ev.action === 'thread.handover' && ev.detail)
    return 'sent the thread to ' + (ev.detail.to === 'clinical' ? 'the clinical team' : 'the front desk');
  return ev.action;
}
