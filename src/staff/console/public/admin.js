// @ts-check
// Admin pages (users, audit log, canned responses) and My account (password, API tokens).

import { AUDIT_ACTIONS, LANGUAGE_NAMES, state, h, setMain, toast, showError, api, fmtTime, fmtFull, zoneName, timeEl } from './core.js';

// ---------------------------------------------------------------------------------------------
// Admin: users

export async function renderUsers() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const body = h('tbody');
  const email = h('input', { id: 'new-email', type: 'email', required: true, autocomplete: 'off' });
  const name = h('input', { id: 'new-name', required: true, maxlength: 100, autocomplete: 'off' });
  const role = h(
    'select',
    { id: 'new-role' },
    ['agent', 'clinician', 'admin'].map((r) => h('option', { value: r }, r)),
  );
  const password = h('input', { id: 'new-password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const form = h(
    'form',
    {
      class: 'stack-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          await api('POST', '/api/users', { email: email.value, name: name.value, role: role.value, password: password.value });
          form.reset();
          toast('Account created.');
          await loadUsers();
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('h2', {}, 'Add a user'),
    h('label', { for: 'new-email' }, 'Email'),
    email,
    h('label', { for: 'new-name' }, 'Name'),
    name,
    h('label', { for: 'new-role' }, 'Role'),
    role,
    h('label', { for: 'new-password' }, 'First password (at least 12 characters; tell them in person)'),
    password,
    h('button', { type: 'submit' }, 'Create account'),
  );

  const loadUsers = async () => {
    const { items } = await api('GET', '/api/users');
    state.users = items;
    body.replaceChildren(...items.map((u) => userRow(u, error, loadUsers)));
  };
  setMain(
    h('h1', {}, 'Users'),
    h(
      'p',
      { class: 'hint' },
      'Agents see requests and general threads; clinicians also see clinical and emergency threads; admins see everything and manage users, canned responses and the audit log.',
    ),
    error,
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Name', 'Email', 'Role', 'Status', 'Availability', 'Open items / capacity', 'Last sign-in', 'Actions'].map((t) =>
            h('th', { scope: 'col' }, t),
          ),
        ),
      ),
      body,
    ),
    form,
  );
  try {
    await loadUsers();
  } catch (err) {
    showError(error, err);
  }
}

