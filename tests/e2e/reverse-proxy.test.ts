import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { addUser, PASSWORD } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const DEPLOY = path.resolve(__dirname, '..', '..', 'docs', 'deploy');

jest.setTimeout(60_000);

function installed(binary: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function describeWith(binary: string, name: string, body: () => void): void {
  if (installed(binary)) {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n  NOTICE: "${name}" SKIPPED: ${binary} is not installed (apt-get install -y ${binary}).\n\n`);
  describe.skip(name, body);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

async function waitForPort(port: number, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`nothing listens on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An HTTPS request to the proxy on loopback, trusting its test certificate. */
function request(port: number, pathname: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = https.request(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        path: pathname,
        method: init.method ?? 'GET',
        headers: { host: 'localhost', ...init.headers },
        rejectUnauthorized: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

/** What an operator checks once the proxy is up: health, a Secure session cookie, /metrics hidden. */
async function checkThroughProxy(fd: Frontdesk, port: number): Promise<void> {
  expect((await request(port, '/readyz')).status).toBe(200);
  const signIn = await request(port, '/api/session', {
    method: 'POST',
    body: JSON.stringify({ email: 'ada@example.org', password: PASSWORD }),
    headers: { 'content-type': 'application/json' },
  });
  expect(signIn.status).toBe(200);
  // COOKIE_SECURE=auto: Secure only because the proxy said https and TRUST_PROXY believes it.
  expect(String(signIn.headers['set-cookie'])).toMatch(/;\s*Secure/i);
  const metrics = await request(port, '/metrics');
  expect(metrics.status).toBe(404);
  expect(metrics.body).not.toContain('frontdesk_');
  expect((await fetch(`${fd.server.url}/metrics`)).status).toBe(200); // still there for local monitoring
}

describe('Reverse proxy site files in docs/deploy', () => {
  let fd: Frontdesk;
  let dir: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-proxy-'));
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback', COOKIE_SECURE: 'auto' } });
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
  });
  afterAll(async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await fd?.close();
  });

  describeWith('nginx', 'nginx', () => {
    test('when the nginx site file runs in front of Frontdesk, then https works, cookies are Secure, /metrics is hidden and http redirects', async () => {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=localhost',
          '-days',
          '1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
      const [httpPort, httpsPort] = [await freePort(), await freePort()];
      const site = fs
        .readFileSync(path.join(DEPLOY, 'nginx-frontdesk.conf'), 'utf8')
        .replace(/^\s*listen \[::\].*$/gm, '')
        .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
        .replace(/\/etc\/letsencrypt\/live\/frontdesk\.example\.org\/fullchain\.pem/, path.join(dir, 'cert.pem'))
        .replace(/\/etc\/letsencrypt\/live\/frontdesk\.example\.org\/privkey\.pem/, path.join(dir, 'key.pem'))
        .replace('server 127.0.0.1:3000;', `server 127.0.0.1:${fd.server.port};`);
      fs.writeFileSync(path.join(dir, 'site.conf'), site);
      fs.writeFileSync(
        path.join(dir, 'nginx.conf'),
        `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events {}
http { client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi; include ${dir}/site.conf; }
`,
      );
      execFileSync('nginx', ['-t', '-q', '-p', dir, '-c', path.join(dir, 'nginx.conf')]);
      const nginx = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
      children.push(nginx);
      await waitForPort(httpsPort);

      await checkThroughProxy(fd, httpsPort);
      const redirect = await fetch(`http://127.0.0.1:${httpPort}/staff`, { redirect: 'manual', headers: { host: 'localhost' } });
      expect(redirect.status).toBe(301);
      expect(redirect.headers.get('location')).toBe('https://frontdesk.example.org/staff');
    });
  });

  describeWith('caddy', 'Caddy', () => {
    test('when the Caddyfile runs in front of Frontdesk, then https works, cookies are Secure and /metrics is hidden', async () => {
      const httpsPort = await freePort();
      const httpPort = await freePort();
      const caddyfile = fs
        .readFileSync(path.join(DEPLOY, 'Caddyfile'), 'utf8')
        .replace(
          'frontdesk.example.org {',
          `{\n\tadmin off\n\tskip_install_trust\n\thttp_port ${httpPort}\n\thttps_port ${httpsPort}\n\tstorage file_system ${dir}/caddy\n}\n\nhttps://localhost:${httpsPort} {`,
        )
        .replace('reverse_proxy 127.0.0.1:3000', `reverse_proxy 127.0.0.1:${fd.server.port}`);
      fs.writeFileSync(path.join(dir, 'Caddyfile'), caddyfile);
      const env = { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir };
      execFileSync('caddy', ['validate', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { env, stdio: 'ignore' });
      // The shipped file itself, with its real domain, is valid too.
      execFileSync('caddy', ['validate', '--config', path.join(DEPLOY, 'Caddyfile'), '--adapter', 'caddyfile'], { env, stdio: 'ignore' });
      const caddy = spawn('caddy', ['run', '--config', path.join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { env, stdio: 'ignore' });
      children.push(caddy);
      await waitForPort(httpsPort);
      await new Promise((r) => setTimeout(r, 500)); // the local CA issues the certificate

      await checkThroughProxy(fd, httpsPort);
    });
  });
});
