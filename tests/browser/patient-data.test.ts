import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { messengerPatient } from '../helpers/patients';
import { ConsoleTabs } from '../helpers/console-tabs';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

/** Where to save screenshots to look at; none are taken when unset. */
const SHOTS = process.env.FRONTDESK_SCREENSHOTS;

describeInBrowser("A patient's data request in the staff console (Chromium)", () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;
  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url, { acceptDownloads: true });
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
  });
  beforeEach(() => tabs?.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  const signedIn = (email: string) => tabs.signedIn(email);

  test('when an admin exports and then erases with the typed confirmation, then the downloads hold the data, the thread is emptied and the patient is told on Messenger', async () => {
    const patient = messengerPatient(() => fd);
    await patient.say('i want you to delete everything you have on me, Zqxv');
    const escalation = (await fd.server.store.escalations.listOpen()).find((e) => e.intent === 'data_deletion');
    if (!escalation) throw new Error('no data request in the queue');

    // A clinician sees the thread but not the data-request actions.
    const nurse = await signedIn('nora@example.org');
    await nurse.goto(`${fd.server.url}/staff/threads/${escalation.id}`);
    await nurse.getByRole('heading', { name: /Thread #/ }).waitFor();
    expect(await nurse.locator('.data-request').count()).toBe(0);

    const page = await signedIn('ada@example.org');
    await page.goto(`${fd.server.url}/staff/threads/${escalation.id}`);
    const panel = page.getByRole('region', { name: 'Patient data request' });
    await panel.waitFor();
    await page.locator('#data-held', { hasText: 'Held now: 3 messages' }).waitFor();

    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-json').click()]);
    const exported = JSON.parse(fs.readFileSync((await jsonDownload.path()) as string, 'utf8')) as {
      conversations: Array<{ messages: Array<{ text: string }> }>;
    };
    expect(exported.conversations[0]?.messages[0]?.text).toContain('delete everything you have on me, Zqxv');
    const [textDownload] = await Promise.all([page.waitForEvent('download'), page.locator('#export-text').click()]);
    expect(fs.readFileSync((await textDownload.path()) as string, 'utf8')).toContain('You: i want you to delete everything');
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'data-request-before-erase.png'), fullPage: true });

    // Without the confirmation word nothing happens.
    await page.locator('#erase-data').click();
    await page.locator('#thread-error', { hasText: 'Type ERASE' }).waitFor();
    expect(await fd.server.store.messages.listByConversation(escalation.conversationId)).toHaveLength(3);

    await page.getByLabel(/Type ERASE to erase/).fill('ERASE');
    await page.locator('#erase-data').click();
    await page.getByText(/Erased 3 messages and 0 notes\. The patient has been told\./).waitFor();
    await page.locator('#data-held', { hasText: 'Erased ' }).waitFor();
    await fd.server.idle();
    if (SHOTS) await page.screenshot({ path: path.join(SHOTS, 'data-request-after-erase.png'), fullPage: true });

    const transcript = await page.locator('#transcript').innerText();
    expect(transcript).not.toContain('Zqxv');
    expect(transcript).toContain('As you asked');
    const told = await patient.received();
    expect(told.at(-1)?.text).toMatch(/^As you asked, Maple Street Family Practice has deleted the messages and notes we held about you/);
    expect(await fd.server.store.audit.search({ action: 'patient.erase' })).toHaveLength(1);
  });
});
