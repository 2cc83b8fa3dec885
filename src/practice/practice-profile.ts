import fs from 'node:fs';
import path from 'node:path';
import { parseYamlCached } from '../platform/cached-yaml';
import { z } from 'zod';
import { ESCALATION_ROUTES, type EscalationRoute } from '../triage/types';
import { ConfigError } from '../platform/errors';
import { isValidTimeZone } from './zoned-time';

/** The file name inside the intents folder. The triage loader skips it: it is not an intent. */
export const PRACTICE_PROFILE_FILE = 'practice.yaml';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** One opening interval on a day, local wall-clock time, `close` after `open` ("24:00" allowed). */
export interface OpeningInterval {
  open: string;
  close: string;
  /** Minutes after local midnight, for arithmetic. */
  openMinute: number;
  closeMinute: number;
}

/** A date the practice is closed, or open on reduced hours (`hours` non-empty). */
export interface Closure {
  date: string;
  name: string;
  /** The name in Spanish (`name_es`), for replies in Spanish; the name itself when not given. */
  nameEs: string;
  hours: OpeningInterval[];
}

/**
 * How long a route may wait for a first staff answer. `business` counts only opening hours (a
 * `days` target means "by the same point of the practice's Nth next working day"); `calendar` counts
 * every minute, which is what an emergency needs.
 */
export type SlaTarget =
  | { clock: 'business' | 'calendar'; unit: 'minutes'; amount: number }
  | { clock: 'business' | 'calendar'; unit: 'hours'; amount: number }
  | { clock: 'business' | 'calendar'; unit: 'days'; amount: number };

