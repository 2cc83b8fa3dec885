import { readFileSync } from 'node:fs';
import type { EvalRow } from './eval-metrics';
import { ROUTES, type Route } from './types';

const isRoute = (v: unknown): v is Route => typeof v === 'string' && (ROUTES as readonly string[]).includes(v);

/** Reads JSON lines `{"text", "route", "accept"?}`; extra fields are ignored. */
export function readEvalRows(file: string): EvalRow[] {
  const rows: EvalRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const data = JSON.parse(line) as { text?: unknown; route?: unknown; accept?: unknown };
      if (typeof data.text !== 'string' || !isRoute(data.route)) {
        throw new Error(`${file}:${i + 1}: each line needs "text" (string) and "route" (one of ${ROUTES.join(', ')})`);
      }
      const accept = Array.isArray(data.accept) ? data.accept.filter(isRoute) : undefined;
      rows.push({ text: data.text, route: data.route, ...(accept ? { accept } : {}) });
    });
  return rows;
}
