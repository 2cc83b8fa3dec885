import { LeaseLoop } from '../../../src/conversation/lease-loop';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

function setup(items: number[]) {
  let claiming = 0;
  let mostAtOnce = 0;
  const claimedTwice: number[] = [];
  const seen = new Set<number>();
  const ran: number[] = [];
  const loop = new LeaseLoop<number>({
    maxInFlight: 2,
    claim: async (free, inFlight) => {
      claiming += 1;
      mostAtOnce = Math.max(mostAtOnce, claiming);
      // A slow store: kicks arrive while this round waits.
      await tick();
      const due = items.filter((i) => !seen.has(i) && !inFlight.has(i)).slice(0, free);
      for (const i of due) {
        if (seen.has(i)) claimedTwice.push(i);
        seen.add(i);
      }
      claiming -= 1;
      return due;
    },
    run: async (item) => {
      await tick(1);
      ran.push(item);
    },
    onError: () => undefined,
  });
  return { loop, ran, claimedTwice, mostAtOnce: () => mostAtOnce };
}

describe('Lease loop claim rounds', () => {
  test('when kicks arrive while a claim round waits on the store, then rounds never overlap and every item runs once, in order', async () => {
    const { loop, ran, claimedTwice, mostAtOnce } = setup([1, 2, 3, 4, 5, 6, 7]);
    for (let i = 0; i < 10; i += 1) {
      loop.kick();
      await tick(1);
    }
    await loop.idle();
    await loop.stop();
    expect(mostAtOnce()).toBe(1);
    expect(claimedTwice).toEqual([]);
    expect(ran).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
