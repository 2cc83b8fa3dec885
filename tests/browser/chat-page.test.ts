import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { sendBehindThePage, shownOnChat } from '../helpers/chat-page';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(30_000);

describeInBrowser('Patient chat page in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tab: Page | undefined;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await fd?.close();
  });

  /**
   * The chat page as a new patient opens it: one browser tab serves the whole file (a new browser
   * context costs Chromium several times a page load), with the page's storage emptied before each
   * load, so every test starts a conversation of its own.
   */
  async function openChat(viewport = { width: 390, height: 800 } /* a phone */): Promise<Page> {
    if (!tab) {
      tab = await (await browser.newContext({ viewport })).newPage();
      // The page's timers run on a clock the test can move on (it otherwise flows as usual).
      await tab.clock.install();
    } else {
      await tab.setViewportSize(viewport);
      await tab.evaluate('localStorage.clear()');
    }
    await tab.goto(`${fd.server.url}/chat`);
    return tab;
  }

  const shown = shownOnChat;

  async function send(page: Page, text: string): Promise<void> {
    await page.getByLabel('Your message').fill(text);
    await page.keyboard.press('Enter');
  }

  const botMessages = (page: Page) => page.locator('#log li[data-author="bot"]');

  test('when a patient asks about hours, then the answer and quick-reply buttons appear, and a tapped button is answered', async () => {
    const page = await openChat();
    await send(page, 'what are your hours');
    await shown(page, page.getByText('Did that help?'));
    expect(await botMessages(page).first().textContent()).toContain('automated assistant');
    await page.getByRole('button', { name: 'No', exact: true }).click();
    await shown(page, page.getByRole('button', { name: 'Talk to a person' }));
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    await shown(page, page.getByText(/take over this conversation/));
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ route: string; channel: string }> };
    expect(list.items).toEqual([expect.objectContaining({ route: 'human', channel: 'webchat' })]);
  });

  test('when a patient describes an emergency, then the 911 instruction is shown at once', async () => {
    const page = await openChat();
    await send(page, 'my mom is having a seizure and wont stop shaking');
    await shown(page, page.getByText(/Call 911 now/));
  });

  test('when staff reply to the thread, then the reply appears on the open page without a reload', async () => {
    const page = await openChat();
    await send(page, 'i have a question about my test results from last week');
    await shown(page, page.getByText(/clinical team/));
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; channel: string; route: string }> };
    const item = list.items.find((i) => i.channel === 'webchat' && i.route === 'clinical');
    const res = await fd.staff(`/api/escalations/${item?.id}/reply`, {
      method: 'POST',
      body: { text: 'Hello, this is the nurse on duty.' },
    });
    expect(res.status).toBe(202);
    await shown(page, page.locator('#log li[data-author="staff"]', { hasText: 'Hello, this is the nurse on duty.' }));
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  /** Whether the last element matching the selector lies wholly inside the window (seen without scrolling). */
  const inViewport = (page: Page, selector: string): Promise<boolean> =>
    page.evaluate(`(() => {
      const all = document.querySelectorAll(${JSON.stringify(selector)});
      const el = all[all.length - 1];
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth && r.height > 0;
    })()`);
  /** The conversation box is scrolled to its end (and, after a reload, scrolled at all). */
  const scrolledToEnd = (page: Page, scrolled = false) =>
    page.waitForFunction(`(() => {
      const log = document.getElementById('log');
      return log !== null && (${scrolled} ? log.scrollTop > 0 : true) && Math.abs(log.scrollHeight - log.clientHeight - log.scrollTop) < 2;
    })()`);

  describe.each([
    ['a desktop', 1280, 800],
    ['a phone', 390, 844],
  ])('on %s (%ix%i)', (_name, width, height) => {
    test('when an emergency reply arrives after a long conversation, then the latest bot message and the input are on screen, also after a reload', async () => {
      const page = await openChat({ width, height });
      for (const [text, expected] of [
        ['hi', /How can I help/],
        ['what are your hours', /Did that help/],
        ['where do i park', /Did that help/],
        ['i need a refill', /Which medication/],
      ] as const) {
        await send(page, text);
        await shown(page, page.getByText(expected).last());
      }
      await send(page, 'my chest hurts and my left arm is numb');
      await shown(page, page.getByText(/alerted our staff/));
      await scrolledToEnd(page);
      expect(await inViewport(page, '#log li[data-author="bot"]')).toBe(true);
      expect(await inViewport(page, '#text')).toBe(true);
      expect(await page.locator('#log li[data-author="bot"]').last().textContent()).toMatch(/alerted our staff/);
      expect(await page.getByText(/Call 911 now/).isVisible()).toBe(true);

      await page.reload();
      await page.getByText(/alerted our staff/).waitFor();
      await scrolledToEnd(page, true);
      expect(await inViewport(page, '#log li[data-author="bot"]')).toBe(true);
      expect(await inViewport(page, '#text')).toBe(true);
    });
  });

  test('when the page opens, then it names the practice, links the privacy notice, has a favicon and a focus ring of at least 3:1', async () => {
    const page = await openChat();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Message Maple Street Family Practice');
    expect(await page.getByRole('link', { name: 'How we handle your information' }).getAttribute('href')).toMatch(/^https:\/\/.+privacy/);
    const icon = await page.evaluate(`fetch('/favicon.ico').then((res) => res.status)`);
    expect(icon).toBe(200);
    await page.getByLabel('Your message').focus();
    // WCAG contrast of the focus ring against what surrounds it.
    const ratio = await page.evaluate(`(() => {
      const luminance = (color) => {
        const [r, g, b] = color.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map((v) => {
          const c = Number(v) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const input = document.getElementById('text');
      const ring = getComputedStyle(input).outlineColor;
      const around = getComputedStyle(document.querySelector('.chat')).backgroundColor;
      const [hi, lo] = [luminance(ring), luminance(around)].sort((a, b) => b - a);
      return (hi + 0.05) / (lo + 0.05);
    })()`);
    expect(ratio).toBeGreaterThanOrEqual(3);
  });

  test('when a 5,000-character text is pasted, then the count shows it is too long and nothing is cut or sent', async () => {
    const page = await openChat();
    const long = 'a'.repeat(5000);
    await page.getByLabel('Your message').fill(long);
    expect(await page.locator('#count').textContent()).toBe('5,000 / 2,000 characters');
    await page.keyboard.press('Enter');
    await page.getByText(/Your message is 5,000 characters; the limit is 2,000/).waitFor();
    expect(await page.getByLabel('Your message').inputValue()).toHaveLength(5000);
    expect(await page.locator('#log li').count()).toBe(0);
    await page.getByLabel('Your message').fill('a'.repeat(1999));
    expect(await page.locator('#status').isHidden()).toBe(true);
  });

  test('when the patient sends faster than the limit allows, then the page says when to try again and keeps the text', async () => {
    const page = await openChat();
    await send(page, 'hello');
    await shown(page, page.getByText(/How can I help/));
    await sendBehindThePage(page, fd.server.url, 'thanks');
    await send(page, 'one more question');
    await page.getByText(/Please try again in \d+ seconds \(at .+\)\. If this is an emergency, call 911 now\./).waitFor();
    expect(await page.getByLabel('Your message').inputValue()).toBe('one more question');
  });
});
