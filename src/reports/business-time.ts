import { openSpansOn } from '../practice/business-hours';
import type { PracticeProfile } from '../practice/practice-profile';
import { addDays, localParts } from '../practice/zoned-time';

/**
 * Milliseconds of the practice's opening hours between two instants: a message that came in on
 * Friday evening and was answered on Monday at 9:10 waited ten minutes of the practice's time.
 */
export function businessMsBetween(profile: PracticeProfile, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  const last = localParts(to, profile.timeZone).date;
  for (let date = localParts(from, profile.timeZone).date; date <= last; date = addDays(date, 1)) {
    for (const span of openSpansOn(profile, date)) total += Math.max(0, Math.min(span.end, to) - Math.max(span.start, from));
  }
  return total;
}
