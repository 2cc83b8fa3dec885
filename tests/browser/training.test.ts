import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs } from '../helpers/console-tabs';
import { messengerPatient, texts } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

const SHOTS = process.env.FRONTDESK_SCREENSHOTS_DIR;

jest.setTimeout(90_000);

describeInBrowser('Teaching the router from the console, in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let tabs: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    tabs = new ConsoleTabs(browser, () => fd.server.url);
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
  });
  beforeEach(() => tabs?.nextTest());
  afterAll(async () => {
    await tabs?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  test('when a clinician labels a message in the thread and an admin accepts it in the Training view, then the bot understands that phrasing', async () => {
    const patient = messengerPatient(() => fd);
    await patient.say('put me down for the well woman thing');
    await patient.say('can i talk to a real person');
    const [item] = await fd.server.store.escalations.listOpenForConversation((await fd.server.store.messages.get(1))?.conversationId ?? 1);

    const nurse = await tabs.signedIn('nora@example.org');
    await nurse.goto(`${fd.server.url}/staff/threads/${item!.id}`);
    const message = nurse.locator('li.msg-patient', { hasText: 'put me down for the well woman thing' });
    await message.locator('summary', { hasText: 'Label intent' }).click();
    await message.locator('select').selectOption('appointment');
    await message.getByRole('button', { name: 'Save label' }).click();
    await nurse.locator('#toast', { hasText: 'Label saved' }).waitFor();

    const admin = await tabs.signedIn('ada@example.org');
    await admin.getByRole('link', { name: 'Training' }).click();
    const pending = admin.locator('li.training-label', { hasText: 'put me down for the well woman thing' });
    await pending.waitFor();
    if (SHOTS) await admin.screenshot({ path: `${SHOTS}/training-view.png`, fullPage: true });
    await pending.getByRole('button', { name: 'Accept' }).click();
    await admin.locator('#toast', { hasText: 'Accepted' }).waitFor();
    await waitFor(async () => (await fd.server.store.trainingLabels.acceptedExamples()).length === 1);
    await waitFor(async () => {
      await admin.reload();
      return (await admin.locator('.model-status').textContent({ timeout: 5000 }))?.includes('trained with 1 practice example') === true;
    }, 60_000);

    const next = messengerPatient(() => fd);
    expect(texts(await next.say('put us down for the well woman thing'))).toContain('Would you like to book, reschedule or cancel');
  });
});
