import { readFileSync } from 'node:fs';
import type { EvalRow } from './eval-metrics';
import { ROUTES, type Route } from './types';

const isRoute = (v: unknown): v is Route => typeof v === 'string' && (ROUTES as readonly string[]).includes(v);

/**
 * A crisis row: marked `"crisis": true`, or an emergency row whose source or label names a
 * suicidal-crisis forum or label.
 */
const CRISIS_SOURCE = /suicid|self.?harm|crisis|sdcnl/i;

function isCrisis(data: { route?: unknown; crisis?: unknown; source?: unknown; orig_label?: unknown }): boolean {
  if (typeof data.crisis === 'boolean') return data.crisis;
  if (data.route !== 'emergency') return false;
  return [data.source, data.orig_label].some((v) => typeof v === 'string' && CRISIS_SOURCE.test(v));
}

/** Reads JSON lines `{"text", "route", "accept"?, "crisis"?, "lang"?, "family"?, "intent"?}`; other fields are ignored. */
export function readEvalRows(file: string): EvalRow[] {
  const rows: EvalRow[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const data = JSON.parse(line) as {
        text?: unknown;
        route?: unknown;
        accept?: unknown;
        crisis?: unknown;
        source?: unknown;
        orig_label?: unknown;
        lang?: unknown;
        family?: unknown;
        intent?: unknown;
      };
      if (typeof data.text !== 'string' || !isRoute(data.route)) {
        throw new Error(`${file}:${i + 1}: each line needs "text" (string) and "route" (one of ${ROUTES.join(', ')})`);
      }
      const accept = Array.isArray(data.accept) ? data.accept.filter(isRoute) : undefined;
      if (data.lang !== undefined && data.lang !== 'en' && data.lang !== 'es') {
        throw new Error(`${file}:${i + 1}: "lang" must be "en" or "es"`);
      }
      rows.push({
        text: data.text,
        route: data.route,
        ...(accept ? { accept } : {}),
        ...(isCrisis(data) ? { crisis: true } : {}),
        ...(data.lang !== undefined ? { lang: data.lang } : {}),
        ...(typeof data.family === 'string' ? { family: data.family } : {}),
        ...(typeof data.intent === 'string' ? { intent: data.intent } : {}),
      });
    });
  return rows;
}
