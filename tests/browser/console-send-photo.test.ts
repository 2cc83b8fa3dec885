import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs } from '../helpers/console-tabs';
import { addUser } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';
import { startXFrontdesk, xDm, type XFrontdesk } from '../helpers/x-frontdesk';

jest.setTimeout(60_000);

/** A valid 1×1 PNG: what a nurse picks from the computer's files. */
const PNG_1X1 = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const SENDER = '1630000000000000077';

describeInBrowser('Staff send a photo from the console (Chromium)', () => {
  let fd: XFrontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;
  let escalationId: number;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startXFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    await fd.postX(
      xDm({ accountId: fd.x.accountId, senderId: SENDER, id: fd.x.nextId(), text: 'is this rash on my arm something to worry about' }),
    );
    await waitFor(async () => {
      await fd.server.idle();
      const conversation = await fd.server.store.conversations.findByPlatform('x', SENDER);
      escalationId = (conversation && (await fd.server.store.escalations.openForConversation(conversation.id))?.id) as number;
      return escalationId !== undefined;
    });
  });
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  test('when a nurse picks a photo in an X thread, then the picker offers photos only and the patient gets it by DM', async () => {
    const page = await tabs.signedIn('nurse@example.org');
    await page.goto(`${fd.server.url}/staff/threads/${escalationId}`);
    // X DMs carry no PDF: the console offers what the channel takes.
    await page.getByText('Send a photo', { exact: false }).first().waitFor();
    await expect(page.locator('.file-sender label').innerText()).resolves.toMatch(/^Send a photo\s*$/);
    await expect(page.locator('#reply-file').getAttribute('accept')).resolves.toBe('image/jpeg,image/png,image/gif,image/webp');
    await page.locator('#reply-file').setInputFiles({ name: 'rash-care.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await page.getByRole('button', { name: 'Send file' }).click();
    await fd.x.waitFor(() => fd.x.sentDms.some((d) => d.participantId === SENDER && d.mediaId !== undefined), 10_000);
    const sent = fd.x.sentDms.find((d) => d.mediaId !== undefined);
    expect(fd.x.uploadedMedia.get(sent?.mediaId ?? '')?.bytes?.equals(PNG_1X1)).toBe(true);
    // The thread shows the sent photo in the staff's message, decoded by the browser.
    const photo = page.getByRole('img', { name: 'Photo sent to the patient' });
    await photo.waitFor();
    await waitFor(
      async () => (await photo.evaluate((img) => (img as unknown as { complete: boolean; naturalWidth: number }).naturalWidth)) === 1,
    );
    if (process.env.FRONTDESK_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.FRONTDESK_SCREENSHOT_DIR}/console-send-photo-x.png`, fullPage: true });
  });
});
