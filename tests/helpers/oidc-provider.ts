import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { closeWhenFileEnds } from './close-when-file-ends';
import { startFrontdesk } from './start-frontdesk';

export interface TestAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  groups?: string[];
}

/** A free port on loopback, for a server whose address must be known before it starts (a redirect URI). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts the suite's OpenID Connect provider (oidc-provider, in a child process: it is an ES module
 * only) for one client. `accounts` sets who exists there; `next` chooses who signs in next.
 */
export async function startOidcProvider(client: { clientId: string; clientSecret: string; redirectUri: string }) {
  const child = spawn(process.execPath, [path.join(__dirname, 'oidc-provider-process.mjs')], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      OIDC_TEST_CLIENT_ID: client.clientId,
      OIDC_TEST_CLIENT_SECRET: client.clientSecret,
      OIDC_TEST_REDIRECT_URI: client.redirectUri,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const close = closeWhenFileEnds(async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.stdin.end();
    await exited;
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the test OpenID provider exited (${code}): ${stderr}`)));
  });
  const post = async (pathname: string, body: unknown) => {
    const res = await fetch(`${issuer}${pathname}`, { method: 'POST', body: JSON.stringify(body) });
    if (res.status !== 204) throw new Error(`${pathname}: ${res.status}`);
  };
  return {
    issuer,
    accounts: (accounts: Record<string, TestAccount>) => post('/test/accounts', accounts),
    next: (accountId: string) => post('/test/next', { accountId }),
    close,
  };
}

/** Cookies per origin, as a browser keeps them for the redirects of a sign-in. */
export class CookieJar {
  private readonly jars = new Map<string, Map<string, string>>();

  header(url: URL): string {
    return [...(this.jars.get(url.origin) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  take(url: URL, res: Response): void {
    const jar = this.jars.get(url.origin) ?? new Map<string, string>();
    this.jars.set(url.origin, jar);
    for (const cookie of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = cookie.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, pair.slice(eq + 1).trim());
    }
  }

  get(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  set(origin: string, name: string, value: string): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    jar.set(name, value);
    this.jars.set(origin, jar);
  }
}

/**
 * Follows redirects as a browser does, keeping cookies, until a page answers or `stopAt` matches a
 * redirect's target (which is then returned, not requested).
 */
export async function browse(start: string, jar: CookieJar, stopAt?: (url: URL) => boolean): Promise<URL> {
  let url = new URL(start);
  for (let hop = 0; hop < 20; hop += 1) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.take(url, res);
    await res.arrayBuffer();
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) return url;
    url = new URL(location, url);
    if (stopAt?.(url)) return url;
  }
  throw new Error(`too many redirects from ${start}`);
}

export const OIDC_CLIENT = { clientId: 'frontdesk-suite', clientSecret: 'suite-only-client-secret-0123456789' } as const;

/**
 * The suite's provider with `accounts`, and Frontdesk signing in through it as "Suite IdP" (on a
 * port chosen first: the provider only sends people back to the redirect URI it knows).
 */
export async function startFrontdeskWithOidc(accounts: Record<string, TestAccount>, env: Record<string, string> = {}) {
  const port = await freePort();
  const provider = await startOidcProvider({ ...OIDC_CLIENT, redirectUri: `http://127.0.0.1:${port}/auth/oidc/callback` });
  await provider.accounts(accounts);
  const fd = await startFrontdesk({
    env: {
      PORT: String(port),
      OIDC_ISSUER_URL: provider.issuer,
      OIDC_CLIENT_ID: OIDC_CLIENT.clientId,
      OIDC_CLIENT_SECRET: OIDC_CLIENT.clientSecret,
      OIDC_PROVIDER_NAME: 'Suite IdP',
      ...env,
    },
  });
  return { fd, provider };
}
