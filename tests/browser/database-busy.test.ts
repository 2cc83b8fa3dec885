import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(40_000);

describeInBrowser('Staff console while the database is locked', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nora.busy@example.org', 'clinician', 'Nora Nurse');
  });
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  test('when another process holds the write lock as a clinician opens a thread, then the console says "Database busy, retrying…" and shows the thread once the lock is released', async () => {
    const page = await tabs.signedIn('nora.busy@example.org');
    const id = await patientWrites(fd, '7490000000000001', 'i have had a rash on my arm for three days, should i be worried');
    await queueRow(page, id).waitFor();

    const other = new Database(fd.dbPath);
    other.exec('BEGIN IMMEDIATE');
    await queueRow(page, id).getByRole('link').click();
    await page.locator('#toast', { hasText: 'Database busy, retrying…' }).waitFor({ timeout: 10_000 });
    other.exec('ROLLBACK');
    other.close();
    await page.getByRole('heading', { name: `Thread #${id}` }).waitFor({ timeout: 15_000 });
    await page.locator('#transcript').waitFor();
  });
});
