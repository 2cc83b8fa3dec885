import Database from 'better-sqlite3';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(40_000);

/** A clinician's console on a fresh server, and a patient's thread waiting in its queue. */
async function setup() {
  const [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
  const tabs = new ConsoleTabs(browser, () => fd.server.url);
  await addUser(fd, 'nora.busy@example.org', 'clinician', 'Nora Nurse');
  const page = await tabs.signedIn('nora.busy@example.org');
  const thread = await patientWrites(fd, '7490000000000001', 'i have had a rash on my arm for three days, should i be worried');
  await queueRow(page, thread).waitFor();
  return {
    fd,
    page,
    thread,
    async close() {
      await tabs.closeAll();
      await browser.close();
      await fd.close();
    },
  };
}

describeInBrowser('Staff console while the database is locked', () => {
  test('when another process holds the write lock as a clinician opens a thread, then the console says "Database busy, retrying…" and shows the thread once the lock is released', async () => {
    const { fd, page, thread, close } = await setup();
    const other = new Database(fd.dbPath);
    other.exec('BEGIN IMMEDIATE');
    await queueRow(page, thread).getByRole('link').click();
    await page.locator('#toast', { hasText: 'Database busy, retrying…' }).waitFor({ timeout: 10_000 });
    other.exec('ROLLBACK');
    other.close();
    await page.getByRole('heading', { name: `Thread #${thread}` }).waitFor({ timeout: 15_000 });
    await page.locator('#transcript').waitFor();
    await close();
  });
});
