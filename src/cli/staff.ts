import { createLogger } from '../platform/logger';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/config';
import { AppError } from '../platform/errors';
import { createStaffUser, publicUser, resetStaffPassword, updateStaffUser, type AccountDeps } from '../staff/identity/staff-accounts';
import { STAFF_ROLES } from '../escalation/access';
import { issueApiToken } from '../staff/identity/api-tokens';
import { openStore, type Store } from '../create-store';

const USAGE = `Manage staff accounts of the Frontdesk console (uses DATABASE_PATH from the environment or .env).

  npm run staff -- add --email EMAIL --role admin|clinician|agent [--name "Full Name"]
  npm run staff -- list
  npm run staff -- reset-password --email EMAIL
  npm run staff -- set-role --email EMAIL --role ROLE
  npm run staff -- disable --email EMAIL        (signs them out everywhere)
  npm run staff -- enable --email EMAIL
  npm run staff -- unlock --email EMAIL         (after too many failed sign-ins)
  npm run staff -- token create --email EMAIL --name NAME [--days 90]
  npm run staff -- token list --email EMAIL
  npm run staff -- token revoke --id ID

Passwords are asked for without echo, or read from the first line of stdin when it is not a
terminal:  printf '%s\\n' "$PASSWORD" | npm run --silent staff -- add --email a@example.org --role admin
There is no default password. Every change is written to the audit log as cli:<your login>.
`;

class UsageError extends Error {}

function readStdinLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      data += chunk;
    });
    process.stdin.on('end', () => resolve((data.split(/\r?\n/)[0] ?? '').trimEnd()));
    process.stdin.on('error', reject);
  });
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    stdin.setRawMode(true); // before the prompt, so nothing typed early is echoed
    process.stderr.write(question);
    stdin.setEncoding('utf8');
    stdin.resume();
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new AppError('cancelled', 'Cancelled; nothing was changed.'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
      return undefined;
    };
    stdin.on('data', onData);
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readStdinLine();
  const first = await promptHidden('New password (at least 12 characters): ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new AppError('password_mismatch', 'The two passwords differ; nothing was changed.');
  return first;
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`Missing --${flag}.`);
  return value;
}

async function userByEmail(store: Store, email: string | undefined) {
  const user = await store.staffUsers.findByEmail(need(email, 'email').toLowerCase());
  if (!user) throw new UsageError(`No account for ${email}. See: npm run staff -- list`);
  return user;
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      days: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub] = positionals;
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }

  (await import('dotenv')).config({ quiet: true });
  const config = loadConfig();
  const store = await openStore(config, createLogger('warn'));
  const deps: AccountDeps = { store, now: Date.now };
  const ctx = { actor: `cli:${os.userInfo().username}`, actorUserId: null };
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    switch (command) {
      case 'add': {
        const role = need(values.role, 'role');
        if (!(STAFF_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${STAFF_ROLES.join(', ')}.`);
        const email = need(values.email, 'email');
        const user = await createStaffUser(deps, { email, name: values.name, role, password: await readPassword() }, ctx);
        out(`Created ${user.role} ${user.email} (id ${user.id}). Sign in at http://${config.host}:${config.port}/staff`);
        return;
      }
      case 'list': {
        const users = await store.staffUsers.list();
        if (users.length === 0) out('No accounts yet. Create the first admin: npm run staff -- add --email you@example.org --role admin');
        for (const u of users.map((x) => publicUser(x, Date.now()))) {
          const status = u.disabled ? 'disabled' : u.lockedUntil ? `locked until ${u.lockedUntil}` : 'active';
          out(`${String(u.id).padStart(4)}  ${u.role.padEnd(9)}  ${status.padEnd(8)}  ${u.email}  (${u.name})`);
        }
        return;
      }
      case 'reset-password': {
        const user = await userByEmail(store, values.email);
        await resetStaffPassword(deps, user.id, await readPassword(), ctx);
        out(`Password changed for ${user.email}; their sessions have ended.`);
        return;
      }
      case 'set-role': {
        const user = await userByEmail(store, values.email);
        await updateStaffUser(deps, user.id, { role: need(values.role, 'role') }, ctx);
        out(`${user.email} is now ${values.role}.`);
        return;
      }
      case 'disable':
      case 'enable': {
        const user = await userByEmail(store, values.email);
        await updateStaffUser(deps, user.id, { disabled: command === 'disable' }, ctx);
        out(`${user.email} ${command}d.`);
        return;
      }
      case 'unlock': {
        const user = await userByEmail(store, values.email);
        await updateStaffUser(deps, user.id, { unlock: true }, ctx);
        out(`${user.email} unlocked.`);
        return;
      }
      case 'token': {
        if (sub === 'create') {
          const user = await userByEmail(store, values.email);
          const days = values.days === undefined ? 90 : Number(values.days);
          if (!Number.isInteger(days) || days < 1 || days > 366) throw new UsageError('--days must be 1 to 366.');
          const { token, record } = await issueApiToken(store, {
            userId: user.id,
            name: need(values.name, 'name'),
            expiresInDays: days,
            actor: ctx.actor,
            at: Date.now(),
          });
          out(`Token ${record.id} for ${user.email}, expires ${new Date(record.expiresAt ?? 0).toISOString()}. It is shown only once:`);
          out(token);
          return;
        }
        if (sub === 'list') {
          const user = await userByEmail(store, values.email);
          for (const t of await store.apiTokens.listForUser(user.id)) {
            const state = t.revokedAt ? 'revoked' : t.expiresAt !== null && t.expiresAt < Date.now() ? 'expired' : 'active';
            out(`${String(t.id).padStart(4)}  ${state.padEnd(7)}  ${t.prefix}…  ${t.name}`);
          }
          return;
        }
        if (sub === 'revoke') {
          const id = Number(need(values.id, 'id'));
          const at = Date.now();
          const token = await store.apiTokens.get(id);
          if (!token || !(await store.apiTokens.revoke(id, at))) throw new UsageError(`No active token with id ${values.id}.`);
          await store.audit.token({ actor: ctx.actor }, 'token.revoke', id, at, { userId: token.userId });
          out(`Token ${id} revoked.`);
          return;
        }
        throw new UsageError('Use: token create | token list | token revoke');
      }
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } finally {
    await store.close();
  }
}

run(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) {
    process.stderr.write(`staff: ${err.message}\n\n${USAGE}`);
    process.exit(64);
  }
  if (err instanceof AppError) {
    process.stderr.write(`staff: ${err.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`staff: ${(err as Error).message}\n`);
  process.exit(1);
});
