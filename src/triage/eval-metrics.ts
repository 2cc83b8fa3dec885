import { ROUTES, type Route } from './types';

export interface EvalRow {
  text: string;
  route: Route;
  accept?: Route[];
  /** A post by someone in suicidal crisis (rows may say so, or name a crisis source). */
  crisis?: boolean;
  /** The language the row is written in; English when absent. */
  lang?: 'en' | 'es';
  /** An emergency row: the red-flag family it belongs to, for recall per family. */
  family?: string;
  /** The intent the row should get, where the file names it. */
  intent?: string;
}

export interface EvalPrediction {
  route: Route;
  intent: string;
  decidedBy: string;
}

export interface RouteScore {
  route: Route;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface EvalReport {
  rows: number;
  accepted: number;
  acceptedRate: number;
  perRoute: RouteScore[];
  macroF1: number;
  emergencyRows: number;
  emergencyRecall: number;
  /** Routed `emergency` among rows whose expected route is not `emergency`. */
  falseEmergencyRate: number;
  falseEmergencies: number;
  /** Rows expected `clinical` that were routed `answer`. */
  clinicalLeakRate: number;
  clinicalLeaks: number;
  /** Health rows (expected `clinical` or `emergency`) routed `fallback`: told "didn't understand". */
  healthFallbackRate: number;
  healthFallbacks: number;
  healthRows: number;
  /** Crisis posts routed `emergency`. */
  crisisRows: number;
  crisisRecall: number;
  /** Share of all rows routed `human`. */
  humanRate: number;
  /** confusion[expected][predicted] */
  confusion: Record<Route, Record<Route, number>>;
  misses: Array<{ row: EvalRow; prediction: EvalPrediction }>;
}

export function isAccepted(row: EvalRow, predicted: Route): boolean {
  return row.accept && row.accept.length > 0 ? row.accept.includes(predicted) : row.route === predicted;
}

/**
 * Scores routes. A prediction inside the row's `accept` list counts as the expected route for
 * precision/recall (it is a correct answer); macro-F1 averages the routes that have rows.
 */
export function evaluate(rows: readonly EvalRow[], predictions: readonly EvalPrediction[]): EvalReport {
  const confusion = emptyMatrix();
  const misses: EvalReport['misses'] = [];
  const effective: Array<[Route, Route]> = [];
  let accepted = 0;
  let emergencyRows = 0;
  let emergencyHits = 0;
  let nonEmergency = 0;
  let falseEmergencies = 0;
  let clinicalRows = 0;
  let clinicalLeaks = 0;
  let healthRows = 0;
  let healthFallbacks = 0;
  let crisisRows = 0;
  let crisisHits = 0;
  let human = 0;
  rows.forEach((row, i) => {
    const prediction = predictions[i];
    if (!prediction) throw new Error(`no prediction for row ${i + 1}`);
    const ok = isAccepted(row, prediction.route);
    confusion[row.route][prediction.route] += 1;
    effective.push([row.route, ok ? row.route : prediction.route]);
    if (ok) accepted += 1;
    else misses.push({ row, prediction });
    if (row.route === 'emergency') {
      emergencyRows += 1;
      if (prediction.route === 'emergency') emergencyHits += 1;
    } else {
      nonEmergency += 1;
      if (prediction.route === 'emergency') falseEmergencies += 1;
    }
    if (prediction.route === 'human') human += 1;
    if (row.route === 'clinical' || row.route === 'emergency') {
      healthRows += 1;
      if (prediction.route === 'fallback') healthFallbacks += 1;
    }
    if (row.crisis === true) {
      crisisRows += 1;
      if (prediction.route === 'emergency') crisisHits += 1;
    }
    if (row.route === 'clinical') {
      clinicalRows += 1;
      if (prediction.route === 'answer') clinicalLeaks += 1;
    }
  });
  const perRoute = ROUTES.map((route) => scoreRoute(route, effective)).filter((s) => s.support > 0);
  return {
    rows: rows.length,
    accepted,
    acceptedRate: ratio(accepted, rows.length),
    perRoute,
    macroF1: perRoute.length === 0 ? 0 : perRoute.reduce((sum, s) => sum + s.f1, 0) / perRoute.length,
    emergencyRows,
    emergencyRecall: emergencyRows === 0 ? 1 : emergencyHits / emergencyRows,
    falseEmergencyRate: ratio(falseEmergencies, nonEmergency),
    falseEmergencies,
    clinicalLeakRate: ratio(clinicalLeaks, clinicalRows),
    clinicalLeaks,
    healthRows,
    healthFallbacks,
    healthFallbackRate: ratio(healthFallbacks, healthRows),
    crisisRows,
    crisisRecall: crisisRows === 0 ? 1 : crisisHits / crisisRows,
    humanRate: ratio(human, rows.length),
    confusion,
    misses,
  };
}

function scoreRoute(route: Route, pairs: ReadonlyArray<[Route, Route]>): RouteScore {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [expected, predicted] of pairs) {
    if (expected === route && predicted === route) tp += 1;
    else if (predicted === route) fp += 1;
    else if (expected === route) fn += 1;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { route, support: tp + fn, precision, recall, f1 };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function emptyMatrix(): Record<Route, Record<Route, number>> {
  const row = (): Record<Route, number> => Object.fromEntries(ROUTES.map((r) => [r, 0])) as Record<Route, number>;
  return Object.fromEntries(ROUTES.map((r) => [r, row()])) as Record<Route, Record<Route, number>>;
}

const pct = (n: number): string => `${(n * 100).toFixed(1)}%`;

/** Human-readable report; `showMisses` lists every miss. */
export function formatReport(title: string, report: EvalReport, showMisses = true): string {
  const lines: string[] = [`== ${title}: ${report.rows} rows`];
  lines.push('route       support  precision  recall    F1');
  for (const s of report.perRoute) {
    lines.push(
      `${s.route.padEnd(11)} ${String(s.support).padStart(7)}  ${pct(s.precision).padStart(9)}  ${pct(s.recall).padStart(6)}  ${s.f1.toFixed(3)}`,
    );
  }
  lines.push(`macro-F1            ${report.macroF1.toFixed(3)}`);
  lines.push(`accepted route      ${pct(report.acceptedRate)} (${report.accepted}/${report.rows})`);
  lines.push(`emergency recall    ${pct(report.emergencyRecall)} (${report.emergencyRows} emergency rows)`);
  lines.push(`false emergencies   ${pct(report.falseEmergencyRate)} (${report.falseEmergencies} of non-emergency rows)`);
  lines.push(`clinical leak       ${pct(report.clinicalLeakRate)} (${report.clinicalLeaks} clinical rows routed answer)`);
  lines.push(
    `health -> fallback  ${pct(report.healthFallbackRate)} (${report.healthFallbacks} of ${report.healthRows} clinical/emergency rows)`,
  );
  lines.push(
    `crisis recall       ${report.crisisRows === 0 ? 'n/a' : pct(report.crisisRecall)} (${report.crisisRows} crisis rows routed emergency)`,
  );
  lines.push(`sent to human       ${pct(report.humanRate)} (share of all rows)`);
  lines.push('', 'confusion (rows: expected, columns: predicted)');
  lines.push(`${''.padEnd(11)}${ROUTES.map((r) => r.slice(0, 9).padStart(10)).join('')}`);
  for (const expected of ROUTES) {
    const counts = ROUTES.map((p) => report.confusion[expected][p]);
    if (counts.every((c) => c === 0)) continue;
    lines.push(`${expected.padEnd(11)}${counts.map((c) => String(c).padStart(10)).join('')}`);
  }
  if (showMisses && report.misses.length > 0) {
    lines.push('', `misses (${report.misses.length}): expected -> predicted [intent, decided by] text`);
    for (const { row, prediction } of report.misses) {
      const text = row.text.replace(/\s+/g, ' ');
      lines.push(
        `  ${row.route} -> ${prediction.route} [${prediction.intent}, ${prediction.decidedBy}] ${text.length > 160 ? `${text.slice(0, 157)}...` : text}`,
      );
    }
  }
  return lines.join('\n');
}
