import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow } from '../helpers/console-tabs';
import { chatPatient, patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const SHOTS = process.env.FRONTDESK_SCREENSHOTS_DIR;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

jest.setTimeout(60_000);

describeInBrowser('Sharing the queue in the console, in Chromium at phone and desktop size', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url, { viewport: DESKTOP });
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
    await addUser(fd, 'frank@example.org', 'agent', 'Frank Front');
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
  });
  beforeEach(() => tabs?.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  const shot = async (page: Page, name: string) => {
    if (!SHOTS) return;
    // The picture shows the page, not a notice that happened to be passing.
    await page.evaluate("document.querySelector('#toast').classList.remove('visible')");
    await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };
  /** Nothing on the page is wider than the screen (no sideways scrolling on a phone). */
  const fitsWidth = (page: Page) => page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');

  test('when a nurse switches to available, then the next clinical item is assigned to her with a notice, and its row shows the reason', async () => {
    const page = await signedInAt(DESKTOP, 'nora@example.org');
    const select = page.locator('#availability');
    await expect(select.inputValue()).resolves.toBe('off');
    await select.selectOption('available');
    await page.locator('#toast', { hasText: 'You are available' }).waitFor();

    const id = await patientWrites(fd, '7710000000000001', 'i have had a rash on my arm for three days, should i be worried');
    await page.locator('#toast', { hasText: `Thread #${id} (Symptoms) was assigned to you.` }).waitFor();
    const row = queueRow(page, id);
    await expect(row.locator('td[data-label="Assigned to"]').innerText()).resolves.toBe('You');
    await expect(row.locator('.reason').innerText()).resolves.toBe(
      'Symptoms: i have had a rash on my arm for three days, should i be worried',
    );
    await shot(page, 'console-assigned-desktop');

    await page.setViewportSize(PHONE);
    // A card as wide as the phone, not a squeezed column. The live queue may redraw the row while the
    // page takes its new width, so the width is read again until the redrawn row has settled.
    const width = async () => (await row.locator('.reason').boundingBox())?.width ?? 0;
    await waitFor(async () => (await width()) > 300).catch(async () => {
      throw new Error(`the reason is ${await width()} px wide on a 390 px phone`);
    });
    await expect(fitsWidth(page)).resolves.toBe(true);
    await shot(page, 'console-queue-phone');
    await page.setViewportSize(DESKTOP);
  });

  test('when a nurse resolves with the patient unanswered, then e asks first; a canned reply fills its variables; the reply then resolves at once', async () => {
    const id = await patientWrites(fd, '7710000000000002', 'my knee has been swollen since yesterday, is that normal');
    const page = await signedInAt(DESKTOP, 'nora@example.org');
    await page.goto(`${fd.server.url}/staff/threads/${id}`);
    await page.locator('#resolve').waitFor();
    await expect(page.locator('#window-state').innerText()).resolves.toMatch(/Messenger window/i);

    await page.locator('body').press('e');
    await page.locator('#resolve-confirm', { hasText: 'has no reply from staff yet' }).waitFor();
    await shot(page, 'console-resolve-confirm-desktop');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('#resolve-confirm').count()).resolves.toBe(0);
    expect((await fd.server.store.escalations.get(id))?.status).toBe('open');

    await page.locator('#canned').selectOption({ label: 'We will reply by' });
    const text = await page.locator('#reply-text').inputValue();
    expect(text).toMatch(
      /^Hi, this is Nora at .+\. We have your message and will get back to you by (today|tomorrow|\w+day) at \d{1,2}:\d{2} [AP]M\.$/,
    );
    await page.locator('#canned').selectOption({ label: 'Crisis: call or text 988' });
    await expect(page.locator('#reply-text').inputValue()).resolves.toContain('call or text 988');
    await page.locator('#reply-text').fill('Hi, a nurse here: please rest it and keep it raised; we will call you today.');
    await page.locator('#send-reply').click();
    await page.locator('#toast', { hasText: 'Reply queued' }).waitFor();
    await page.locator('body').press('e');
    await page.locator('#toast', { hasText: 'Thread resolved.' }).waitFor();
    expect((await fd.server.store.escalations.get(id))?.status).toBe('resolved');
  });

  test('when a nurse sends a clinical thread to the front desk with a note, then the agent finds it with the note as its reason, on a phone too', async () => {
    const id = await patientWrites(fd, '7710000000000003', 'i feel dizzy every morning when i stand up, what could it be');
    const nurse = await signedInAt(DESKTOP, 'nora@example.org');
    await nurse.goto(`${fd.server.url}/staff/threads/${id}`);
    await nurse.locator('#handover-front_desk').click();
    await nurse.locator('#handover-note').fill('Please book her a visit this week; billing question about the last one too.');
    await shot(nurse, 'console-handover-desktop');
    await nurse.locator('#handover-send').click();
    await nurse.locator('#toast', { hasText: 'Sent to the front desk.' }).waitFor();

    const agent = await signedInAt(PHONE, 'frank@example.org');
    const row = queueRow(agent, id);
    await expect(row.locator('.reason').innerText()).resolves.toBe(
      'Sent to the front desk: Please book her a visit this week; billing question about the last one too.',
    );
    await expect(row.locator('.preview').innerText()).resolves.toBe('clinical message — visible to clinicians');
    await row.locator('a').click();
    await agent.locator('#handover-clinical').waitFor();
    await expect(agent.locator('#thread-reason').innerText()).resolves.toContain('Sent to the front desk');
    await expect(fitsWidth(agent)).resolves.toBe(true);
    await shot(agent, 'console-thread-phone');
  });

  test('when the thread is a web chat, then no messaging-window line is shown', async () => {
    const patient = await chatPatient(() => fd);
    await patient.say('can i talk to a real person please');
    const conversation = (await fd.server.store.escalations.listOpen()).at(-1);
    const page = await signedInAt(DESKTOP, 'frank@example.org');
    await page.goto(`${fd.server.url}/staff/threads/${conversation?.id}`);
    await page.locator('#thread-reason').waitFor();
    await expect(page.locator('#window-state').count()).resolves.toBe(0);
    await expect(page.locator('.facts').innerText()).resolves.not.toMatch(/window/i);
  });

  test('when an admin opens Users, then each person shows availability and open items, and the capacity can be set', async () => {
    const page = await signedInAt(DESKTOP, 'ada@example.org');
    await page.getByRole('link', { name: 'Users' }).click();
    const nora = page.locator('tr', { hasText: 'nora@example.org' });
    await expect(nora.locator('.user-availability').innerText()).resolves.toMatch(/Available|Away/);
    await nora.getByLabel('Capacity of Nora Nurse').fill('3');
    await nora.getByRole('button', { name: 'Set' }).first().click();
    await page.locator('#toast', { hasText: 'Capacity of Nora Nurse saved.' }).waitFor();
    const nurse = await fd.server.store.staffUsers.findByEmail('nora@example.org');
    const load = (await fd.server.store.assignment.staffLoad(Date.now())).find((l) => l.userId === nurse?.id);
    expect(load?.capacity).toBe(3);
    await shot(page, 'console-users-availability-desktop');
  });

  async function signedInAt(viewport: { width: number; height: number }, email: string): Promise<Page> {
    const page = await tabs.signedIn(email);
    await page.setViewportSize(viewport);
    return page;
  }
});
