/** Small value helpers shared across the code base: one copy each. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Epoch milliseconds as an ISO-8601 string; null stays null. */
export function iso(ms: number): string;
export function iso(ms: number | null | undefined): string | null;
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** A button the patient can tap instead of typing: what it shows and what it sends back. */
export interface Choice {
  title: string;
  payload: string;
}
