import { crc32, deflateSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { shownOnChat } from '../helpers/chat-page';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { signIn } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';

jest.setTimeout(30_000);

/** A PNG signature and header: enough for the type check, not a picture of anyone. */
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 3)]);

/** A plain-coloured PNG a browser decodes, so the page's picture can be checked as drawn. */
function solidPng(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, 0x6a)]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([PNG.subarray(0, 8), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels)), chunk('IEND', Buffer.alloc(0))]);
}

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

  test.each([
    ['phone', 390, 844],
    ['desktop', 1280, 800],
  ])('when a clinician sends a photo back, then the patient sees it in the chat at %s size', async (size, width, height) => {
    const page = await (await browser.newContext({ viewport: { width, height } })).newPage();
    await page.clock.install();
    await page.goto(`${fd.server.url}/chat`);
    await page.getByLabel('Your message').fill('my rash is spreading on my arm since yesterday');
    await page.getByRole('button', { name: 'Send' }).click();
    await shownOnChat(page, page.getByText(/clinical team/).first());
    const sessionId = (await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`)) as string;
    const conversation = await fd.server.store.conversations.findByPlatform('webchat', sessionId);
    const item = conversation && (await fd.server.store.escalations.openForConversation(conversation.id));
    if (!item) throw new Error('no open escalation');
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    const sent = await fetch(`${fd.server.url}/api/escalations/${item.id}/attachments`, {
      method: 'POST',
      headers: { cookie: nurse.cookie, 'x-csrf-token': nurse.csrf, 'content-type': 'image/png' },
      body: solidPng(240, 160),
    });
    expect(sent.status).toBe(202);
    const photo = page.getByRole('img', { name: 'Photo' });
    await shownOnChat(page, photo);
    await waitFor(
      async () =>
        (await photo.evaluate(
          (img) =>
            (img as unknown as { complete: boolean; naturalWidth: number }).complete &&
            (img as unknown as { naturalWidth: number }).naturalWidth,
        )) === 240,
    );
    const box = await photo.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(width);
    // The placeholder text of a file-only reply is not shown: the photo is the message.
    await expect(page.getByText('[photo sent]').count()).resolves.toBe(0);
    if (process.env.FRONTDESK_SCREENSHOT_DIR)
      await page.screenshot({ path: `${process.env.FRONTDESK_SCREENSHOT_DIR}/chat-staff-photo-${size}.png` });
  });
});
