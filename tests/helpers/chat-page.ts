import type { Locator, Page } from 'playwright-core';

/** How often the chat page asks the server for new messages. */
export const CHAT_POLL_MS = 1500;

/**
 * Waits until `target` shows on a chat page whose clock the test installed. Replies reach the page
 * only through its own polling, so rather than sit out each interval the test moves the page's clock
 * to its next poll while it waits.
 */
export async function shownOnChat(page: Page, target: Locator): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    if (
      await target.waitFor({ timeout: 200 }).then(
        () => true,
        () => false,
      )
    )
      return;
    await page.clock.fastForward(CHAT_POLL_MS);
  }
  await target.waitFor({ timeout: 1 });
}

/**
 * Uses up the page's per-session allowance but one (20 a minute): `count` messages sent straight to
 * the API under the page's own session; every one must be accepted.
 */
export async function sendBehindThePage(page: Page, serverUrl: string, text: string, count = 19): Promise<void> {
  const sessionId = await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`);
  for (let i = 0; i < count; i += 1) {
    const res = await fetch(`${serverUrl}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, clientMessageId: `flood${i}`, text }),
    });
    if (res.status !== 202) throw new Error(`the chat API answered ${res.status} to message ${i + 1}`);
  }
}
