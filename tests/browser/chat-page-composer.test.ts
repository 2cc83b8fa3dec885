import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { shownOnChat } from '../helpers/chat-page';
import { SmtpSink } from '../helpers/smtp-sink';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

const PUBLIC_URL = 'https://chat.example.org';

describeInBrowser('Chat page: writing, emergency numbers, the introduction, starting over, limits and reply emails', () => {
  let fd: Frontdesk;
  let smtp: SmtpSink;
  let browser: Browser;
  let tab: Page | undefined;

  beforeAll(async () => {
    smtp = await SmtpSink.start();
    [fd, browser] = await Promise.all([
      startFrontdesk({ env: { SMTP_URL: smtp.url, MAIL_FROM: 'Maple Street Family Practice <noreply@example.org>', PUBLIC_URL } }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await fd?.close();
    await smtp?.close();
  });

  /** A new patient's chat page at this size (one tab for the file; its storage emptied per test). */
  async function openChat(width: number, height: number): Promise<Page> {
    if (!tab) {
      tab = await (await browser.newContext({ viewport: { width, height } })).newPage();
      await tab.clock.install();
    } else {
      await tab.setViewportSize({ width, height });
      await tab.evaluate('localStorage.clear()');
    }
    await tab.goto(`${fd.server.url}/chat`);
    return tab;
  }

  const box = (page: Page) => page.getByLabel('Your message');
  async function send(page: Page, text: string): Promise<void> {
    await box(page).fill(text);
    await page.keyboard.press('Enter');
  }
  const height = (page: Page, selector: string) => page.locator(selector).evaluate((el) => el.getBoundingClientRect().height);

  describe.each([
    ['a phone', 390, 844],
    ['a desktop', 1280, 800],
  ])('on %s (%ix%i)', (_name, width, viewportHeight) => {
    test('when a patient writes paragraphs with Shift+Enter, then the box grows to a few lines, Enter sends, and the paragraphs reach the page and staff', async () => {
      const page = await openChat(width, viewportHeight);
      const oneLine = await height(page, '#text');
      await box(page).click();
      await page.keyboard.type('I have two questions.');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.press('Shift+Enter');
      await page.keyboard.type('First, do you take Aetna?');
      expect(await box(page).inputValue()).toBe('I have two questions.\n\nFirst, do you take Aetna?');
      expect(await height(page, '#text')).toBeGreaterThan(oneLine * 1.8);
      // A long text grows the box only so far; the rest scrolls inside it.
      await box(page).fill(Array.from({ length: 12 }, (_v, i) => `line ${i + 1}`).join('\n'));
      const tall = await height(page, '#text');
      expect(tall).toBeLessThan(oneLine * 5);
      expect(await page.locator('#text').evaluate((el) => el.scrollHeight > el.clientHeight)).toBe(true);

      await box(page).fill('I have two questions.\n\nFirst, do you take Aetna?');
      await page.keyboard.press('Enter');
      const mine = page.locator('#log li[data-author="patient"]');
      await shownOnChat(page, mine);
      expect(await mine.innerText()).toContain('I have two questions.\n\nFirst, do you take Aetna?');
      expect(await box(page).inputValue()).toBe('');
      // Staff read the message as written (their console keeps line breaks).
      const sessionId = (await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`)) as string;
      const conversation = await fd.server.store.conversations.findByPlatform('webchat', sessionId);
      const stored = await fd.server.store.messages.listByConversation(conversation?.id ?? 0);
      expect(stored.find((m) => m.author === 'patient')?.text).toBe('I have two questions.\n\nFirst, do you take Aetna?');
    });

    test('when the emergency reply arrives, then it stands apart, is an assertive alert, and 911 is a link that calls', async () => {
      const page = await openChat(width, viewportHeight);
      await send(page, 'my chest hurts and my left arm is numb');
      const reply = page.locator('#log li.emergency').first();
      await shownOnChat(page, reply);
      expect(await reply.getAttribute('role')).toBe('alert');
      expect(await reply.textContent()).toMatch(/Call 911 now/);
      expect(await reply.getByRole('link', { name: '911', exact: true }).getAttribute('href')).toBe('tel:911');
      expect(await reply.getByRole('link', { name: 'Call 911' }).getAttribute('href')).toBe('tel:911');
      const look = (selector: string) =>
        page.evaluate(`(() => {
          const s = getComputedStyle(document.querySelector(${JSON.stringify(selector)}));
          return s.backgroundColor + ' ' + s.borderLeftWidth + ' ' + s.borderLeftColor;
        })()`);
      await send(page, 'what are your hours');
      await shownOnChat(page, page.getByText('Did that help?'));
      expect(await look('#log li.emergency')).not.toBe(await look('#log li.bot:not(.emergency)'));
    });

    test('when a patient writes about ending their life, then 988 can be called or texted from the reply', async () => {
      const page = await openChat(width, viewportHeight);
      await send(page, 'i want to kill myself');
      const crisis = page.locator('#log li.bot', { hasText: '988' }).first();
      await shownOnChat(page, crisis);
      expect(await crisis.getByRole('link', { name: '988', exact: true }).first().getAttribute('href')).toBe('tel:988');
      expect(await crisis.getByRole('link', { name: 'Text 988' }).getAttribute('href')).toBe('sms:988');
    });

    test('when a conversation is on the page, then "Start a new conversation" asks first, and keeps it when the patient says no', async () => {
      const page = await openChat(width, viewportHeight);
      await send(page, 'what are your hours');
      await shownOnChat(page, page.getByText('Did that help?'));
      const sessionBefore = await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`);
      const answer = (accept: boolean) =>
        new Promise<string>((resolve) =>
          page.once('dialog', (d) => void (accept ? d.accept() : d.dismiss()).then(() => resolve(d.message()))),
        );
      let asked = answer(false);
      await page.getByRole('button', { name: 'Start a new conversation' }).click();
      expect(await asked).toMatch(/^Start a new conversation\? This one will no longer be shown/);
      expect(await page.locator('#log li').count()).toBeGreaterThan(1);
      expect(await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`)).toBe(sessionBefore);
      asked = answer(true);
      await page.getByRole('button', { name: 'Start a new conversation' }).click();
      await asked;
      expect(await page.locator('#log li').count()).toBe(0);
      expect(await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`)).toBeNull();
    });

    test('when a text with spaces around it is pasted, then the counter and the message count the same characters against the same limit', async () => {
      const page = await openChat(width, viewportHeight);
      await box(page).fill(`${'a'.repeat(9999)} `);
      expect(await page.locator('#count').textContent()).toBe('9,999 / 2,000 characters');
      await page.keyboard.press('Enter');
      await page.getByText('Your message is 9,999 characters; the limit is 2,000. Please shorten it or send it in parts.').waitFor();
      // Exactly the limit once trimmed: the counter does not call it too long, and it is sent.
      await box(page).fill(`  ${'b'.repeat(2000)}\n`);
      expect(await page.locator('#count').textContent()).toBe('2,000 / 2,000 characters');
      expect(await page.locator('#count.over').count()).toBe(0);
      await page.keyboard.press('Enter');
      await shownOnChat(page, page.locator('#log li[data-author="patient"]'));
    });
  });

  test('on a phone, the assistant introduction is folded to its first sentence and opens on request; on a desktop it is whole', async () => {
    const page = await openChat(390, 844);
    await send(page, 'hi');
    const intro = page.locator('#log li.disclosure');
    await shownOnChat(page, intro);
    const lineHeight = Number(await page.evaluate(`parseFloat(getComputedStyle(document.querySelector('#log li.disclosure')).lineHeight)`));
    const folded = await height(page, '#log li.disclosure');
    expect(folded).toBeLessThan(lineHeight * 5);
    expect(await intro.getByText(/call 911/).isVisible()).toBe(false);
    const more = intro.getByRole('button', { name: 'Show more' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    expect(await intro.getByRole('button', { name: 'Show less' }).getAttribute('aria-expanded')).toBe('true');
    expect(await intro.getByText(/call 911/).isVisible()).toBe(true);
    expect(await height(page, '#log li.disclosure')).toBeGreaterThan(folded * 2);

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await shownOnChat(page, page.locator('#log li.disclosure'));
    expect(
      await page
        .locator('#log li.disclosure')
        .getByText(/call 911/)
        .isVisible(),
    ).toBe(true);
    expect(await page.locator('#log li.disclosure .more').isVisible()).toBe(false);
  });

  test('when a patient asks for an email, then a staff reply sends one, and its link opens the conversation in another browser', async () => {
    const page = await openChat(390, 844);
    expect(await page.getByRole('button', { name: 'Get an email when we reply' }).isVisible()).toBe(false);
    await send(page, 'can someone call me back about my bill');
    await shownOnChat(page, page.locator('#log li[data-author="bot"]').first());
    await page.getByRole('button', { name: 'Get an email when we reply' }).click();
    await page.getByLabel('Your email address').fill('not an address');
    await page.getByRole('button', { name: 'Email me' }).click();
    await page.getByText('Please enter an email address like name@example.com.').waitFor();
    await page.getByLabel('Your email address').fill('patient@example.org');
    await page.getByRole('button', { name: 'Email me' }).click();
    await page.getByText('We will email you when we reply.').waitFor();
    expect(await page.getByRole('button', { name: 'Get an email when we reply' }).isVisible()).toBe(false);

    const sessionId = (await page.evaluate(`localStorage.getItem('frontdesk.chat.session')`)) as string;
    const conversation = await fd.server.store.conversations.findByPlatform('webchat', sessionId);
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: Array<{ id: number; conversationId: number }> };
    const item = list.items.find((i) => i.conversationId === conversation?.id);
    expect(
      (await fd.staff(`/api/escalations/${item?.id}/reply`, { method: 'POST', body: { text: 'Hi, this is Dana at the front desk.' } }))
        .status,
    ).toBe(202);
    const [mail] = await smtp.received(1);
    const link = /open (\S+)/.exec(mail?.text ?? '')?.[1]?.replace(PUBLIC_URL, fd.server.url) ?? '';

    // Another browser: nothing stored, only the link.
    const other = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    try {
      await other.goto(link);
      await other.locator('#log li[data-author="staff"]', { hasText: 'Hi, this is Dana at the front desk.' }).waitFor();
      expect(other.url()).toBe(`${fd.server.url}/chat`);
      await other.getByRole('button', { name: 'Stop emails' }).click();
      await other.getByRole('button', { name: 'Get an email when we reply' }).waitFor();
    } finally {
      await other.context().close();
    }
  });
});
