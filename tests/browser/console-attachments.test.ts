import type { Browser } from 'playwright-core';
import { messengerAttachment } from '../helpers/attachments';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs } from '../helpers/console-tabs';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { addUser } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(60_000);

/** A valid 1×1 PNG: a browser decodes it, so the test sees a rendered image, not a broken one. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PSID = '7399300000000001';

describeInBrowser('Patient photos in the staff console (Chromium)', () => {
  let fd: Frontdesk;
  let graph: FakeGraph;
  let browser: Browser;
  let tabs: ConsoleTabs;
  let escalationId: number;

  beforeAll(async () => {
    graph = await startFakeGraph({ delayMs: 150 });
    [fd, browser] = await Promise.all([startFrontdesk({ graph }), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    await addUser(fd, 'agent@example.org', 'agent', 'Frank Front');
    const url = graph.hostAttachment(PNG_1X1, { contentType: 'image/png' });
    const body = messengerAttachment({ psid: PSID, mid: 'm_console_photo_1', url });
    expect((await fd.postMessenger(body)).status).toBe(200);
    await waitFor(async () => {
      await fd.server.idle();
      const row = fd.server.store.db.prepare(`SELECT status FROM attachments`).get() as { status: string } | undefined;
      return row?.status === 'stored';
    });
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', PSID);
    escalationId = (await fd.server.store.escalations.openForConversation(conversation?.id as number))?.id as number;
  });
  beforeEach(() => tabs.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
    await graph?.close();
  });

  test('when a clinician opens the thread, then the photo is shown as an image', async () => {
    const page = await tabs.signedIn('nurse@example.org');
    await page.goto(`${fd.server.url}/staff/threads/${escalationId}`);
    const image = page.getByRole('img', { name: 'Photo from the patient' });
    await image.waitFor();
    await waitFor(
      async () =>
        (await image.evaluate((img) => {
          const i = img as unknown as { complete: boolean; naturalWidth: number };
          return i.complete && i.naturalWidth;
        })) === 1,
    );
    if (process.env.FRONTDESK_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.FRONTDESK_SCREENSHOT_DIR}/console-attachment.png` });
  });

  test('when an agent opens the same thread, then only the placeholder is shown and no image is loaded', async () => {
    const page = await tabs.signedIn('agent@example.org');
    const loaded: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/attachments/')) loaded.push(r.url());
    });
    await page.goto(`${fd.server.url}/staff/threads/${escalationId}`);
    await page.getByText('clinical attachment — visible to clinicians').waitFor();
    expect(await page.getByRole('img', { name: 'Photo from the patient' }).count()).toBe(0);
    expect(loaded).toEqual([]);
  });
});
