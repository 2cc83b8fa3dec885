import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from '../logger';
import { refuseEncodedBodies } from './body-guards';
import { webhookTimer } from '../metrics';
import { errorHandler, notFound } from './error-handler';
import { serveFavicon } from './favicon';
import { securityHeaders } from './security-headers';

export interface AppParts {
  log: Logger;
  /** /readyz: a boolean, or a report whose `ok` decides the status and which is sent as the body. */
  ready: () => Promise<boolean | { ok: boolean }>;
  routers: Router[];
}

/** Assembles the express app: security headers, request log, health, the routers, JSON errors. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders);
  app.use(warnUntrustedForwarding(parts.log));
  app.use(refuseEncodedBodies);
  app.use(webhookTimer);
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The path only: query strings can carry verify tokens and session ids.
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      parts.log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, 'http');
    });
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const report = await parts.ready();
    const ok = typeof report === 'boolean' ? report : report.ok;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready', ...(typeof report === 'boolean' ? {} : report) });
  });
  app.get('/', (_req, res) => {
    res.redirect('/chat');
  });
  serveFavicon(app);

  for (const router of parts.routers) app.use(router);
  app.use(notFound);
  app.use(errorHandler(parts.log));
  return app;
}

/**
 * Requests that carry X-Forwarded-For while TRUST_PROXY is off come through a reverse proxy the
 * server does not believe: every client then has the proxy's address (one sign-in throttle and one
 * chat ceiling for everybody, the proxy's address in the audit log, no https detection). Said once.
 */
function warnUntrustedForwarding(log: Logger): RequestHandler {
  let warned = false;
  return (req, _res, next) => {
    if (!warned && req.get('x-forwarded-for') !== undefined && !req.app.get('trust proxy')) {
      warned = true;
      log.warn(
        "requests arrive with X-Forwarded-For but TRUST_PROXY is off: all clients share the proxy's address (sign-in throttle, chat limits, audit log) and https is not detected. Set TRUST_PROXY (e.g. loopback) to the proxy in front.",
      );
    }
    next();
  };
}
