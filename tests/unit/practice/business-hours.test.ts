import { addBusinessMinutes, dueAt, openingStatus } from '../../../src/practice/business-hours';
import { loadPracticeProfile, parsePracticeProfile, type PracticeProfile } from '../../../src/practice/practice-profile';

/** New York wall time as an instant: EST is UTC-5 (winter), EDT UTC-4 (summer). */
const est = (date: string, time: string) => Date.parse(`${date}T${time}:00-05:00`);
const edt = (date: string, time: string) => Date.parse(`${date}T${time}:00-04:00`);
const iso = (ms: number) => new Date(ms).toISOString();

function setup(overrides: Record<string, unknown> = {}): PracticeProfile {
  return parsePracticeProfile({
    kind: 'practice-profile',
    name: 'Test Practice',
    address: '1 Test Street',
    phone: '555-0100',
    timeZone: 'America/New_York',
    hours: {
      monday: ['08:00-17:30'],
      tuesday: ['08:00-17:30'],
      wednesday: ['08:00-17:30'],
      thursday: ['08:00-17:30'],
      friday: ['08:00-17:30'],
      saturday: ['09:00-12:00'],
    },
    closures: [
      { date: '2026-11-26', name: 'Thanksgiving Day' },
      { date: '2026-11-27', name: 'Day after Thanksgiving', hours: ['09:00-13:00'] },
    ],
    sla: { emergency: { minutes: 15, clock: 'calendar' }, clinical: { hours: 4 }, request: { days: 1 }, human: { hours: 4 } },
    ...overrides,
  });
}

describe('Practice profile', () => {
  test('when the shipped intents/practice.yaml is loaded, then it validates with a time zone and an SLA for every route', () => {
    const profile = loadPracticeProfile();
    expect(profile.name).toBe('Maple Street Family Practice');
    expect(profile.timeZone).toBe('America/New_York');
    expect(Object.keys(profile.sla).sort()).toEqual(['clinical', 'emergency', 'human', 'request']);
    expect(profile.emergencyNumbers).toEqual({ emergency: '911', crisis: '988' });
  });

  test('when the time zone is not an IANA name, then the error names the field', () => {
    expect(() => setup({ timeZone: 'Eastern' })).toThrow(/timeZone: must be an IANA time zone/);
  });

  test('when opening hours are malformed, then the error names the day and shows the expected format', () => {
    expect(() => setup({ hours: { monday: ['8-5'] } })).toThrow(/hours\.monday\.0: "8-5" must look like "08:00-17:30"/);
  });

  test('when an SLA target gives two units, then the error says to give exactly one', () => {
    expect(() =>
      setup({ sla: { emergency: { minutes: 15, hours: 1 }, clinical: { hours: 4 }, request: { days: 1 }, human: { hours: 4 } } }),
    ).toThrow(/sla\.emergency: give exactly one of minutes, hours or days/);
  });
});

describe('Opening status', () => {
  test('when it is a weekday morning, then the practice is open until 17:30 local time', () => {
    const status = openingStatus(setup(), est('2026-11-24', '10:00'));
    expect(status).toMatchObject({ open: true, localDate: '2026-11-24' });
    expect(iso(status.closesAt ?? 0)).toBe(iso(est('2026-11-24', '17:30')));
  });

  test('when it is a holiday, then the practice is closed, the holiday is named and the next opening is the reduced-hours day', () => {
    const status = openingStatus(setup(), est('2026-11-26', '12:00'));
    expect(status.open).toBe(false);
    expect(status.closure?.name).toBe('Thanksgiving Day');
    expect(iso(status.nextOpensAt ?? 0)).toBe(iso(est('2026-11-27', '09:00')));
  });

  test('when it is Sunday night, then the next opening is Monday 08:00 in the practice time zone whatever the server zone', () => {
    const status = openingStatus(setup(), Date.parse('2026-11-23T03:00:00Z')); // Sunday 22:00 in New York
    expect(status.open).toBe(false);
    expect(iso(status.nextOpensAt ?? 0)).toBe(iso(est('2026-11-23', '08:00')));
  });
});

describe('SLA due times', () => {
  test('when a clinical message arrives at 15:00 on a Tuesday, then 4 business hours end at 09:30 on Wednesday', () => {
    expect(iso(dueAt('clinical', est('2026-11-24', '15:00'), setup()))).toBe(iso(est('2026-11-25', '09:30')));
  });

  test('when the clock runs into a holiday and a reduced-hours day, then both are honoured', () => {
    // 1.5 h on Wednesday, Thanksgiving closed, then 2.5 h of Friday's 09:00-13:00.
    expect(iso(dueAt('clinical', est('2026-11-25', '16:00'), setup()))).toBe(iso(est('2026-11-27', '11:30')));
  });

  test('when a message arrives while closed, then the clock starts at the next opening', () => {
    expect(iso(dueAt('human', est('2026-11-24', '06:00'), setup()))).toBe(iso(est('2026-11-24', '12:00')));
  });

  test('when a request arrives on a working morning, then it is due at the same point of the next working day', () => {
    // Friday 10:00 is 2 h into the day; Saturday opens 09:00, so due Saturday 11:00.
    expect(iso(dueAt('request', est('2026-11-20', '10:00'), setup()))).toBe(iso(est('2026-11-21', '11:00')));
  });

  test('when a request arrives after Saturday closing, then one business day ends at Monday closing', () => {
    expect(iso(dueAt('request', est('2026-11-21', '14:00'), setup()))).toBe(iso(est('2026-11-23', '17:30')));
  });

  test('when an emergency arrives at 03:00 on a Sunday, then it is due 15 calendar minutes later', () => {
    const at = est('2026-11-22', '03:00');
    expect(dueAt('emergency', at, setup())).toBe(at + 15 * 60_000);
  });

  test('when the business clock crosses the spring-forward weekend, then local opening times keep their wall-clock meaning', () => {
    // Friday 17:00 EST: 0.5 h Friday, 3 h Saturday, DST starts Sunday, 0.5 h Monday = 08:30 EDT.
    expect(iso(dueAt('clinical', est('2026-03-06', '17:00'), setup()))).toBe(iso(edt('2026-03-09', '08:30')));
  });

  test('when a day has a lunch break, then the break does not count', () => {
    const profile = setup({ hours: { monday: ['08:00-12:00', '13:00-17:00'] } });
    expect(iso(addBusinessMinutes(profile, est('2026-11-23', '11:00'), 120))).toBe(iso(est('2026-11-23', '14:00')));
  });

  test('when the time lands exactly on closing time, then it is due at closing and not at the next opening', () => {
    expect(iso(addBusinessMinutes(setup(), est('2026-11-24', '16:30'), 60))).toBe(iso(est('2026-11-24', '17:30')));
  });
});
