import { localParts } from '../practice/zoned-time';
import type { Language } from '../triage/types';

const WEEKDAY_NAMES = {
  en: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  es: ['domingo', 'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado'],
} as const satisfies Record<Language, readonly string[]>;
const MONTH_NAMES = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  es: ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'],
} as const satisfies Record<Language, readonly string[]>;

/** 510 -> "8:30 AM" ("8:30 a. m."); 720 -> "12:00 PM" ("12:00 p. m."); 1440 -> "midnight" ("medianoche"). */
export function formatClock(minuteOfDay: number, language: Language = 'en'): string {
  if (minuteOfDay >= 1440) return language === 'es' ? 'medianoche' : 'midnight';
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  const hour12 = h % 12 === 0 ? 12 : h % 12;
  const half = language === 'es' ? (h < 12 ? 'a. m.' : 'p. m.') : h < 12 ? 'AM' : 'PM';
  return `${hour12}:${String(m).padStart(2, '0')} ${half}`;
}

/** "2026-11-26" -> "Thursday, November 26" ("jueves 26 de noviembre"). */
export function formatDate(date: string, language: Language = 'en'): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const weekday = weekdayName(new Date(Date.UTC(y, m - 1, d)).getUTCDay(), language);
  const month = MONTH_NAMES[language][m - 1] ?? '';
  return language === 'es' ? `${weekday} ${d} de ${month}` : `${weekday}, ${month} ${d}`;
}

export function weekdayName(index: number, language: Language = 'en'): string {
  return WEEKDAY_NAMES[language][index] ?? '';
}

/** "a las 3:30 p. m.", "a la 1:00 p. m.": Spanish says the hour with its article. */
function atClockEs(minuteOfDay: number): string {
  const clock = formatClock(minuteOfDay, 'es');
  return /^1:/.test(clock) ? `a la ${clock}` : minuteOfDay >= 1440 ? `a la ${clock}` : `a las ${clock}`;
}

/**
 * An instant as a patient reads it, in the practice's zone and relative to now:
 * "today at 3:30 PM", "tomorrow at 9:00 AM", "Monday at 8:00 AM", "Thursday, December 3 at 8:00 AM";
 * in Spanish "hoy a las 3:30 p. m.", "mañana a las 9:00 a. m.", "el lunes a las 8:00 a. m.",
 * "el jueves 3 de diciembre a las 8:00 a. m.".
 */
export function formatWhen(at: number, now: number, timeZone: string, language: Language = 'en'): string {
  const then = localParts(at, timeZone);
  const today = localParts(now, timeZone);
  const days = Math.round((Date.UTC(then.year, then.month - 1, then.day) - Date.UTC(today.year, today.month - 1, today.day)) / 86_400_000);
  if (language === 'es') {
    const clock = atClockEs(then.minuteOfDay);
    if (days <= 0) return `hoy ${clock}`;
    if (days === 1) return `mañana ${clock}`;
    if (days < 7) return `el ${weekdayName(then.weekday, 'es')} ${clock}`;
    return `el ${formatDate(then.date, 'es')} ${clock}`;
  }
  const clock = formatClock(then.minuteOfDay);
  if (days <= 0) return `today at ${clock}`;
  if (days === 1) return `tomorrow at ${clock}`;
  if (days < 7) return `${weekdayName(then.weekday)} at ${clock}`;
  return `${formatDate(then.date)} at ${clock}`;
}
