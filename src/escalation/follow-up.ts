import type { QueuePolicy } from '../platform/config';
import type { EscalationRoute } from '../triage/types';
import { actorUserId, canSeeRoute } from './access';
import { effectiveStatus, type StaffLoad } from './assignment';

/**
 * Who a patient's follow-up to a recently resolved item goes back to: the person who held it (its
 * assignee, else who resolved it), while they can still work it — an active account whose role
 * covers the item, not off for the day when round robin is on. Otherwise
 * nobody: the item waits for the round robin like a new one.
 */
export function followUpHolder(
  item: { route: EscalationRoute; assigned_to: number | null; resolved_by: string | null },
  staff: readonly StaffLoad[],
  policy: QueuePolicy,
  at: number,
): number | null {
  const holderId = item.assigned_to ?? actorUserId(item.resolved_by) ?? null;
  const holder = staff.find((s) => s.userId === holderId);
  if (!holder || holder.disabled || !canSeeRoute(holder.role, item.route)) return null;
  // Without round robin nobody needs to say they are working: the holder keeps their threads.
  if (policy.assignment === 'off') return holder.userId;
  if (effectiveStatus(holder, policy, at) === 'off') return null;
  return holder.userId;
}
