import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { shownOnChat } from '../helpers/chat-page';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(30_000);

/** A PNG signature and header: enough for the type check, not a picture of anyone. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);

describeInBrowser('Chat page attachments in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await fd?.close();
  });

  test('when a patient picks a photo with the attach button, then it is stored with their message and the bot says it passed it on', async () => {
    const page = await (await browser.newContext({ viewport: { width: 390, height: 800 } })).newPage();
    await page.clock.install();
    await page.goto(`${fd.server.url}/chat`);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a photo or PDF' }).click();
    await (await chooser).setFiles({ name: 'card.png', mimeType: 'image/png', buffer: PNG });
    await shownOnChat(page, page.getByText(/passed your photo to our team/));
    if (process.env.FRONTDESK_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.FRONTDESK_SCREENSHOT_DIR}/chat-attachment.png` });
    await waitFor(() => {
      const row = fd.server.store.db.prepare('SELECT status, content_type, message_id FROM attachments').get() as
        { status: string; content_type: string; message_id: number | null } | undefined;
      return row?.status === 'stored' && row.content_type === 'image/png' && row.message_id !== null;
    });
  });

  test('when a patient picks a file that is not a photo or PDF, then the page says so and nothing is stored', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.clock.install();
    await page.goto(`${fd.server.url}/chat`);
    const before = (fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n;
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach a photo or PDF' }).click();
    await (await chooser).setFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<html>not a photo</html>') });
    await shownOnChat(page, page.getByText('Only photos (JPEG, PNG, GIF, WebP, HEIC) and PDF files can be sent.'));
    expect((fd.server.store.db.prepare('SELECT COUNT(*) AS n FROM attachments').get() as { n: number }).n).toBe(before);
  });
});
