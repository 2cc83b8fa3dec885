import { askedDay, openingHoursAnswer, weeklySchedule } from '../../../src/faq/opening-hours-answer';
import { formatWhen } from '../../../src/faq/time-phrases';
import { parsePracticeProfile, type PracticeProfile } from '../../../src/practice/practice-profile';

function setup(): PracticeProfile {
  return parsePracticeProfile({
    kind: 'practice-profile',
    name: 'Test Practice',
    address: '1 Test Street',
    phone: '555-0100',
    timeZone: 'America/New_York',
    emergencyNumbers: { emergency: '911', crisis: '988' },
    hours: {
      monday: ['08:00-17:30'],
      tuesday: ['08:00-17:30'],
      wednesday: ['08:00-12:00', '13:00-17:30'],
      thursday: ['08:00-17:30'],
      friday: ['08:00-17:30'],
      saturday: ['09:00-12:00'],
      sunday: [],
    },
    closures: [
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-12-24', name: 'Christmas Eve', hours: ['08:00-12:00'] },
    ],
    sla: { emergency: { minutes: 15, clock: 'calendar' }, clinical: { hours: 4 }, request: { days: 1 }, human: { hours: 4 } },
  });
}

// Wednesday 25 November 2026, in New York (UTC-5)
const WED_NOON = Date.UTC(2026, 10, 25, 17, 0);
const WED_LUNCH = Date.UTC(2026, 10, 25, 17, 30);
const THANKSGIVING_10AM = Date.UTC(2026, 10, 26, 15, 0);
const SAT_2PM = Date.UTC(2026, 10, 28, 19, 0);

describe('opening hours answers', () => {
  test('when asked "open now", then it says until when or when it opens again', () => {
    expect(openingHoursAnswer('are you open now', setup(), WED_NOON)).toMatch(/^We're closed right now\. We open again today at 1:00 PM\./);
    expect(openingHoursAnswer('r u open rn', setup(), WED_NOON - 60 * 60_000)).toMatch(/^We're open now until 12:00 PM\./);
  });

  test('when asked during the lunch break, then it gives the reopening time today', () => {
    expect(openingHoursAnswer('open now?', setup(), WED_LUNCH)).toContain('We open again today at 1:00 PM');
  });

  test('when asked on a holiday, then it names the holiday and the next opening', () => {
    expect(openingHoursAnswer('are you open now', setup(), THANKSGIVING_10AM)).toMatch(
      /^We're closed right now \(Thanksgiving Day\)\. We open again tomorrow at 8:00 AM\./,
    );
  });

  test('when asked on Saturday afternoon, then the next opening is Monday morning', () => {
    expect(openingHoursAnswer('are you open', setup(), SAT_2PM)).toContain('We open again Monday at 8:00 AM');
  });

  test('when asked about Saturday, then it gives Saturday hours', () => {
    expect(openingHoursAnswer('are you open on saturday', setup(), WED_NOON)).toMatch(
      /^On Saturday, November 28 we're open 9:00 AM–12:00 PM\./,
    );
  });

  test('when asked about "the 24th", then reduced holiday hours are given', () => {
    expect(openingHoursAnswer('are you open on the 24th', setup(), WED_NOON)).toMatch(
      /^On Thursday, December 24 \(Christmas Eve\) we're open 8:00 AM–12:00 PM\./,
    );
  });

  test('when asked about tomorrow on the day before a holiday, then it says closed', () => {
    expect(openingHoursAnswer('open tmrw?', setup(), WED_NOON)).toMatch(/^On Thursday, November 26 \(Thanksgiving Day\) we're closed\./);
  });

  test('when asked about a holiday by name, then its date is found', () => {
    expect(askedDay('are you open on thanksgiving', setup(), WED_NOON)).toBe('2026-11-26');
  });

  test('when the weekly schedule is printed, then equal days are grouped and closed days named', () => {
    expect(weeklySchedule(setup())).toBe(
      'Monday–Tuesday 8:00 AM–5:30 PM, Wednesday 8:00 AM–12:00 PM and 1:00 PM–5:30 PM, Thursday–Friday 8:00 AM–5:30 PM, Saturday 9:00 AM–12:00 PM; closed Sunday.',
    );
  });

  test('when a due time is phrased, then it is relative to today in the practice zone', () => {
    expect(formatWhen(WED_NOON + 3 * 3600_000, WED_NOON, 'America/New_York')).toBe('today at 3:00 PM');
    expect(formatWhen(WED_NOON + 24 * 3600_000, WED_NOON, 'America/New_York')).toBe('tomorrow at 12:00 PM');
    expect(formatWhen(WED_NOON + 5 * 24 * 3600_000, WED_NOON, 'America/New_York')).toBe('Monday at 12:00 PM');
  });
});

describe('opening hours answers about today', () => {
  test('when asked "what time do you close today" while open, then it says until when', () => {
    expect(openingHoursAnswer('what time do you close today?', setup(), Date.UTC(2026, 10, 25, 15, 0))).toMatch(
      /^We're open now until 12:00 PM\./,
    );
  });
});
