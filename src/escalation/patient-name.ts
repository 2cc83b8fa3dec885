/**
 * How staff call a patient in the queue: the name from the channel's profile where the channel
 * gives one, else a stable alias derived from the contact's id ("Patient 4F2A"). The alias is a
 * bijection on 16 bits (odd multiplier), so the first 65,536 contacts never share one.
 */
export function patientAlias(contactId: number): string {
  const code = (contactId * 40503) % 65536;
  return `Patient ${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function patientName(contact: { contactId: number; displayName: string | null }): string {
  return contact.displayName ?? patientAlias(contact.contactId);
}

/** The first `max` characters of a text on one line, for a queue row. */
export function previewOf(text: string, max = 80): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
