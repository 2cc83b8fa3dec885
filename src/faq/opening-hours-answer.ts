import { closureOn, openingIntervalsOn, openingStatus } from '../practice/business-hours';
import { WEEKDAYS, type Closure, type OpeningInterval, type PracticeProfile } from '../practice/practice-profile';
import { addDays, localParts } from '../practice/zoned-time';
import type { Language } from '../triage/types';
import { formatClock, formatDate, formatWhen, weekdayName } from './time-phrases';

const MONTHS = {
  en: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  es: ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'],
};
/** Day names in English and Spanish (the text is read without accents). */
const DAY_PATTERNS: Array<[RegExp, number]> = [
  [/\b(sun(day)?s?|domingos?)\b/, 0],
  [/\b(mon(day)?s?|lunes)\b/, 1],
  [/\b(tue(s|sday)?s?|martes)\b/, 2],
  [/\b(wed(s|nesday)?s?|miercoles)\b/, 3],
  [/\b(thu(r|rs|rsday)?s?|jueves)\b/, 4],
  [/\b(fri(day)?s?|viernes)\b/, 5],
  [/\b(sat(urday)?s?|sabados?)\b/, 6],
];
/** A holiday as patients name it, and the practice's closure it is (English names, most specific first). */
const HOLIDAY_WORDS: Array<[RegExp, RegExp]> = [
  [/\b((christmas|xmas)\s*eve|noche\s*buena)\b/, /christmas eve/i],
  [/\b(christmas|xmas|navidad)\b/, /christmas day/i],
  [/\b(new\s*year'?s?\s*eve|vispera de ano nuevo|fin de ano)\b/, /new year'?s eve/i],
  [/\b(new\s*year|ano nuevo)/, /new year'?s day/i],
  [/\b(black friday|day after thanksgiving|viernes negro|(dia )?despues de (accion de )?gracias)\b/, /day after thanksgiving/i],
  [/\b(thanksgiving|turkey day|accion de gracias|dia de gracias)\b/, /thanksgiving/i],
  [/\b(july 4|4th of july|fourth of july|independence day|4 de julio|dia de la independencia)\b/, /independence/i],
  [/\b(memorial day|dia de los caidos)\b/, /memorial/i],
  [/\b(labou?r day|dia del trabajo)\b/, /labou?r/i],
];

/** Lower case, accents removed: "sábado" and "sabado" read the same. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * What day a message asks about: 'now', a local date, or nothing in particular. English and
 * Spanish words are read in every message (patients mix them); `language` decides how a bare
 * "5/12" reads (month/day in English, day/month in Spanish).
 */
export function askedDay(text: string, profile: PracticeProfile, now: number, language: Language = 'en'): 'now' | string | undefined {
  const t = fold(text);
  const today = localParts(now, profile.timeZone);
  for (const [pattern, name] of HOLIDAY_WORDS) {
    if (!pattern.test(t)) continue;
    const upcoming = profile.closures.filter((c) => name.test(c.name) && c.date >= today.date).sort((a, b) => a.date.localeCompare(b.date));
    if (upcoming[0]) return upcoming[0].date;
  }
  // "today" is best answered as now: open until when, or when we open again.
  if (/\b(today|tonight|this (morning|afternoon|evening)|hoy|esta (manana|tarde|noche)|ahorita)\b/.test(t)) return 'now';
  if (/\bpasado manana\b/.test(t)) return addDays(today.date, 2);
  // "mañana" is tomorrow, but "en la mañana" / "por las mañanas" is the morning.
  if (/\b(tomorrow|tmrw?|tmr|2morrow)\b/.test(t) || /\bmanana\b/.test(t.replace(/\b(?:la|las|en|por|de|cada) mananas?\b/g, '')))
    return addDays(today.date, 1);
  const monthDay = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(st|nd|rd|th)?\b/.exec(t);
  const spanishMonthDay = /\b(\d{1,2}) de (ene|feb|mar|abr|may|jun|jul|ago|sep|oct|nov|dic)[a-z]*\b/.exec(t);
  const numeric = /\b(\d{1,2})\/(\d{1,2})\b/.exec(t);
  const ordinal = /\b(?:the\s+)?(\d{1,2})(st|nd|rd|th)\b/.exec(t) ?? /\b(?:el|dia)\s+(\d{1,2})\b(?!\s*(?:am|pm|a\.|p\.|:))/.exec(t);
  if (monthDay || spanishMonthDay || numeric || ordinal) {
    let month = today.month;
    let day = 0;
    if (monthDay) {
      month = MONTHS.en.indexOf((monthDay[1] ?? '').slice(0, 3)) + 1;
      day = Number(monthDay[2]);
    } else if (spanishMonthDay) {
      month = MONTHS.es.indexOf((spanishMonthDay[2] ?? '').slice(0, 3)) + 1;
      day = Number(spanishMonthDay[1]);
    } else if (numeric) {
      const [first, second] = [Number(numeric[1]), Number(numeric[2])];
      [month, day] = language === 'es' ? [second, first] : [first, second];
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
  if (/\b(now|right now|rn|currently|still open|at the moment|open yet|ahora|ahorita|en este momento|todavia)\b/.test(t)) return 'now';
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

/** A sentence ends with one full stop, also after "p. m.". */
function sentence(text: string): string {
  return text.endsWith('.') ? text : `${text}.`;
}

/** The sentences of the hours answer, per language. */
interface HoursWords {
  /** "8:00 AM–5:30 PM and 1:00 PM–5:30 PM" / "de 8:00 a. m. a 12:00 p. m. y de 1:00 p. m. a 5:30 p. m." */
  spans(intervals: readonly OpeningInterval[]): string;
  closedDays(days: string): string;
  regular(schedule: string, phone: string): string;
  openNow(until: string): string;
  closedNow(closure: string | undefined, opensAgain: string | undefined): string;
  onDay(label: string, spans: string | undefined): string;
  closureName(closure: Closure): string;
}

const WORDS: Record<Language, HoursWords> = {
  en: {
    spans: (intervals) => intervals.map((i) => `${formatClock(i.openMinute)}–${formatClock(i.closeMinute)}`).join(' and '),
    closedDays: (days) => `; closed ${days}`,
    regular: (schedule, phone) => `Our regular hours: ${schedule} Phone: ${phone}.`,
    openNow: (until) => `We're open now until ${until}.`,
    closedNow: (closure, again) => `We're closed right now${closure ? ` (${closure})` : ''}.${again ? ` We open again ${again}.` : ''}`,
    onDay: (label, spans) => (spans === undefined ? `On ${label} we're closed.` : `On ${label} we're open ${spans}.`),
    closureName: (c) => c.name,
  },
  es: {
    spans: (intervals) => intervals.map((i) => `de ${formatClock(i.openMinute, 'es')} a ${formatClock(i.closeMinute, 'es')}`).join(' y '),
    closedDays: (days) => `; cerrado el ${days}`,
    regular: (schedule, phone) => `Nuestro horario habitual: ${schedule} Teléfono: ${phone}.`,
    openNow: (until) => sentence(`Ahora estamos abiertos hasta ${until === 'medianoche' ? 'la' : 'las'} ${until}`),
    closedNow: (closure, again) =>
      `Ahora estamos cerrados${closure ? ` (${closure})` : ''}.${again ? ` ${sentence(`Volvemos a abrir ${again}`)}` : ''}`,
    onDay: (label, spans) => (spans === undefined ? `El ${label} estamos cerrados.` : sentence(`El ${label} abrimos ${spans}`)),
    closureName: (c) => c.nameEs,
  },
};

/** "Monday–Friday 8:00 AM–5:30 PM, Saturday 9:00 AM–12:00 PM; closed Sunday." (or its Spanish) */
export function weeklySchedule(profile: PracticeProfile, language: Language = 'en'): string {
  const words = WORDS[language];
  const order = [1, 2, 3, 4, 5, 6, 0];
  const groups: Array<{ from: number; to: number; hours: string }> = [];
  for (const index of order) {
    const day = WEEKDAYS[index] ?? 'sunday';
    const intervals = profile.hours[day];
    const hours = intervals.length === 0 ? '' : words.spans(intervals);
    const last = groups.at(-1);
    if (last && last.hours === hours && order.indexOf(last.to) === order.indexOf(index) - 1) last.to = index;
    else groups.push({ from: index, to: index, hours });
  }
  const name = (i: number) => weekdayName(i, language);
  const label = (g: { from: number; to: number }) =>
    g.from === g.to ? name(g.from) : language === 'es' ? `de ${name(g.from)} a ${name(g.to)}` : `${name(g.from)}–${name(g.to)}`;
  const open = groups.filter((g) => g.hours !== '').map((g) => `${label(g)} ${g.hours}`);
  const closed = groups.filter((g) => g.hours === '').map(label);
  return `${open.join(', ')}${closed.length > 0 ? words.closedDays(closed.join(', ')) : ''}.`;
}

/**
 * The "are you open now / on Saturday / on the 24th" answer, computed from the practice profile in
 * the practice's time zone, so it is right on holidays and whatever zone the server runs in; in
 * the patient's language ("El sábado 5 de diciembre abrimos de 9:00 a. m. a 12:00 p. m.").
 */
export function openingHoursAnswer(text: string, profile: PracticeProfile, now: number, language: Language = 'en'): string {
  const words = WORDS[language];
  const day = askedDay(text, profile, now, language);
  const regular = words.regular(weeklySchedule(profile, language), profile.phone);
  if (day === undefined || day === 'now') {
    const status = openingStatus(profile, now);
    const lead = status.open
      ? words.openNow(formatClock(localParts(status.closesAt ?? now, profile.timeZone).minuteOfDay, language))
      : words.closedNow(
          status.closure && openingIntervalsOn(profile, status.localDate).length === 0 ? words.closureName(status.closure) : undefined,
          status.nextOpensAt !== undefined ? formatWhen(status.nextOpensAt, now, profile.timeZone, language) : undefined,
        );
    return `${lead} ${regular}`;
  }
  const intervals = openingIntervalsOn(profile, day);
  const closure = closureOn(profile, day);
  const label = `${formatDate(day, language)}${closure ? ` (${words.closureName(closure)})` : ''}`;
  return `${words.onDay(label, intervals.length === 0 ? undefined : words.spans(intervals))} ${regular}`;
}
