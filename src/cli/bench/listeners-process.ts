/**
 * Staff consoles on the live queue for the webhook benchmark, run as their own process (as real
 * browsers are), so reading their streams does not slow the load generator's clock. Signs in as
 * the admin ADMIN_EMAIL / ADMIN_PASSWORD on FRONTDESK_URL, adds LISTENER_COUNT / 5 clinicians
 * (five streams each, the per-account cap), opens their streams, keeps reading them, and prints
 * "ready" with the number of streams open.
 */
const url = process.env.FRONTDESK_URL ?? '';
const count = Number(process.env.LISTENER_COUNT ?? '0');

async function signIn(email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '', csrf: csrfToken };
}

async function main(): Promise<void> {
  const admin = await signIn(process.env.ADMIN_EMAIL ?? '', process.env.ADMIN_PASSWORD ?? '');
  const asAdmin = { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' };
  const password = 'bench password not for real use 42';
  let open = 0;
  const opened: Promise<void>[] = [];
  for (let i = 0; i < Math.ceil(count / 5); i += 1) {
    const email = `listener${i}@bench.invalid`;
    const added = await fetch(`${url}/api/users`, {
      method: 'POST',
      headers: asAdmin,
      body: JSON.stringify({ email, name: `Listener ${i}`, role: 'clinician', password }),
    });
    if (!added.ok) throw new Error(`adding a listener account failed: ${added.status}`);
    const { cookie } = await signIn(email, password);
    for (let j = 0; j < 5 && i * 5 + j < count; j += 1) {
      opened.push(
        fetch(`${url}/api/escalations/stream`, { headers: { cookie } }).then(async (res) => {
          if (res.ok) open += 1;
          void (async () => {
            for await (const chunk of res.body ?? []) void chunk; // a listener that keeps reading
          })().catch(() => undefined);
        }),
      );
    }
  }
  await Promise.all(opened);
  process.stdout.write(`ready ${open}\n`);
}

void main();
