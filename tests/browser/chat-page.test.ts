import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(30_000);

describeInBrowser('Patient chat page in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await fd?.close();
  });

  async function openChat(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } }); // a phone
    const page = await context.newPage();
    await page.goto(`${fd.server.url}/chat`);
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Your message').fill(text);
    await page.keyboard.press('Enter');
  }

  const botMessages = (page: Page) => page.locator('#log li[data-author="bot"]');

  test('when a patient asks about hours, then the answer and quick-reply buttons appear, and a tapped button is answered', async () => {
    const page = await openChat();
    await send(page, 'what are your hours');
    await page.getByText('Did that help?').waitFor();
    expect(await botMessages(page).first().textContent()).toContain('automated assistant');
    await page.getByRole('button', { name: 'No', exact: true }).click();
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await page.getByText(/take over this conversation/).waitFor();
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ route: string; channel: string }> };
    expect(list.items).toEqual([expect.objectContaining({ route: 'human', channel: 'webchat' })]);
    await page.context().close();
  });

  test('when a patient describes an emergency, then the 911 instruction is shown at once', async () => {
    const page = await openChat();
    await send(page, 'my mom is having a seizure and wont stop shaking');
    await page.getByText(/Call 911 now/).waitFor();
    await page.context().close();
  });

  test('when staff reply to the thread, then the reply appears on the open page without a reload', async () => {
    const page = await openChat();
    await send(page, 'i have a question about my test results from last week');
    await page.getByText(/clinical team/).waitFor();
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; channel: string; route: string }> };
    const item = list.items.find((i) => i.channel === 'webchat' && i.route === 'clinical');
    const res = await fd.staff(`/api/escalations/${item?.id}/reply`, { method: 'POST', body: { text: 'Hello, this is the nurse on duty.' } });
    expect(res.status).toBe(202);
    await page.locator('#log li[data-author="staff"]', { hasText: 'Hello, this is the nurse on duty.' }).waitFor();
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    await page.context().close();
  });
});
