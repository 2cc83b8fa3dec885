import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow, type SignInOptions } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const SHOTS = process.env.FRONTDESK_SCREENSHOTS_DIR;

jest.setTimeout(60_000);

describeInBrowser('Console features agents expect, in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    // Records what the page asks the browser for (system notifications, tones): the browser's own APIs, observed.
    tabs = new ConsoleTabs(
      browser,
      () => fd.server.url,
      {},
      (context) =>
        context.addInitScript({
          content: `
          window.shown = [];
          window.tones = 0;
          const Real = window.Notification;
          class Recorded extends Real {
            constructor(title, options) {
              super(title, options);
              window.shown.push({ title, body: (options && options.body) || '' });
            }
          }
          Object.defineProperty(window, 'Notification', { value: Recorded });
          const create = AudioContext.prototype.createOscillator;
          AudioContext.prototype.createOscillator = function () {
            window.tones += 1;
            return create.call(this);
          };
        `,
        }),
    );
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
    await addUser(fd, 'frank@example.org', 'agent', 'Frank Front');
  });
  beforeEach(() => tabs?.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  const signedIn = (email: string, options?: SignInOptions) => tabs.signedIn(email, options);

  const writes = (psid: string, text: string) => patientWrites(fd, psid, text);
  const row = queueRow;
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  test('when an agent looks at the queue, then rows show the patient alias and a preview, with a placeholder where the message is clinical', async () => {
    const general = await writes('7410000000000001', 'can i talk to a real person please');
    const other = await writes('7410000000000002', 'i want to speak to someone about my bill');
    // A clinical message beside the open general item (one conversation, several requests).
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', '7410000000000002');
    const id = await fd.server.store.messages.insertInbound({
      conversationId: conversation?.id as number,
      platformMessageId: 'm_cf_clin',
      text: 'also my HIV meds make me dizzy',
      at: Date.now(),
    });
    await fd.server.store.messages.setTriage(id as number, { intent: 'medication_question', route: 'clinical', decidedBy: 'test' });

    const page = await signedIn('frank@example.org');
    await row(page, general).waitFor();
    await expect(row(page, general).locator('.patient').innerText()).resolves.toMatch(/^Patient [0-9A-F]{4}$/);
    await expect(row(page, general).locator('.preview').innerText()).resolves.toBe('can i talk to a real person please');
    await expect(row(page, other).locator('.preview').innerText()).resolves.toBe('clinical message — visible to clinicians');
    await expect(page.locator('#queue-body').innerText()).resolves.not.toMatch(/HIV|dizzy/);
    await shot(page, 'console-queue-agent');
    await row(page, other).getByRole('link').click();
    await page.locator('#transcript .withheld', { hasText: 'clinical message — visible to clinicians' }).waitFor();
    await expect(page.locator('#transcript').innerText()).resolves.not.toMatch(/HIV|dizzy/);
    await shot(page, 'console-thread-agent');

    const nurse = await signedIn('nora@example.org');
    await expect(row(nurse, other).locator('.preview').innerText()).resolves.toBe('also my HIV meds make me dizzy');
  });

  test('when an agent searches, then words find administrative messages and never clinical ones', async () => {
    await writes('7410000000000003', 'can i talk to a real person about rescheduling');
    await writes('7410000000000004', 'is it safe to take ibuprofen with lisinopril');
    const page = await signedIn('frank@example.org');
    await page.keyboard.press('/');
    await page.getByRole('heading', { name: 'Search threads' }).waitFor();
    await page.getByLabel('Search', { exact: true }).fill('rescheduling');
    await page.keyboard.press('Enter');
    await page.locator('#search-summary', { hasText: '1 thread found.' }).waitFor();
    await expect(page.locator('#search-body').innerText()).resolves.toMatch(/real person about rescheduling/);
    await shot(page, 'console-search-agent');
    await page.getByLabel('Search', { exact: true }).fill('lisinopril');
    await page.keyboard.press('Enter');
    await page.locator('#search-summary', { hasText: 'No threads found.' }).waitFor();

    const nurse = await signedIn('nora@example.org');
    await nurse.goto(`${fd.server.url}/staff/search?q=lisinopril&status=all`);
    await nurse.locator('#search-summary', { hasText: '1 thread found.' }).waitFor();
    await expect(nurse.locator('#search-body').innerText()).resolves.toMatch(/ibuprofen with lisinopril/);
  });

  test('when a clinician works with the keyboard, then ? lists the shortcuts and j, c, Enter, r and e select, claim, open, reply and resolve (after asking)', async () => {
    const page = await signedIn('nora@example.org');
    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.waitFor();
    await expect(help.innerText()).resolves.toMatch(/j\s+Next item[\s\S]*c\s+Claim[\s\S]*r\s+Reply[\s\S]*e\s+Resolve/);
    await shot(page, 'console-shortcuts');
    await page.keyboard.press('Escape');
    await expect(help.count()).resolves.toBe(0);

    await page.keyboard.press('j');
    const selected = page.locator('#queue-body tr.selected');
    await selected.waitFor();
    const id = Number(await selected.getAttribute('data-id'));
    await page.keyboard.press('c');
    await row(page, id).getByText('You').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: new RegExp(`Thread #${id}`) }).waitFor();
    await page.keyboard.press('r');
    await expect(
      page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id),
    ).resolves.toBe('reply-text');
    await page.keyboard.type('We will call you shortly.');
    await page.keyboard.press('Escape');
    // The patient's message is unanswered: e asks first, and Enter confirms.
    await page.keyboard.press('e');
    await page.locator('#resolve-confirm').waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.fact', { hasText: 'Status' }).getByText('Resolved').waitFor();
    expect((await fd.server.store.escalations.get(id))?.status).toBe('resolved');
  });

  test('when a clinician is signed in and an emergency arrives, then alerts are on by default: a tone plays and a notification without patient text shows', async () => {
    const page = await signedIn('nora@example.org', { notifications: true });
    const quiet = await signedIn('frank@example.org', { notifications: true });
    await page.getByRole('button', { name: 'Emergency alerts: on' }).waitFor();
    await quiet.getByRole('button', { name: 'Emergency alerts: off' }).waitFor();
    // Permission already granted: nothing to ask.
    expect(await page.locator('#alerts-prompt').count()).toBe(0);
    await shot(page, 'console-alerts-on');

    const id = await writes('7410000000000005', 'my chest hurts and my left arm feels numb');
    await row(page, id).waitFor();
    type Recorded = { shown: Array<{ title: string; body: string }>; tones: number };
    await page.waitForFunction(() => (globalThis as unknown as Recorded).shown.length > 0);
    const { shown, tones } = await page.evaluate(() => ({
      shown: (globalThis as unknown as Recorded).shown,
      tones: (globalThis as unknown as Recorded).tones,
    }));
    expect(shown).toEqual([{ title: 'Emergency in the Frontdesk queue', body: `Thread #${id} · Messenger. Open the console to read it.` }]);
    expect(tones).toBe(3);
    // The agent did not opt in (and cannot see emergencies anyway): nothing.
    expect(await quiet.evaluate(() => (globalThis as unknown as Recorded).shown.length)).toBe(0);
  });

  test('when a clinician whose browser was never asked signs in, then the console asks once for notifications', async () => {
    await addUser(fd, 'nina@example.org', 'clinician', 'Nina Nurse');
    const page = await signedIn('nina@example.org');
    const prompt = page.getByRole('region', { name: 'Emergency alerts' });
    await prompt.getByText(/Emergency alerts are on/).waitFor();
    await shot(page, 'console-alerts-prompt');
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: /^Queue/ }).waitFor();
    await page.getByRole('button', { name: 'Emergency alerts: on' }).waitFor();
    expect(await prompt.count()).toBe(0);
    // Turned off by the clinician: stays off.
    await page.getByRole('button', { name: 'Emergency alerts: on' }).click();
    await page.reload();
    await page.getByRole('button', { name: 'Emergency alerts: off' }).waitFor();
  });

  test('when a Spanish-speaking patient waits, then the queue names Spanish, filters by it, and the reply form says to answer in Spanish with Spanish canned responses first', async () => {
    const spanish = await writes('7430000000000001', 'quiero hablar con una persona, por favor');
    const english = await writes('7430000000000002', 'can i talk to a real person please');
    const page = await signedIn('nora@example.org');
    await row(page, spanish).waitFor();
    await expect(row(page, spanish).locator('.language-tag').innerText()).resolves.toBe('Spanish');
    expect(await row(page, english).locator('.language-tag').count()).toBe(0);

    await page.getByLabel('Language').selectOption('es');
    await row(page, english).waitFor({ state: 'detached' });
    expect(await row(page, spanish).isVisible()).toBe(true);
    await page.getByLabel('Language').selectOption('');

    await row(page, spanish).getByRole('link').click();
    await page.locator('#thread-language', { hasText: 'Spanish' }).waitFor();
    await page.getByRole('button', { name: 'Claim' }).first().click();
    await page.locator('.reply-form .hint', { hasText: 'The patient writes in Spanish: reply in Spanish.' }).waitFor();
    const groups = await page.locator('#canned optgroup').evaluateAll((els) => els.map((el) => el.getAttribute('label')));
    expect(groups).toEqual(['Spanish', 'English']);
    await page.locator('#canned').selectOption({ label: 'Solicitud recibida' });
    await expect(page.locator('#reply-text').inputValue()).resolves.toMatch(/^Gracias, recibimos su solicitud/);
  });
});
