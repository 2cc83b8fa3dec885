import { evaluate, type EvalPrediction, type EvalRow } from './eval-metrics';
import { ROUTES, type Route } from './types';

export type EvalLanguage = NonNullable<EvalRow['lang']>;

/** Rows of one expected route: how many were routed exactly there (accept lists aside). */
export interface StrictRoute {
  route: Route;
  rows: number;
  exact: number;
}

export interface LanguageReport {
  lang: EvalLanguage;
  rows: number;
  accepted: number;
  emergencyRows: number;
  emergencyHits: number;
  falseEmergencies: number;
  clinicalLeaks: number;
  healthFallbacks: number;
  healthRows: number;
  /** Front-desk rows (expected `answer`) that name their intent, and how many got it. */
  answerIntentRows: number;
  answerIntentHits: number;
  strict: StrictRoute[];
  /** Emergency rows that name their red-flag family: rows and hits per family. */
  families: Array<{ family: string; rows: number; hits: number }>;
}

/** The report cut by the language of each row (a row without `lang` is English). */
export function evaluateByLanguage(rows: readonly EvalRow[], predictions: readonly EvalPrediction[]): LanguageReport[] {
  const byLang = new Map<EvalLanguage, number[]>();
  rows.forEach((row, i) => {
    const lang = row.lang ?? 'en';
    const list = byLang.get(lang) ?? [];
    list.push(i);
    byLang.set(lang, list);
  });
  return [...byLang.entries()].map(([lang, indexes]) => languageReport(lang, indexes, rows, predictions));
}

function languageReport(
  lang: EvalLanguage,
  indexes: readonly number[],
  allRows: readonly EvalRow[],
  allPredictions: readonly EvalPrediction[],
): LanguageReport {
  const rows = indexes.map((i) => allRows[i] as EvalRow);
  const predictions = indexes.map((i) => allPredictions[i] as EvalPrediction);
  const report = evaluate(rows, predictions);
  let answerIntentRows = 0;
  let answerIntentHits = 0;
  const families = new Map<string, { rows: number; hits: number }>();
  rows.forEach((row, i) => {
    const prediction = predictions[i] as EvalPrediction;
    if (row.route === 'answer' && row.intent !== undefined) {
      answerIntentRows += 1;
      if (prediction.route === 'answer' && prediction.intent === row.intent) answerIntentHits += 1;
    }
    if (row.route === 'emergency' && row.family !== undefined) {
      const counts = families.get(row.family) ?? { rows: 0, hits: 0 };
      counts.rows += 1;
      if (prediction.route === 'emergency') counts.hits += 1;
      families.set(row.family, counts);
    }
  });
  const strict = ROUTES.map((route) => ({
    route,
    rows: Object.values(report.confusion[route]).reduce((a, b) => a + b, 0),
    exact: report.confusion[route][route],
  })).filter((s) => s.rows > 0);
  return {
    lang,
    rows: report.rows,
    accepted: report.accepted,
    emergencyRows: report.emergencyRows,
    emergencyHits: Math.round(report.emergencyRecall * report.emergencyRows),
    falseEmergencies: report.falseEmergencies,
    clinicalLeaks: report.clinicalLeaks,
    healthFallbacks: report.healthFallbacks,
    healthRows: report.healthRows,
    answerIntentRows,
    answerIntentHits,
    strict,
    families: [...families.entries()].map(([family, c]) => ({ family, ...c })).sort((a, b) => a.family.localeCompare(b.family)),
  };
}

const share = (n: number, of: number): string => `${of === 0 ? 'n/a' : `${((n / of) * 100).toFixed(1)}%`} (${n}/${of})`;

export function formatLanguageReports(reports: readonly LanguageReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push('', `-- language ${r.lang}: ${r.rows} rows`);
    lines.push(`accepted route      ${share(r.accepted, r.rows)}`);
    lines.push(`emergency recall    ${share(r.emergencyHits, r.emergencyRows)}`);
    lines.push(`false emergencies   ${r.falseEmergencies}`);
    lines.push(`clinical leak       ${r.clinicalLeaks}`);
    lines.push(`health -> fallback  ${share(r.healthFallbacks, r.healthRows)}`);
    if (r.answerIntentRows > 0) lines.push(`answer, right intent ${share(r.answerIntentHits, r.answerIntentRows)}`);
    lines.push(`exact route         ${r.strict.map((s) => `${s.route} ${share(s.exact, s.rows)}`).join(', ')}`);
    if (r.families.length > 0) {
      lines.push('emergency recall by family');
      for (const f of r.families) lines.push(`  ${f.family.padEnd(17)} ${share(f.hits, f.rows)}`);
    }
  }
  return lines.join('\n');
}
