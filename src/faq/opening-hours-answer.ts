import { closureOn, openingIntervalsOn, openingStatus } from '../practice/business-hours';
import { WEEKDAYS, type OpeningInterval, type PracticeProfile } from '../practice/practice-profile';
import { addDays, localParts } from '../practice/zoned-time';
import { formatClock, formatDate, formatWhen, weekdayName } from './time-phrases';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_PATTERNS: Array<[RegExp, number]> = [
  [/\bsun(day)?s?\b/, 0],
  [/\bmon(day)?s?\b/, 1],
  [/\btue(s|sday)?s?\b/, 2],
  [/\bwed(s|nesday)?s?\b/, 3],
  [/\bthu(r|rs|rsday)?s?\b/, 4],
  [/\bfri(day)?s?\b/, 5],
  [/\bsat(urday)?s?\b/, 6],
];
const HOLIDAY_WORDS: Array<[RegExp, RegExp]> = [
  [/\b(christmas|xmas)\s*eve\b/, /christmas eve/i],
  [/\b(christmas|xmas)\b/, /christmas day/i],
  [/\bnew\s*year'?s?\s*eve\b/, /new year'?s eve/i],
  [/\bnew\s*year/, /new year'?s day/i],
  [/\b(thanksgiving|turkey day)\b/, /thanksgiving/i],
  [/\b(black friday|day after thanksgiving)\b/, /day after thanksgiving/i],
  [/\b(july 4|4th of july|fourth of july|independence day)\b/, /independence/i],
  [/\bmemorial day\b/, /memorial/i],
  [/\blabou?r day\b/, /labou?r/i],
];

/** What day a message asks about: 'now', a local date, or nothing in particular. */
export function askedDay(text: string, profile: PracticeProfile, now: number): 'now' | string | undefined {
  const t = text.toLowerCase();
  const today = localParts(now, profile.timeZone);
  for (const [pattern, name] of HOLIDAY_WORDS) {
    if (!pattern.test(t)) continue;
    const upcoming = profile.closures.filter((c) => name.test(c.name) && c.date >= today.date).sort((a, b) => a.date.localeCompare(b.date));
    if (upcoming[0]) return upcoming[0].date;
  }
  // "today" is best answered as now: open until when, or when we open again.
  if (/\b(today|tonight|this (morning|afternoon|evening))\b/.test(t)) return 'now';
  if (/\b(tomorrow|tmrw?|tmr|2morrow)\b/.test(t)) return addDays(today.date, 1);
  const monthDay = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(st|nd|rd|th)?\b/.exec(t);
  const numeric = /\b(\d{1,2})\/(\d{1,2})\b/.exec(t);
  const ordinal = /\b(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b/.exec(t);
  if (monthDay || numeric || ordinal) {
    let month = today.month;
    let day = 0;
    if (monthDay) {
      month = MONTHS.indexOf((monthDay[1] ?? '').slice(0, 3)) + 1;
      day = Number(monthDay[2]);
    } else if (numeric) {
      month = Number(numeric[1]);
      day = Number(numeric[2]);
    } else if (ordinal) {
      day = Number(ordinal[1]);
      if (day < today.day) month += 1; // "the 3rd" said on the 25th means next month
    }
    const date = toDate(today.year, month, day, today.date);
    if (date) return date;
  }
  for (const [pattern, index] of DAY_PATTERNS) {
    if (pattern.test(t)) {
      const ahead = (index - today.weekday + 7) % 7;
      return addDays(today.date, ahead);
    }
  }
  if (/\b(now|right now|rn|currently|still open|at the moment|open yet)\b/.test(t)) return 'now';
  return undefined;
}

function toDate(year: number, month: number, day: number, todayDate: string): string | undefined {
  let y = year;
  let m = month;
  if (m > 12) {
    m -= 12;
    y += 1;
  }
  if (m < 1 || day < 1 || day > 31) return undefined;
  const probe = new Date(Date.UTC(y, m - 1, day));
  if (probe.getUTCDate() !== day) return undefined;
  let date = `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (date < todayDate) date = `${y + 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return date;
}

function spans(intervals: readonly OpeningInterval[]): string {
  return intervals.map((i) => `${formatClock(i.openMinute)}–${formatClock(i.closeMinute)}`).join(' and ');
}

/** "Monday–Friday 8:00 AM–5:30 PM, Saturday 9:00 AM–12:00 PM; closed Sunday." */
export function weeklySchedule(profile: PracticeProfile): string {
  const order = [1, 2, 3, 4, 5, 6, 0];
  const groups: Array<{ from: number; to: number; hours: string }> = [];
  for (const index of order) {
    const day = WEEKDAYS[index] ?? 'sunday';
    const hours = spans(profile.hours[day]);
    const last = groups.at(-1);
    if (last && last.hours === hours && order.indexOf(last.to) === order.indexOf(index) - 1) last.to = index;
    else groups.push({ from: index, to: index, hours });
  }
  const label = (g: { from: number; to: number }) =>
    g.from === g.to ? weekdayName(g.from) : `${weekdayName(g.from)}–${weekdayName(g.to)}`;
  const open = groups.filter((g) => g.hours !== '').map((g) => `${label(g)} ${g.hours}`);
  const closed = groups.filter((g) => g.hours === '').map(label);
  return `${open.join(', ')}${closed.length > 0 ? `; closed ${closed.join(', ')}` : ''}.`;
}

/**
 * The "are you open now / on Saturday / on the 24th" answer, computed from the practice profile in
 * the practice's time zone, so it is right on holidays and whatever zone the server runs in.
 */
export function openingHoursAnswer(text: string, profile: PracticeProfile, now: number): string {
  const day = askedDay(text, profile, now);
  const regular = `Our regular hours: ${weeklySchedule(profile)} Phone: ${profile.phone}.`;
  if (day === undefined || day === 'now') {
    const status = openingStatus(profile, now);
    const lead = status.open
      ? `We're open now until ${formatClock(localParts(status.closesAt ?? now, profile.timeZone).minuteOfDay)}.`
      : `We're closed right now${status.closure && openingIntervalsOn(profile, status.localDate).length === 0 ? ` (${status.closure.name})` : ''}.${
          status.nextOpensAt !== undefined ? ` We open again ${formatWhen(status.nextOpensAt, now, profile.timeZone)}.` : ''
        }`;
    return `${lead} ${regular}`;
  }
  const intervals = openingIntervalsOn(profile, day);
  const closure = closureOn(profile, day);
  const label = `${formatDate(day)}${closure ? ` (${closure.name})` : ''}`;
  const lead = intervals.length === 0 ? `On ${label} we're closed.` : `On ${label} we're open ${spans(intervals)}.`;
  return `${lead} ${regular}`;
}
