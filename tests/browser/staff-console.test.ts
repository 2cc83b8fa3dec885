import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs, queueRow, type SignInOptions } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser, PASSWORD } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const CLINICAL = 'i have had a rash on my arm for three days, should i be worried';
const HUMAN = 'can i talk to a real person please';

jest.setTimeout(30_000);

describeInBrowser('Staff console in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
    await addUser(fd, 'dev@example.org', 'clinician', 'Dev Doctor');
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

  test('when a clinician is signed in and a patient writes on Messenger, then the thread appears in the queue without a reload', async () => {
    const page = await signedIn('nora@example.org', { typed: true });
    // A full page load would reset this global; the live update must arrive without one.
    await page.evaluate(() => Object.assign(globalThis, { notReloaded: true }));

    const id = await writes('7400000000000001', CLINICAL);
    await row(page, id).waitFor();
    await expect(row(page, id).innerText()).resolves.toMatch(new RegExp(`Clinical\\s+#${id}.*\\s+Messenger`, 's'));
    await expect(row(page, id).innerText()).resolves.toMatch(/Unassigned/);
    expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  test('when a patient has a general and a clinical request open, then each thread links the other for a clinician', async () => {
    const page = await signedIn('nora@example.org');
    const human = await writes('7400000000000031', HUMAN);
    expect((await fd.postMessenger(messengerText({ psid: '7400000000000031', mid: 'm_7400000000000031_b', text: CLINICAL }))).status).toBe(
      200,
    );
    await fd.server.idle();
    const conversation = await fd.server.store.conversations.findByPlatform('messenger', '7400000000000031');
    const clinical = (await fd.server.store.escalations.openForConversation(conversation?.id ?? 0))?.id;
    expect(clinical).not.toBe(human);
    await row(page, human).getByRole('link').click();
    await page
      .locator('#related-items')
      .getByRole('link', { name: `#${clinical} symptom` })
      .click();
    await page.getByRole('heading', { name: `Clinical Thread #${clinical}`, exact: false }).waitFor();
    await expect(page.locator('#related-items').innerText()).resolves.toContain(`#${human} human request`);
  });

  test('when the clinician claims, replies and resolves, then the reply reaches Messenger and the item leaves the queue', async () => {
    const page = await signedIn('nora@example.org');
    const id = await writes('7400000000000002', CLINICAL);
    await row(page, id).getByRole('link').click();
    await page.getByRole('heading', { name: `Clinical Thread #${id}`, exact: false }).waitFor();
    await expect(page.locator('#window-state').innerText()).resolves.toMatch(/Open: normal replies until/);
    await expect(page.locator('#transcript').innerText()).resolves.toContain(CLINICAL);

    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.locator('.fact', { hasText: 'Assigned to' }).getByText('You').waitFor();

    const before = fd.graph.requests.length;
    await page.getByLabel('Message to the patient').fill('Hi, this is Nora, a nurse. Can you send a photo of the rash?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const sent = (await fd.graph.waitForRequests(before + 1, 5000)).slice(before);
    expect(sent[0]?.body).toMatchObject({
      recipient: { id: '7400000000000002' },
      messaging_type: 'RESPONSE',
      message: { text: 'Nora: Hi, this is Nora, a nurse. Can you send a photo of the rash?' },
    });
    await page.locator('#transcript li[data-author="staff"][data-status="sent"]').waitFor();

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('.fact', { hasText: 'Status' }).getByText('Resolved').waitFor();
    await page.getByRole('link', { name: /Back to the queue/ }).click();
    await page.locator('#queue-body').waitFor();
    await expect(row(page, id).count()).resolves.toBe(0);
  });

  test('when a second clinician tries to claim a thread someone already claimed, then the console refuses and names the holder', async () => {
    const id = await writes('7400000000000003', CLINICAL);
    // Dev's screen is stale (no live updates), so the Claim button is still offered to him.
    const dev = await signedIn('dev@example.org', { live: false });
    await dev.goto(`${fd.server.url}/staff/threads/${id}`);
    await dev.getByRole('button', { name: 'Claim', exact: true }).waitFor();

    const nora = await signedIn('nora@example.org');
    await nora.goto(`${fd.server.url}/staff/threads/${id}`);
    await nora.getByRole('button', { name: 'Claim', exact: true }).click();
    await nora.locator('.fact', { hasText: 'Assigned to' }).getByText('You').waitFor();

    await dev.getByRole('button', { name: 'Claim', exact: true }).click();
    await expect(dev.getByRole('alert').filter({ hasText: 'claimed' }).innerText()).resolves.toMatch(
      /Nora Nurse has already claimed this thread/,
    );
    expect((await fd.server.store.escalations.get(id))?.assignedTo).toBe(
      (await fd.server.store.staffUsers.findByEmail('nora@example.org'))?.id,
    );
  });

  test('when an agent signs in, then a clinical thread is neither listed nor openable', async () => {
    const clinical = await writes('7400000000000004', CLINICAL);
    const human = await writes('7400000000000005', HUMAN);
    const page = await signedIn('frank@example.org');
    await row(page, human).waitFor();
    await expect(row(page, clinical).count()).resolves.toBe(0);
    await expect(page.locator('#queue-body tr.route-clinical').count()).resolves.toBe(0);
    await expect(page.getByLabel('Type').locator('option').allInnerTexts()).resolves.toEqual(['All types', 'Request', 'General']);

    await page.goto(`${fd.server.url}/staff/threads/${clinical}`);
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/your role \(agent\) covers request and human threads only/);
  });

  test('when a session has been idle longer than SESSION_IDLE_MINUTES, then the next action shows the sign-in form with the reason', async () => {
    let offset = 0;
    const idle = await startFrontdesk({ env: { SESSION_IDLE_MINUTES: '30' }, now: () => Date.now() + offset });
    try {
      await addUser(idle, 'ida@example.org', 'agent', 'Ida Idle');
      const page = await signedIn('ida@example.org', { url: idle.server.url });
      offset = 31 * 60_000;
      await page.getByRole('link', { name: 'Recently resolved' }).click();
      await page.getByRole('alert').filter({ hasText: 'signed out after 30 minutes without activity' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    } finally {
      await idle.close();
    }
  });

  test('when an admin adds a user and a canned response, then the new user can sign in, staff can insert the response, and the audit log shows both', async () => {
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
    const admin = await signedIn('ada@example.org');
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.getByLabel('Email', { exact: true }).fill('gail@example.org');
    await admin.getByLabel('Name', { exact: true }).fill('Gail Green');
    await admin.getByLabel('Role', { exact: true }).selectOption('agent');
    await admin.getByLabel('First password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Create account' }).click();
    await admin.getByRole('cell', { name: 'gail@example.org' }).waitFor();

    await admin.getByRole('link', { name: 'Canned responses' }).click();
    await admin.locator('#canned-title-new').fill('Call the office');
    await admin.locator('#canned-text-new').fill('Please call us on 555-0142 so we can help.');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await admin.getByRole('heading', { name: 'Call the office' }).waitFor();

    await admin.getByRole('link', { name: 'Audit log' }).click();
    await admin.getByLabel('Action').fill('settings.');
    await admin.getByRole('button', { name: 'Search' }).click();
    await admin.getByRole('cell', { name: 'settings.canned_create' }).waitFor();

    const id = await writes('7400000000000006', HUMAN);
    const gail = await signedIn('gail@example.org', { typed: true });
    await gail.goto(`${fd.server.url}/staff/threads/${id}`);
    await gail.getByLabel('Canned response').selectOption({ label: 'Call the office' });
    await expect(gail.getByLabel('Message to the patient').inputValue()).resolves.toBe('Please call us on 555-0142 so we can help.');
  });
});
