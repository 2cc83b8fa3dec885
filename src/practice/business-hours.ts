import type { EscalationRoute } from '../triage/types';
import { WEEKDAYS, type Closure, type OpeningInterval, type PracticeProfile } from './practice-profile';
import { addDays, localParts, zonedTimeToUtc } from './zoned-time';

/** An opening interval as instants (ms since epoch), `start` < `end`. */
export interface OpenSpan {
  start: number;
  end: number;
}

export interface OpeningStatus {
  open: boolean;
  /** Local date (`YYYY-MM-DD`) in the practice's zone at the instant asked about. */
  localDate: string;
  /** When open: the instant the current interval ends. */
  closesAt?: number;
  /** When closed: the next instant the practice opens (undefined if none within a year). */
  nextOpensAt?: number;
  /** The closure (holiday or reduced-hours day) that applies to `localDate`, if any. */
  closure?: Closure;
}

/** How far ahead we look for an opening: a year of closures would be a data error, not a schedule. */
const HORIZON_DAYS = 400;

/** The closure entry for a local date, if the profile lists one. */
export function closureOn(profile: PracticeProfile, date: string): Closure | undefined {
  return profile.closures.find((c) => c.date === date);
}

/** The intervals the practice is open on a local date: the closure's hours if listed, else the weekday's. */
export function openingIntervalsOn(profile: PracticeProfile, date: string): readonly OpeningInterval[] {
  const closure = closureOn(profile, date);
  if (closure) return closure.hours;
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? 'sunday';
  return profile.hours[weekday];
}

/** The same, as instants: what the business-hours arithmetic walks over. */
export function openSpansOn(profile: PracticeProfile, date: string): OpenSpan[] {
  return openingIntervalsOn(profile, date).map((i) => ({
    start: zonedTimeToUtc(date, i.openMinute, profile.timeZone),
    end: zonedTimeToUtc(date, i.closeMinute, profile.timeZone),
  }));
}

/**
 * Is the practice open at `at`? For the "are you open now" answer and the console: when open, until
 * when; when closed, the next opening and the holiday that explains it.
 */
export function openingStatus(profile: PracticeProfile, at: number): OpeningStatus {
  const today = localParts(at, profile.timeZone).date;
  const closure = closureOn(profile, today);
  const base = { localDate: today, ...(closure ? { closure } : {}) };
  const current = openSpansOn(profile, today).find((s) => s.start <= at && at < s.end);
  if (current) return { open: true, closesAt: current.end, ...base };
  const next = nextOpening(profile, at);
  return { open: false, ...(next !== undefined ? { nextOpensAt: next } : {}), ...base };
}

/** The first instant at or after `at` when the practice is open (undefined if none within the horizon). */
export function nextOpening(profile: PracticeProfile, at: number): number | undefined {
  let date = localParts(at, profile.timeZone).date;
  for (let i = 0; i < HORIZON_DAYS; i += 1) {
    for (const span of openSpansOn(profile, date)) {
      if (span.end > at) return Math.max(span.start, at);
    }
    date = addDays(date, 1);
  }
  return undefined;
}

/**
 * `from` plus `minutes` of opening hours. Time outside opening hours does not count; a result that
 * lands exactly on a closing time stays there (due "at close", not at the next opening).
 */
export function addBusinessMinutes(profile: PracticeProfile, from: number, minutes: number): number {
  let remaining = Math.round(minutes * 60_000);
  let date = localParts(from, profile.timeZone).date;
  for (let i = 0; i < HORIZON_DAYS; i += 1) {
    for (const span of openSpansOn(profile, date)) {
      if (span.end <= from) continue;
      const start = Math.max(span.start, from);
      const length = span.end - start;
      if (remaining <= length) return start + remaining;
      remaining -= length;
    }
    date = addDays(date, 1);
  }
  throw new Error(`practice profile: no opening hours within ${HORIZON_DAYS} days`);
}

/** Opening-hours milliseconds on `date` before instant `at`. */
function businessMsBefore(profile: PracticeProfile, date: string, at: number): number {
  let total = 0;
  for (const span of openSpansOn(profile, date)) total += Math.max(0, Math.min(span.end, at) - span.start);
  return total;
}

/** The next local date after `date` with any opening hours. */
function nextOpenDate(profile: PracticeProfile, date: string): string {
  let d = date;
  for (let i = 0; i < HORIZON_DAYS; i += 1) {
    d = addDays(d, 1);
    if (openingIntervalsOn(profile, d).length > 0) return d;
  }
  throw new Error(`practice profile: no opening hours within ${HORIZON_DAYS} days`);
}

/**
 * `n` business days from `createdAt`: by the same point of the practice's day `n` working days
 * later. Friday 10:00 + 1 day = Monday 10:00. A message that arrives while closed starts the clock
 * at the next opening, so Saturday + 1 day = Monday at closing (one full working day).
 */
export function addBusinessDays(profile: PracticeProfile, createdAt: number, n: number): number {
  const start = addBusinessMinutes(profile, createdAt, 0);
  const startDate = localParts(start, profile.timeZone).date;
  const elapsed = businessMsBefore(profile, startDate, start);
  let date = startDate;
  if (elapsed === 0) {
    for (let i = 1; i < n; i += 1) date = nextOpenDate(profile, date);
    const spans = openSpansOn(profile, date);
    return (spans[spans.length - 1] as OpenSpan).end;
  }
  for (let i = 0; i < n; i += 1) date = nextOpenDate(profile, date);
  const opening = (openSpansOn(profile, date)[0] as OpenSpan).start;
  return addBusinessMinutes(profile, opening, elapsed / 60_000);
}

/**
 * When an escalation on `route`, created at `createdAt`, is due for a staff answer under the
 * profile's SLA targets, honouring opening hours, holidays and the practice's time zone.
 */
export function dueAt(route: EscalationRoute, createdAt: number, profile: PracticeProfile): number {
  const target = profile.sla[route];
  const minutes = target.unit === 'minutes' ? target.amount : target.unit === 'hours' ? target.amount * 60 : undefined;
  if (target.clock === 'calendar') return createdAt + (minutes ?? target.amount * 24 * 60) * 60_000;
  if (minutes !== undefined) return addBusinessMinutes(profile, createdAt, minutes);
  return addBusinessDays(profile, createdAt, target.amount);
}
