import { effectiveStatus, planAssignments, poolOf, poolRoles, type StaffLoad } from '../../../src/escalation/assignment';
import { followUpHolder } from '../../../src/escalation/follow-up';
import type { QueuePolicy } from '../../../src/platform/config';

const POLICY: QueuePolicy = { assignment: 'round-robin', defaultCapacity: 2, awayAfterMs: 600_000, reopenWithinMs: 72 * 3_600_000 };
const AT = 1_000_000_000;

function person(userId: number, role: StaffLoad['role'], extra: Partial<StaffLoad> = {}): StaffLoad {
  return { userId, role, disabled: false, chosen: 'available', capacity: null, openItems: 0, lastActiveAt: AT, ...extra };
}

describe('assignment rules', () => {
  test('when routes are pooled, then clinical and emergency go to clinicians, requests and general threads to agents, admins to both', () => {
    expect([poolOf('clinical'), poolOf('emergency'), poolOf('request'), poolOf('human')]).toEqual([
      'clinical',
      'clinical',
      'front_desk',
      'front_desk',
    ]);
    expect(poolRoles('clinical')).toEqual(['admin', 'clinician']);
    expect(poolRoles('front_desk')).toEqual(['admin', 'agent']);
  });

  test('when someone chose available but has been idle past awayAfterMs, then they are away; disabled is off', () => {
    expect(effectiveStatus(person(1, 'clinician'), POLICY, AT)).toBe('available');
    expect(effectiveStatus(person(1, 'clinician', { lastActiveAt: AT - 600_001 }), POLICY, AT)).toBe('away');
    expect(effectiveStatus(person(1, 'clinician', { lastActiveAt: null }), POLICY, AT)).toBe('away');
    expect(effectiveStatus(person(1, 'clinician', { disabled: true }), POLICY, AT)).toBe('off');
  });

  test('when the pointer stands at the last person, then the turn wraps to the first; capacity and roles are kept; an emergency goes over capacity', () => {
    const staff = [
      person(3, 'clinician'),
      person(5, 'clinician', { openItems: 2 }),
      person(7, 'agent'),
      person(9, 'clinician', { capacity: 1 }),
    ];
    const waiting = [
      { id: 1, route: 'clinical' as const },
      { id: 2, route: 'request' as const },
      { id: 3, route: 'clinical' as const },
      { id: 4, route: 'clinical' as const },
      { id: 5, route: 'emergency' as const },
    ];
    const plan = planAssignments(waiting, staff, { clinical: 9, front_desk: null }, POLICY, AT);
    expect(plan.assignments).toEqual([
      { escalationId: 1, userId: 3 }, // after 9 wraps to 3 (5 is full)
      { escalationId: 2, userId: 7 },
      { escalationId: 3, userId: 9 },
      { escalationId: 4, userId: 3 }, // 9 is at its capacity of 1
      { escalationId: 5, userId: 5 }, // an emergency: the next in turn even over capacity
    ]);
    expect(plan.pointers).toEqual({ clinical: 5, front_desk: 7 });
  });

  test('when a follow-up comes, then it goes to its holder unless they are disabled, off, or no longer see the route', () => {
    const item = { route: 'clinical' as const, assigned_to: 4, resolved_by: 'user:4' };
    expect(followUpHolder(item, [person(4, 'clinician')], POLICY, AT)).toBe(4);
    expect(followUpHolder({ ...item, assigned_to: null }, [person(4, 'clinician')], POLICY, AT)).toBe(4);
    expect(followUpHolder(item, [person(4, 'clinician', { chosen: 'off' })], POLICY, AT)).toBeNull();
    expect(followUpHolder(item, [person(4, 'clinician', { chosen: 'off' })], { ...POLICY, assignment: 'off' }, AT)).toBe(4);
    expect(followUpHolder(item, [person(4, 'agent')], POLICY, AT)).toBeNull();
    expect(followUpHolder(item, [person(4, 'clinician', { chosen: 'away' })], POLICY, AT)).toBe(4);
  });
});
