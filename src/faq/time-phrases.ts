import { localParts } from '../practice/zoned-time';

const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** 510 -> "8:30 AM"; 720 -> "12:00 PM"; 1440 -> "midnight". */
export function formatClock(minuteOfDay: number): string {
  if (minuteOfDay >= 1440) return 'midnight';
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  return `${hour12}:${String(m).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

/** "2026-11-26" -> "Thursday, November 26". */
export function formatDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = WEEKDAY_NAMES[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? '';
  return `${weekday}, ${MONTH_NAMES[m - 1] ?? ''} ${d}`;
}

export function weekdayName(index: number): string {
  return WEEKDAY_NAMES[index] ?? '';
}

/**
 * An instant as a patient reads it, in the practice's zone and relative to now:
 * "today at 3:30 PM", "tomorrow at 9:00 AM", "Monday at 8:00 AM", "Thursday, December 3 at 8:00 AM".
 */
export function formatWhen(at: number, now: number, timeZone: string): string {
  const then = localParts(at, timeZone);
  const today = localParts(now, timeZone);
  const clock = formatClock(then.minuteOfDay);
  const days = Math.round((Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  if (days <= 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  if (days < 7) return `${weekdayName(then.weekday)} at ${clock}`;
  return `${formatDate(then.date)} at ${clock}`;
}
