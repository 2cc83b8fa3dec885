/**
 * Where the patient wrote: a private conversation, or a public post that anyone can read. On a
 * public surface the bot never repeats or confirms health details.
 */
export type Surface = 'private' | 'public';
