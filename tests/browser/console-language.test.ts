import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

describeInBrowser("The patient's language in the staff console, in Chromium", () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
  });
  beforeEach(() => tabs?.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  test('when a Spanish-speaking patient waits, then the queue names Spanish, filters by it, and the reply form says to answer in Spanish with Spanish canned responses first', async () => {
    const spanish = await patientWrites(fd, '7430000000000001', 'quiero hablar con una persona, por favor');
    const english = await patientWrites(fd, '7430000000000002', 'can i talk to a real person please');
    const page = await tabs.signedIn('nora@example.org');
    await queueRow(page, spanish).waitFor();
    await expect(queueRow(page, spanish).locator('.language-tag').innerText()).resolves.toBe('Spanish');
    expect(await queueRow(page, english).locator('.language-tag').count()).toBe(0);

    await page.getByLabel('Language').selectOption('es');
    await queueRow(page, english).waitFor({ state: 'detached' });
    expect(await queueRow(page, spanish).isVisible()).toBe(true);
    await page.getByLabel('Language').selectOption('');

    await queueRow(page, spanish).getByRole('link').click();
    await page.locator('#thread-language', { hasText: 'Spanish' }).waitFor();
    await page.getByRole('button', { name: 'Claim' }).first().click();
    await page.locator('.reply-form .hint', { hasText: 'The patient writes in Spanish: reply in Spanish.' }).waitFor();
    const groups = await page.locator('#canned optgroup').evaluateAll((els) => els.map((el) => el.getAttribute('label')));
    expect(groups).toEqual(['Spanish', 'English']);
    await page.locator('#canned').selectOption({ label: 'Solicitud recibida' });
    await expect(page.locator('#reply-text').inputValue()).resolves.toMatch(/^Gracias, recibimos su solicitud/);
  });
});
