import type { PatientChannels } from '../conversation/channel-hub';
import type { PracticeProfile } from '../practice/practice-profile';
import { localParts } from '../practice/zoned-time';
import { iso } from '../platform/values';

/** What staff see while a channel's send quota holds the patients' replies back. */
export interface RepliesPaused {
  until: string;
  used: number;
  limit: number;
  /** e.g. "X replies paused until 14:45 (15 of 15 used)", the time in the practice's zone. */
  notice: string;
}

/**
 * While a channel's platform quota is spent, ordinary replies on it wait in order for the reset
 * (emergency replies still go out): the queue and the thread say so, and until when.
 */
export function repliesPaused(hub: PatientChannels, practice: PracticeProfile, channelId: string): RepliesPaused | null {
  const pause = hub.sendPause(channelId);
  if (!pause) return null;
  const { hour, minute } = localParts(pause.until, practice.timeZone);
  const at = `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  return {
    until: iso(pause.until) as string,
    used: pause.used,
    limit: pause.limit,
    notice: `${hub.displayName(channelId)} replies paused until ${at} (${pause.used} of ${pause.limit} used)`,
  };
}
