import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { CONSOLE_HTML } from './console-page';

/**
 * The console's script and styles are plain files in src/staff/console/public (no build step, no inline
 * code under the strict CSP). They are found from src/ (tsx, ts-jest) and from dist/ (tsc emits no
 * assets, so dist/staff/console falls back to ../../../src/staff/console/public).
 */
export function findConsoleAssets(): string {
  const candidates = [path.join(__dirname, 'public'), path.resolve(__dirname, '..', '..', '..', 'src', 'staff', 'console', 'public')];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'console.js')));
  if (!found)
    throw new Error(`staff console assets not found (looked in ${candidates.join(', ')}); keep src/staff/console/public next to dist/`);
  return found;
}

const JS = 'text/javascript; charset=utf-8';
/** The console's files: console.js is the entry module, it imports the others. */
const ASSETS: Record<string, string> = {
  'console.js': JS,
  'core.js': JS,
  'queue.js': JS,
  'thread.js': JS,
  'admin.js': JS,
  'search.js': JS,
  'shortcuts.js': JS,
  'alerts.js': JS,
  'data-request.js': JS,
  'training.js': JS,
  'undelivered.js': JS,
  'availability.js': JS,
  'reports.js': JS,
  'console.css': 'text/css; charset=utf-8',
};

export function consoleRoutes(): Router {
  const router = express.Router();
  const dir = findConsoleAssets();
  const files = new Map(Object.keys(ASSETS).map((name) => [name, fs.readFileSync(path.join(dir, name))]));

  router.get('/staff/assets/:file', (req, res, next) => {
    const body = files.get(String(req.params.file));
    if (!body) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type(ASSETS[String(req.params.file)] as string).send(body);
  });

  // One page; the script shows the right view for the path (queue, thread, admin pages).
  const page: express.RequestHandler = (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(CONSOLE_HTML);
  };
  router.get('/staff', page);
  router.get(/^\/staff\/(?:threads\/\d+|resolved|search|reports|training|users|audit|settings|account)\/?$/, page);
  return router;
}
