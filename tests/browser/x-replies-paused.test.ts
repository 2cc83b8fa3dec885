import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow } from '../helpers/console-tabs';
import { startFakeX, type FakeX } from '../helpers/fake-x';
import { addUser } from '../helpers/staff-client';
import { startXFrontdesk, X_CONSUMER_SECRET, xDm, type XFrontdesk } from '../helpers/x-frontdesk';

jest.setTimeout(60_000);

const NOTICE = /^X replies paused until \d\d:\d\d \(15 of 15 used\)$/;

describeInBrowser('X replies paused, in the staff console', () => {
  let x: FakeX;
  let fd: XFrontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET });
    [fd, browser] = await Promise.all([startXFrontdesk({ x }), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'frank@example.org', 'agent', 'Frank Front');
  });
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
    await x?.close();
  });

  test("when X's DM quota is spent, then the queue row and the thread say replies are paused and until when", async () => {
    // The practice used the window's 15 DMs from the X app; X answers the bot's reply with 429.
    x.useDmQuota(15);
    await fd.postX(
      xDm({ accountId: x.accountId, senderId: '1630000000000000001', id: x.nextId(), text: 'can I talk to a real person please' }),
    );
    await fd.server.idle();
    expect(x.dmAttempts.map((a) => a.status)).toEqual([429]);
    const items = ((await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number }> }).items;
    const id = items[0]?.id as number;

    const page = await tabs.signedIn('frank@example.org');
    await expect(queueRow(page, id).locator('.replies-paused').innerText()).resolves.toMatch(NOTICE);
    await queueRow(page, id).getByRole('link').click();
    await expect(page.locator('#replies-paused dd').innerText()).resolves.toMatch(NOTICE);
  });
});