export function userRow(u, error, reload) {
  const patch = async (changes, message) => {
    showError(error, null);
    try {
      await api('PATCH', '/api/users/' + u.id, changes);
      toast(message);
      await reload();
    } catch (err) {
      showError(error, err);
    }
  };
  const roleSelect = h(
    'select',
    { 'aria-label': 'Role of ' + u.name, onchange: () => patch({ role: roleSelect.value }, 'Role changed.') },
    ['agent', 'clinician', 'admin'].map((r) => h('option', { value: r, selected: r === u.role }, r)),
  );
  const status =
    (u.disabled ? 'Disabled' : u.lockedUntil ? 'Locked until ' + fmtTime(u.lockedUntil) : 'Active') +
    (u.singleSignOn ? ' · single sign-on' : '') +
    (u.passwordLogin === false ? ' · no password sign-in' : '');
  const resetId = 'reset-' + u.id;
  const resetInput = h('input', { id: resetId, type: 'password', minlength: 12, required: true, autocomplete: 'new-password' });
  const resetForm = h(
    'form',
    {
      class: 'inline-form',
      hidden: true,
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          await api('POST', '/api/users/' + u.id + '/password', { password: resetInput.value });
          toast('Password reset; ' + u.name + ' is signed out everywhere.');
          await reload();
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('label', { for: resetId }, 'New password'),
    resetInput,
    h('button', { type: 'submit', class: 'button-small' }, 'Set'),
  );
  return h(
    'tr',
    {},
    h('td', { 'data-label': 'Name' }, u.name),
    h('td', { 'data-label': 'Email' }, u.email),
    h('td', { 'data-label': 'Role' }, roleSelect),
    h('td', { 'data-label': 'Status' }, status),
    h('td', { 'data-label': 'Availability', class: 'user-availability' }, availabilityText(u.availability)),
    h('td', { 'data-label': 'Open items / capacity' }, capacityForm(u, error, reload)),
    h('td', { 'data-label': 'Last sign-in' }, u.lastLoginAt ? timeEl(u.lastLoginAt) : 'Never'),
    h(
      'td',
      { 'data-label': 'Actions', class: 'row-actions' },
      h(
        'button',
        {
          type: 'button',
          class: 'button-small button-quiet',
          onclick: () => patch({ disabled: !u.disabled }, u.disabled ? 'Account enabled.' : 'Account disabled.'),
        },
        u.disabled ? 'Enable' : 'Disable',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'button-small button-quiet',
          onclick: () =>
            patch(
              { passwordLogin: !u.passwordLogin },
              u.passwordLogin ? 'Password sign-in turned off: ' + u.name + ' signs in with single sign-on.' : 'Password sign-in turned on.',
            ),
        },
        u.passwordLogin ? 'Turn off password sign-in' : 'Allow password sign-in',
      ),
      u.lockedUntil
        ? h(
            'button',
            { type: 'button', class: 'button-small button-quiet', onclick: () => patch({ unlock: true }, 'Account unlocked.') },
            'Unlock',
          )
        : null,
      h(
        'button',
        {
          type: 'button',
          class: 'button-small button-quiet',
          'aria-expanded': 'false',
          onclick: (ev) => {
            resetForm.hidden = !resetForm.hidden;
            ev.currentTarget.setAttribute('aria-expanded', String(!resetForm.hidden));
            if (!resetForm.hidden) resetInput.focus();
          },
        },
        'Reset password',
      ),
      resetForm,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Admin: audit log

export function renderAudit() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const body = h('tbody');
  const more = h('button', { type: 'button', class: 'button-quiet', hidden: true }, 'Load older entries');
  const actor = h('input', { id: 'audit-actor', placeholder: 'email or user:3', autocomplete: 'off' });
  const action = h('input', { id: 'audit-action', list: 'audit-actions', placeholder: 'e.g. thread.view', autocomplete: 'off' });
  const target = h('input', { id: 'audit-target', inputmode: 'numeric', placeholder: 'e.g. 12', autocomplete: 'off' });
  const from = h('input', { id: 'audit-from', type: 'date' });
  const to = h('input', { id: 'audit-to', type: 'date' });
  const exportLink = h('a', { class: 'button button-quiet', href: '/api/audit/export', download: '' }, 'Export CSV');
  let nextBefore = null;

  const query = () => {
    const q = new URLSearchParams();
    if (actor.value.trim()) q.set('actor', actor.value.trim());
    if (action.value.trim()) q.set('action', action.value.trim());
    if (target.value.trim()) q.set('targetId', target.value.trim());
    if (from.value) q.set('from', from.value);
    if (to.value) q.set('to', new Date(Date.parse(to.value) + 86400000).toISOString().slice(0, 10));
    return q;
  };
  const load = async (append) => {
    showError(error, null);
    const q = query();
    exportLink.href = '/api/audit/export?' + q.toString();
    if (append && nextBefore) q.set('before', String(nextBefore));
    try {
      const data = await api('GET', '/api/audit?' + q.toString());
      const rows = data.items.map((a) =>
        h(
          'tr',
          {},
          h('td', { 'data-label': 'When' }, timeEl(a.at, fmtFull(a.at))),
          h('td', { 'data-label': 'Who' }, a.actorName || a.actor),
          h('td', { 'data-label': 'Action' }, h('code', {}, a.action)),
          h('td', { 'data-label': 'Record' }, a.targetType ? a.targetType + ' #' + a.targetId : ''),
          h('td', { 'data-label': 'From' }, a.ip || ''),
          h('td', { 'data-label': 'Details', class: 'detail' }, a.detail ? JSON.stringify(a.detail) : ''),
        ),
      );
      if (append) body.append(...rows);
      else body.replaceChildren(...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No entries match.'))]));
      nextBefore = data.nextBefore;
      more.hidden = !nextBefore;
    } catch (err) {
      showError(error, err);
    }
  };
  more.addEventListener('click', () => load(true));
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id }, label), input);
  setMain(
    h('h1', {}, 'Audit log'),
    h(
      'p',
      { class: 'hint' },
      'Every sign-in, thread view, reply, note, claim and change, newest first. The log cannot be edited or deleted. Times in ' +
        zoneName() +
        '.',
    ),
    h(
      'form',
      {
        class: 'filters',
        role: 'search',
        'aria-label': 'Search the audit log',
        onsubmit: (ev) => {
          ev.preventDefault();
          load(false);
        },
      },
      field('audit-actor', 'Who', actor),
      field('audit-action', 'Action', action),
      h(
        'datalist',
        { id: 'audit-actions' },
        AUDIT_ACTIONS.map((a) => h('option', { value: a })),
      ),
      field('audit-target', 'Record id', target),
      field('audit-from', 'From', from),
      field('audit-to', 'To', to),
      h('button', { type: 'submit' }, 'Search'),
      exportLink,
    ),
    error,
    h(
      'table',
      { class: 'data audit' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['When', 'Who', 'Action', 'Record', 'From', 'Details'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      body,
    ),
    more,
  );
  load(false);
}

// ---------------------------------------------------------------------------------------------
// Admin: canned responses

const AVAILABILITY_LABELS = { available: 'Available', away: 'Away', off: 'Off' };

/** Where a person stands now: an available person who has been idle counts as away. */
function availabilityText(a) {
  if (!a) return '';
  return h(
    'span',
    { class: 'availability-' + a.status },
    h('span', { class: 'availability-dot', 'aria-hidden': 'true' }),
    ' ',
    AVAILABILITY_LABELS[a.status] + (a.idle ? ' (idle)' : ''),
  );
}

/** Open items and the capacity automatic assignment respects for this person (blank: the default). */
function capacityForm(u, error, reload) {
  const a = u.availability;
  if (!a) return '';
  const inputId = 'capacity-' + u.id;
  const input = h('input', {
    id: inputId,
    type: 'number',
    min: 0,
    max: 1000,
    class: 'capacity-input',
    value: a.capacitySet ? String(a.capacity) : '',
    placeholder: String(a.capacity),
  });
  return h(
    'form',
    {
      class: 'inline-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          await api('PUT', '/api/users/' + u.id + '/capacity', { capacity: input.value === '' ? null : Number(input.value) });
          toast('Capacity of ' + u.name + ' saved.');
          await reload();
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('span', { class: 'open-items' }, a.openItems + ' / '),
    h('label', { for: inputId, class: 'visually-hidden' }, 'Capacity of ' + u.name),
    input,
    h('button', { type: 'submit', class: 'button-small button-quiet' }, 'Set'),
  );
}

export async function renderSettings() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const list = h('div', { class: 'canned-list' });
  const reload = async () => {
    const { items } = await api('GET', '/api/canned-responses');
    state.canned = items;
    list.replaceChildren(...items.map((c) => cannedEditor(c, error, reload)), cannedEditor(null, error, reload));
  };
  setMain(
    h('h1', {}, 'Canned responses'),
    h('p', { class: 'hint' }, 'Ready-made replies staff can insert and edit before sending. Never put medical advice here.'),
    h(
      'p',
      { class: 'hint', id: 'canned-variables-hint' },
      'Variables filled in when staff insert a reply: {patient_first_name} (left out when the channel gave no name), {practice_name}, {staff_first_name}, {reply_by} (when the next reply is due, in the reply\u2019s language).',
    ),
    error,
    list,
  );
  try {
    await reload();
  } catch (err) {
    showError(error, err);
  }
}

export function cannedEditor(c, error, reload) {
  const key = c ? String(c.id) : 'new';
  const title = h('input', { id: 'canned-title-' + key, maxlength: 60, required: true, value: c ? c.title : '' });
  const text = h('textarea', { id: 'canned-text-' + key, rows: 3, maxlength: 2000, required: true });
  text.value = c ? c.text : '';
  const language = h(
    'select',
    { id: 'canned-language-' + key },
    Object.entries(LANGUAGE_NAMES).map(([v, name]) => h('option', { value: v, selected: (c ? c.language || 'en' : 'en') === v }, name)),
  );
  const run = async (fn, message) => {
    showError(error, null);
    try {
      await fn();
      toast(message);
      await reload();
    } catch (err) {
      showError(error, err);
    }
  };
  return h(
    'form',
    {
      class: 'stack-form canned',
      onsubmit: (ev) => {
        ev.preventDefault();
        run(
          () =>
            c
              ? api('PUT', '/api/canned-responses/' + c.id, { title: title.value, text: text.value, language: language.value })
              : api('POST', '/api/canned-responses', { title: title.value, text: text.value, language: language.value }),
          c ? 'Saved.' : 'Added.',
        );
      },
    },
    h('h2', {}, c ? c.title : 'Add a canned response'),
    h('label', { for: title.id }, 'Title'),
    title,
    h('label', { for: text.id }, 'Text'),
    text,
    h('label', { for: language.id }, 'Language'),
    language,
    h(
      'div',
      { class: 'row-actions' },
      h('button', { type: 'submit' }, c ? 'Save' : 'Add'),
      c
        ? h(
            'button',
            { type: 'button', class: 'button-quiet', onclick: () => run(() => api('DELETE', '/api/canned-responses/' + c.id), 'Deleted.') },
            'Delete',
          )
        : null,
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// My account: password and personal API tokens

export async function renderAccount() {
  const error = h('p', { class: 'error', role: 'alert', hidden: true });
  const current = h('input', { id: 'current-password', type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { id: 'new-password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' });
  const passwordForm = h(
    'form',
    {
      class: 'stack-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          await api('POST', '/api/session/password', { currentPassword: current.value, newPassword: next.value });
          passwordForm.reset();
          toast('Password changed. Other browsers are signed out.');
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('h2', {}, 'Change password'),
    h('label', { for: 'current-password' }, 'Current password'),
    current,
    h('label', { for: 'new-password' }, 'New password (at least 12 characters)'),
    next,
    h('button', { type: 'submit' }, 'Change password'),
  );

  const tokens = h('tbody');
  const shown = h('div', { class: 'token-shown', role: 'status', hidden: true });
  const name = h('input', { id: 'token-name', required: true, maxlength: 60, placeholder: 'e.g. EHR sync' });
  const days = h(
    'select',
    { id: 'token-days' },
    [
      ['30', '30 days'],
      ['90', '90 days'],
      ['365', '1 year'],
    ].map(([v, t]) => h('option', { value: v, selected: v === '90' }, t)),
  );
  const reload = async () => {
    const { items } = await api('GET', '/api/tokens');
    tokens.replaceChildren(
      ...(items.length
        ? items.map((t) =>
            h(
              'tr',
              {},
              h('td', { 'data-label': 'Name' }, t.name),
              h('td', { 'data-label': 'Starts with' }, h('code', {}, t.prefix + '…')),
              h('td', { 'data-label': 'Expires' }, t.expiresAt ? timeEl(t.expiresAt) : 'Never'),
              h('td', { 'data-label': 'Last used' }, t.lastUsedAt ? timeEl(t.lastUsedAt) : 'Never'),
              h(
                'td',
                { 'data-label': 'Status' },
                t.revokedAt ? 'Revoked' : t.expiresAt && Date.parse(t.expiresAt) < Date.now() ? 'Expired' : 'Active',
              ),
              h(
                'td',
                { 'data-label': 'Actions' },
                t.revokedAt
                  ? null
                  : h(
                      'button',
                      {
                        type: 'button',
                        class: 'button-small button-quiet',
                        onclick: async () => {
                          try {
                            await api('DELETE', '/api/tokens/' + t.id);
                            toast('Token revoked.');
                            await reload();
                          } catch (err) {
                            showError(error, err);
                          }
                        },
                      },
                      'Revoke',
                    ),
              ),
            ),
          )
        : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'No tokens.'))]),
    );
  };
  const tokenForm = h(
    'form',
    {
      class: 'stack-form',
      onsubmit: async (ev) => {
        ev.preventDefault();
        showError(error, null);
        try {
          const created = await api('POST', '/api/tokens', { name: name.value, expiresInDays: Number(days.value) });
          tokenForm.reset();
          shown.hidden = false;
          shown.replaceChildren(
            h('p', {}, 'Copy this token now: it is shown only once. Use it as "Authorization: Bearer <token>".'),
            h('code', { class: 'secret' }, created.token),
          );
          await reload();
        } catch (err) {
          showError(error, err);
        }
      },
    },
    h('h2', {}, 'Personal API tokens'),
    h('p', { class: 'hint' }, 'For integrations that use the staff API as you, with your role. Every use is audited under your name.'),
    h('label', { for: 'token-name' }, 'Token name'),
    name,
    h('label', { for: 'token-days' }, 'Expires after'),
    days,
    h('button', { type: 'submit' }, 'Create token'),
  );

  setMain(
    h('h1', {}, 'My account'),
    h('p', {}, state.me.user.name + ' · ' + state.me.user.email + ' · ' + state.me.user.role),
    error,
    passwordForm,
    tokenForm,
    shown,
    h(
      'table',
      { class: 'data' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ['Name', 'Starts with', 'Expires', 'Last used', 'Status', 'Actions'].map((t) => h('th', { scope: 'col' }, t)),
        ),
      ),
      tokens,
    ),
  );
  try {
    await reload();
  } catch (err) {
    showError(error, err);
  }
}
