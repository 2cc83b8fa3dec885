import { loadPracticeProfile } from '../../../src/practice/practice-profile';
import { businessMsBetween } from '../../../src/reports/business-time';
import { percentiles, summarize } from '../../../src/reports/report-summary';
import type { ReportEscalation } from '../../../src/reports/report-repo';

/** New York wall time as an instant in winter (EST, UTC-5). */
const est = (date: string, time: string) => Date.parse(`${date}T${time}:00-05:00`);
const MINUTE = 60_000;

function setup() {
  // The demo practice: weekdays 08:00-17:30, Saturday 09:00-12:00, closed Sunday and on holidays.
  return { profile: loadPracticeProfile() };
}

const escalation = (fields: Partial<ReportEscalation>): ReportEscalation => ({
  id: 1,
  conversationId: 1,
  route: 'clinical',
  createdAt: est('2026-02-06', '17:00'),
  status: 'open',
  resolvedAt: null,
  resolverRole: null,
  firstReplyAt: null,
  firstResponderRole: null,
  ...fields,
});

describe('Report figures', () => {
  test('when a message waits over a weekend, then only opening hours count', () => {
    const { profile } = setup();
    // Friday 17:00 → Monday 08:10: 30 min on Friday, 3 h on Saturday, 10 min on Monday.
    expect(businessMsBetween(profile, est('2026-02-06', '17:00'), est('2026-02-09', '08:10'))).toBe((30 + 180 + 10) * MINUTE);
    expect(businessMsBetween(profile, est('2026-02-07', '13:00'), est('2026-02-08', '23:00'))).toBe(0);
    expect(businessMsBetween(profile, est('2026-02-09', '10:00'), est('2026-02-09', '09:00'))).toBe(0);
  });

  test('when durations are measured, then p50 and p90 are nearest-rank, in seconds', () => {
    const tens = Array.from({ length: 10 }, (_, i) => (i + 1) * 1000);
    expect(percentiles(tens)).toEqual({ p50: 5, p90: 9, count: 10 });
    expect(percentiles([])).toEqual({ p50: null, p90: null, count: 0 });
    expect(percentiles([61_400])).toEqual({ p50: 61, p90: 61, count: 1 });
  });

  test('when an item is answered after a weekend, then its response time and SLA breach are in opening hours', () => {
    const { profile } = setup();
    const monday = est('2026-02-09', '12:00');
    const r = summarize({
      profile,
      role: 'admin',
      now: monday,
      days: 7,
      activity: [],
      escalations: [
        // Friday 17:00, answered Monday 08:10: 3 h 40 min of opening hours, within the 4 h clinical target.
        escalation({ id: 1, firstReplyAt: est('2026-02-09', '08:10'), firstResponderRole: 'clinician' }),
        // Friday 17:00, not answered by Monday noon: past 4 opening hours.
        escalation({ id: 2, conversationId: 2 }),
        // A request answered by an agent in 20 minutes.
        escalation({
          id: 3,
          conversationId: 3,
          route: 'request',
          createdAt: est('2026-02-09', '09:00'),
          firstReplyAt: est('2026-02-09', '09:20'),
          firstResponderRole: 'agent',
        }),
      ],
      notUnderstood: [],
    });
    expect(r.firstResponseByRole).toEqual([
      { role: 'agent', p50: 1200, p90: 1200, count: 1 },
      { role: 'clinician', p50: 13_200, p90: 13_200, count: 1 },
    ]);
    expect(r.slaBreaches).toEqual({ total: 1, byRoute: { clinical: 1 } });

    const agent = summarize({
      profile,
      role: 'agent',
      now: monday,
      days: 7,
      activity: [],
      escalations: [escalation({ id: 2 })],
      notUnderstood: [],
    });
    expect(agent).toMatchObject({ scope: 'front-desk', escalations: 0, slaBreaches: { total: 0 } });
  });
});
