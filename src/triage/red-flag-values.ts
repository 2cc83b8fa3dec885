/**
 * Values the red-flag rules share across languages: written once, read by every language's phrasing.
 */

/**
 * A glucose reading (mg/dL) that is an emergency with a change in mental state or fast breathing:
 * at most 54 (severe low), 300 and over (a high that with those signs is ketoacidosis or a
 * hyperosmolar state), or the meter's "HI".
 */
export const SUGAR_CRISIS_VALUE = String.raw`(?:[1-9]|[1-4]\d|5[0-4]|[3-9]\d\d|[1-9]\d\d\d|hi)`;

/** A temperature that is a fever in an infant under 3 months: 38 °C and over, 100.4 °F and over. */
export const INFANT_FEVER_VALUE = String.raw`(?:3[89](?:\.\d+)?|4[0-2](?:\.\d+)?|100\.[4-9]\d*|10[1-7](?:\.\d+)?)`;
