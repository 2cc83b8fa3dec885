/**
 * What a piece of stored text is, decided when it is written: administrative (hours, bookings, "a
 * real person please"), clinical (symptoms, medicines, results) or emergency. Staff views show each
 * piece to the roles that may read its kind; a text that repeats a patient's words (the bot's
 * "Please check: … Reason: …", a request summary) is as sensitive as the most sensitive words it
 * repeats.
 */
export const CONTENT_KINDS = ['administrative', 'clinical', 'emergency'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

const RANK: Readonly<Record<ContentKind, number>> = { administrative: 0, clinical: 1, emergency: 2 };

export function isContentKind(value: unknown): value is ContentKind {
  return typeof value === 'string' && (CONTENT_KINDS as readonly string[]).includes(value);
}

/** The most sensitive of the kinds given; administrative when none. */
export function mostSensitive(...kinds: readonly ContentKind[]): ContentKind {
  return kinds.reduce<ContentKind>((worst, k) => (RANK[k] > RANK[worst] ? k : worst), 'administrative');
}

/**
 * The kind of a route (a message's triage, the thread a reply answers). No route means the text was
 * not triaged: unknown content counts as clinical, so it is withheld rather than shown.
 */
export function kindOfRoute(route: string | null | undefined): ContentKind {
  if (route === 'emergency') return 'emergency';
  if (route === 'clinical' || route === null || route === undefined) return 'clinical';
  return 'administrative';
}

/** Below this length a patient text counts as repeated only as whole words ("hiv", not "hive"). */
const WHOLE_WORDS_BELOW = 4;
/** Guided flows keep at most this many characters of an answer (they clip longer ones). */
const REPEATED_PREFIX = 280;

function normalized(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function repeats(haystack: string, needle: string): boolean {
  if (needle.length >= WHOLE_WORDS_BELOW) return haystack.includes(needle);
  const escaped = needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'u').test(haystack);
}

/**
 * The kind a written text inherits from the patient messages it repeats: the most sensitive kind of
 * any source whose words (or their first part, as flows clip long answers) appear in it.
 */
export function repeatedKind(text: string, sources: ReadonlyArray<{ text: string; kind: ContentKind }>): ContentKind {
  const haystack = normalized(text);
  const kinds: ContentKind[] = [];
  for (const source of sources) {
    if (source.kind === 'administrative') continue;
    const needle = normalized(source.text).slice(0, REPEATED_PREFIX);
    if (needle !== '' && repeats(haystack, needle)) kinds.push(source.kind);
  }
  return mostSensitive(...kinds);
}