export interface PracticeProfile {
  name: string;
  address: string;
  phone: string;
  /** Out-of-hours line for urgent but not emergency needs, when the practice has one. */
  onCallPhone: string | undefined;
  /** IANA zone, e.g. America/New_York: every time staff and patients see is in this zone. */
  timeZone: string;
  bookingUrl: string | undefined;
  /** The practice's privacy notice, linked from the bot's first-contact notice. */
  privacyUrl: string | undefined;
  emergencyNumbers: { emergency: string; crisis: string };
  hours: Readonly<Record<Weekday, readonly OpeningInterval[]>>;
  closures: readonly Closure[];
  sla: Readonly<Record<EscalationRoute, SlaTarget>>;
  /** How a staff reply is signed for the patient: `first_name` ("Dana: …") or `none` (unsigned). */
  staffReplyName: 'first_name' | 'none';
}

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])$/;

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** "08:00-17:30" -> interval; several intervals per day model a lunch break. */
const interval = z
  .string()
  .trim()
  .transform((value, ctx): OpeningInterval => {
    const [open = '', close = '', ...rest] = value.split('-').map((s) => s.trim());
    if (rest.length > 0 || !TIME.test(open) || !TIME.test(close) || minutesOf(close) <= minutesOf(open)) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must look like "08:00-17:30" (24-hour clock, close after open)` });
      return z.NEVER;
    }
    return { open, close, openMinute: minutesOf(open), closeMinute: minutesOf(close) };
  });

const dayHours = z
  .array(interval)
  .default([])
  .superRefine((list, ctx) => {
    const sorted = [...list].sort((a, b) => a.openMinute - b.openMinute);
    for (let i = 1; i < sorted.length; i += 1) {
      if ((sorted[i]?.openMinute ?? 0) < (sorted[i - 1]?.closeMinute ?? 0)) {
        ctx.addIssue({ code: 'custom', message: 'opening intervals on one day must not overlap' });
      }
    }
  })
  .transform((list) => [...list].sort((a, b) => a.openMinute - b.openMinute));

const slaTarget = z
  .object({
    minutes: z.number().int().positive().optional(),
    hours: z.number().positive().optional(),
    days: z.number().int().positive().optional(),
    clock: z.enum(['business', 'calendar']).default('business'),
  })
  .strict()
  .transform((t, ctx): SlaTarget => {
    const given = (['minutes', 'hours', 'days'] as const).filter((u) => t[u] !== undefined);
    const unit = given[0];
    if (given.length !== 1 || unit === undefined) {
      ctx.addIssue({ code: 'custom', message: 'give exactly one of minutes, hours or days, e.g. { hours: 4 }' });
      return z.NEVER;
    }
    return { clock: t.clock, unit, amount: t[unit] as number };
  });

const schema = z
  .object({
    kind: z.literal('practice-profile'),
    name: z.string().trim().min(1),
    address: z.string().trim().min(1),
    phone: z.string().trim().min(1),
    onCallPhone: z.string().trim().min(1).optional(),
    timeZone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/New_York'),
    bookingUrl: z.url({ protocol: /^https?$/ }).optional(),
    privacyUrl: z.url({ protocol: /^https?$/ }).optional(),
    emergencyNumbers: z
      .object({ emergency: z.string().trim().min(1).default('911'), crisis: z.string().trim().min(1).default('988') })
      .default({ emergency: '911', crisis: '988' }),
    hours: z
      .object(Object.fromEntries(WEEKDAYS.map((d) => [d, dayHours])) as Record<Weekday, typeof dayHours>)
      .strict()
      .refine((h) => WEEKDAYS.some((d) => h[d].length > 0), 'the practice must be open on at least one weekday'),
    closures: z
      .array(
        z.object({
          date: z.string().regex(DATE, 'must be a date like 2026-12-25'),
          name: z.string().trim().min(1),
          name_es: z.string().trim().min(1).optional(),
          hours: dayHours,
        }),
      )
      .default([]),
    sla: z.object(Object.fromEntries(ESCALATION_ROUTES.map((r) => [r, slaTarget])) as Record<EscalationRoute, typeof slaTarget>),
    staffReplyName: z.enum(['first_name', 'none'], 'must be first_name or none').default('first_name'),
  })
  .strict();

/** Validates a parsed practice profile document; throws a ConfigError naming the bad field. */
export function parsePracticeProfile(doc: unknown, source = PRACTICE_PROFILE_FILE): PracticeProfile {
  const parsed = schema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw new ConfigError(`Invalid practice profile ${source}. ${lines.join('; ')}.`);
  }
  const p = parsed.data;
  const dates = new Set<string>();
  for (const c of p.closures) {
    if (dates.has(c.date)) throw new ConfigError(`Invalid practice profile ${source}. closures: ${c.date} is listed twice.`);
    dates.add(c.date);
  }
  return deepFreeze({
    name: p.name,
    address: p.address,
    phone: p.phone,
    onCallPhone: p.onCallPhone,
    timeZone: p.timeZone,
    bookingUrl: p.bookingUrl,
    privacyUrl: p.privacyUrl,
    emergencyNumbers: p.emergencyNumbers,
    hours: p.hours,
    closures: p.closures
      .map(({ date, name, name_es: nameEs, hours }) => ({ date, name, nameEs: nameEs ?? name, hours }))
      .sort((a, b) => a.date.localeCompare(b.date)),
    sla: p.sla,
    staffReplyName: p.staffReplyName,
  });
}

/** The shipped intents folder (works from src/ under tsx/ts-jest and from dist/ after tsc). */
export function defaultIntentsDir(): string {
  return path.resolve(__dirname, '..', '..', 'intents');
}

/**
 * Reads `practice.yaml` from `dir` (default: the shipped intents folder). Throws a ConfigError
 * saying which file and field is wrong, so start-up fails with an actionable message.
 */
export function loadPracticeProfile(dir: string = defaultIntentsDir()): PracticeProfile {
  const file = path.join(dir, PRACTICE_PROFILE_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `Practice profile not found: ${file}. Copy intents/${PRACTICE_PROFILE_FILE} from the repository into INTENTS_DIR and edit it.`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYamlCached(text);
  } catch (err) {
    throw new ConfigError(`Practice profile ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return parsePracticeProfile(doc, file);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
