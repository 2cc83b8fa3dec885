import express, { type Express, type Router } from 'express';
import type { Logger } from '../logger';
import { errorHandler, notFound } from './error-handler';
import { serveFavicon } from './favicon';
import { securityHeaders } from './security-headers';

export interface AppParts {
  log: Logger;
  ready: () => boolean;
  routers: Router[];
}

/** Assembles the express app: security headers, request log, health, the routers, JSON errors. */
export function createApp(parts: AppParts): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders);
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
  app.get('/readyz', (_req, res) => {
    const ok = parts.ready();
    res.status(ok ? 200 : 503).json({ status: ok ? 'ready' : 'not_ready' });
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
