import type { Language } from '../../triage/types';
import { FLOW_TEXTS, flowTexts } from './flow-texts';
import type { FlowInput, FlowReply, FlowStep } from './flow-types';

/**
 * Who the patient is, as the front desk needs it to find the chart and no more: the name, the date
 * of birth and how to reach them (a phone number, or a reply in this chat). Read gently: a date in
 * any common format, a number with or without punctuation.
 */
export interface PatientIdentity {
  name?: string;
  /** ISO date (yyyy-mm-dd). */
  dob?: string;
  /** A phone number as digits with its punctuation, or REPLY_HERE. */
  callback?: string;
}

export type IdentityStep = 'name' | 'dob' | 'callback';

/** The callback answer "reply here is fine": staff answer in this conversation. */
export const REPLY_HERE = 'reply here';
export const REPLY_HERE_PAYLOAD = 'callback:here';

/** No one is older than this; a date of birth further back is a typing slip. */
const OLDEST_AGE_YEARS = 120;

/** Each month as [English, Spanish, other spellings]. */
const MONTHS: ReadonlyArray<readonly string[]> = [
  ['january', 'enero', 'jan', 'ene'],
  ['february', 'febrero', 'feb'],
  ['march', 'marzo', 'mar'],
  ['april', 'abril', 'apr', 'abr'],
  ['may', 'mayo'],
  ['june', 'junio', 'jun'],
  ['july', 'julio', 'jul'],
  ['august', 'agosto', 'aug', 'ago'],
  ['september', 'septiembre', 'sep', 'sept', 'setiembre'],
  ['october', 'octubre', 'oct'],
  ['november', 'noviembre', 'nov'],
  ['december', 'diciembre', 'dec', 'dic'],
];

function monthOf(word: string): number | undefined {
  const w = word.replace(/\.$/, '');
  const index = MONTHS.findIndex((names) => names.includes(w));
  return index === -1 ? undefined : index + 1;
}

function fullYear(year: number, now: Date): number {
  if (year >= 100) return year;
  const century = now.getUTCFullYear() % 100;
  return year > century ? 1900 + year : 2000 + year;
}

/** The year, month and day a patient wrote, in the order their language writes them; no checks yet. */
function readParts(text: string, language: Language, now: Date): [number, number, number] | undefined {
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(?:de|del|the|of)\b/g, ' ')
    .replace(/(\d)(?:st|nd|rd|th)\b/g, '$1')
    .replace(/,/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  let m = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(t);
  if (m) return [Number(m[1]), Number(m[2]), Number(m[3])];
  m = /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})\b/.exec(t);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const year = fullYear(Number(m[3]), now);
    // US order (month/day) in English, day/month in Spanish, unless one part can only be a day.
    const dayFirst = a > 12 || (language === 'es' && b <= 12);
    return dayFirst ? [year, b, a] : [year, a, b];
  }
  m = /\b([a-z]+\.?) (\d{1,2}) (\d{4})\b/.exec(t);
  const month1 = m && monthOf(m[1] ?? '');
  if (m && month1) return [Number(m[3]), month1, Number(m[2])];
  m = /\b(\d{1,2}) ([a-z]+\.?) (\d{4})\b/.exec(t);
  const month2 = m && monthOf(m[2] ?? '');
  if (m && month2) return [Number(m[3]), month2, Number(m[1])];
  return undefined;
}

/**
 * A date of birth from what the patient typed: "3/4/1980", "1980-03-04", "March 4 1980",
 * "4 de marzo de 1980". `invalid` for no date, `future` for a date after today, `too-old` for an
 * age no one reaches.
 */
export function readBirthDate(text: string, language: Language, now: Date): { iso: string } | 'invalid' | 'future' | 'too-old' {
  const parts = readParts(text, language, now);
  if (!parts) return 'invalid';
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return 'invalid';
  if (date.getTime() > now.getTime()) return 'future';
  if (now.getUTCFullYear() - year > OLDEST_AGE_YEARS) return 'too-old';
  return { iso: date.toISOString().slice(0, 10) };
}

