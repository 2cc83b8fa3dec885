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