/** "Reply here is fine", "here", "aquí está bien", "por este chat". */
const HERE =
  /^\s*(?:(?:just |you can |please )?(?:reply|answer|message|text|write|contact) (?:me )?(?:here|in (?:this|the) chat)|here(?: is (?:fine|good|ok|okay|best))?|(?:this|the) chat(?: is fine)?|(?:por )?aqu[ií](?: est[aá] bien| mismo)?|por (?:este|el) chat|resp[oó]ndame aqu[ií]|aqu[ií] por el chat)\b[\s.!]*(?:is fine|est[aá] bien|please|thanks|gracias)?[\s.!]*$/i;

/** A callback number (10 digits, a leading 1 allowed) or "reply here"; undefined when it is neither. */
export function readCallback(text: string, payload: string | undefined): string | undefined {
  if (payload === REPLY_HERE_PAYLOAD || (!payload && HERE.test(text))) return REPLY_HERE;
  const digits = text.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10 || /[a-z]{3,}/i.test(text.replace(/\b(?:cell|mobile|phone|home|work|celular|casa|trabajo|tel|ext)\b/gi, '')))
    return undefined;
  return `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`;
}

/** A name is two to a hundred characters with a letter in it. */
export function readName(text: string): string | undefined {
  const name = text.replace(/\s+/g, ' ').trim();
  return name.length >= 2 && name.length <= 100 && /\p{L}/u.test(name) ? name : undefined;
}

/** The first identity question still unanswered; undefined when the front desk has all three. */
export function nextIdentityStep(identity: PatientIdentity): IdentityStep | undefined {
  if (identity.name === undefined) return 'name';
  if (identity.dob === undefined) return 'dob';
  if (identity.callback === undefined) return 'callback';
  return undefined;
}

/** The date of birth as the patient reads it back, month by name so no one mixes up day and month. */
export function spokenDate(iso: string, language: Language): string {
  const [year, month, day] = iso.split('-').map(Number);
  const name = MONTHS[(month ?? 1) - 1]?.[language === 'es' ? 1 : 0] ?? '';
  return language === 'es' ? `${day} de ${name} de ${year}` : `${name.charAt(0).toUpperCase()}${name.slice(1)} ${day}, ${year}`;
}

/** The question of an identity step, in the patient's language. */
export function identityQuestion(step: IdentityStep, language: Language | undefined): FlowReply {
  const say = flowTexts(language);
  switch (step) {
    case 'name':
      return { text: say.askPatientName };
    case 'dob':
      return { text: say.askDob };
    case 'callback':
      return { text: say.askCallback, choices: [{ title: say.replyHere, payload: REPLY_HERE_PAYLOAD }] };
  }
}

/** The patient's answer to an identity step: the field it fills, or the retry message that says what to fix. */
export function identityAnswer(step: IdentityStep, input: FlowInput): { fill: PatientIdentity } | { retry: string } {
  const say = flowTexts(input.language);
  switch (step) {
    case 'name': {
      const name = readName(input.text);
      return name ? { fill: { name } } : { retry: say.missed };
    }
    case 'dob': {
      const dob = readBirthDate(input.text, input.language ?? 'en', new Date(input.now ?? Date.now()));
      if (typeof dob === 'object') return { fill: { dob: dob.iso } };
      return { retry: dob === 'future' ? say.dobFuture : dob === 'too-old' ? say.dobTooOld : say.dobRetry };
    }
    case 'callback': {
      const callback = readCallback(input.text, input.payload);
      return callback ? { fill: { callback } } : { retry: say.callbackRetry };
    }
  }
}

/** Fills `next` from the answer to an identity step; the flow's retry step when the answer cannot be used. */
export function fillIdentity(
  step: IdentityStep,
  next: PatientIdentity,
  input: FlowInput,
  missed: (retry: string) => FlowStep,
): FlowStep | undefined {
  const answer = identityAnswer(step, input);
  if ('retry' in answer) return missed(answer.retry);
  Object.assign(next, answer.fill);
  return undefined;
}

/** The identity lines of a request's summary: for the patient's check in their language, in English for staff. */
export function identityLines(identity: PatientIdentity, language: Language): string[] {
  const say = FLOW_TEXTS[language];
  const l = say.summaryLines;
  const lines: string[] = [];
  if (identity.name) lines.push(`• ${l.name}: ${identity.name}`);
  if (identity.dob) lines.push(`• ${l.dob}: ${spokenDate(identity.dob, language)} (${identity.dob})`);
  if (identity.callback) lines.push(`• ${l.callback}: ${identity.callback === REPLY_HERE ? say.replyHereLine : identity.callback}`);
  return lines;
}
