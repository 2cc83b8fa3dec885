import type { Browser, Page } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { ConsoleTabs } from '../helpers/console-tabs';
import { patientWrites } from '../helpers/patients';
import { addUser } from '../helpers/staff-client';
import { messengerText, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const SHOTS = process.env.FRONTDESK_SCREENSHOTS_DIR;

jest.setTimeout(60_000);

describeInBrowser('Reports in the console, in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let desktop: ConsoleTabs;
  let phone: ConsoleTabs;

  beforeAll(async () => {
    [fd, browser] = await Promise.all([startFrontdesk(), launchBrowser()]);
    desktop = new ConsoleTabs(browser, () => fd.server.url);
    phone = new ConsoleTabs(browser, () => fd.server.url, { viewport: { width: 390, height: 844 } });
    await addUser(fd, 'ada@example.org', 'admin', 'Ada Admin');
    await addUser(fd, 'frank@example.org', 'agent', 'Frank Front');
    // answered by the assistant: no escalation
    const asks = async (psid: string, text: string) => {
      expect((await fd.postMessenger(messengerText({ psid, mid: `m_${psid}`, text }))).status).toBe(200);
      await fd.server.idle();
    };
    await asks('7470000000000001', 'what time do you open');
    await patientWrites(fd, '7470000000000002', 'i have had a rash on my arm for three days, should i be worried');
    await asks('7470000000000003', 'what is the best football team');
    await patientWrites(fd, '7470000000000004', 'quiero hablar con una persona, por favor');
  });
  beforeEach(() => {
    desktop?.nextTest();
    phone?.nextTest();
  });
  afterAll(async () => {
    await desktop?.closeAll();
    await phone?.closeAll();
    await browser?.close();
    await fd?.close();
  });

  const openReports = async (page: Page) => {
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.locator('#report-body[aria-busy="false"]').waitFor();
  };
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  test('when an admin opens Reports, then the figures, SVG charts and the not-understood messages show, and the CSV downloads', async () => {
    const page = await desktop.signedIn('ada@example.org');
    await openReports(page);
    await expect(page.locator('#figure-conversations .report-figure-value').innerText()).resolves.toBe('4');
    await expect(page.locator('#figure-escalations .report-figure-value').innerText()).resolves.toBe('2');
    await expect(page.locator('#figure-assistant .report-figure-value').innerText()).resolves.toBe('50 %');
    // two daily charts and two by type; no staff reply yet, so no response times to draw
    expect(await page.locator('svg.chart').count()).toBe(4);
    await page.locator('.report-chart', { hasText: 'First response, by role' }).getByText('Nothing in this period.').waitFor();
    await page.getByRole('img', { name: /^Conversations per day, by channel: 4 in all/ }).waitFor();
    await page.locator('.chart-legend li', { hasText: 'Spanish' }).waitFor();
    await page.getByRole('cell', { name: 'what is the best football team' }).waitFor();
    await shot(page, 'reports-desktop');

    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download CSV' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^frontdesk-report-\d{4}-\d{2}-\d{2}-30d\.csv$/);

    await page.getByLabel('Period').selectOption('7');
    await page.locator('#report-body[aria-busy="false"]').waitFor();
    expect(new URL(page.url()).search).toBe('?days=7');
    await expect(page.getByRole('link', { name: 'Download CSV' }).getAttribute('href')).resolves.toBe('/api/reports/summary.csv?days=7');
  });

  test('when a front-desk agent opens Reports on a phone, then the figures are the front desk’s and the page fits 390 px', async () => {
    const page = await phone.signedIn('frank@example.org');
    await openReports(page);
    await page.locator('#report-scope', { hasText: 'Your role covers requests and general threads' }).waitFor();
    await expect(page.locator('#figure-escalations .report-figure-value').innerText()).resolves.toBe('1');
    const routes = await page
      .getByRole('img', { name: 'Escalations by type' })
      .locator('.chart-label')
      .evaluateAll((els) => els.map((el) => el.textContent));
    expect(routes).toEqual(['Request', 'General']);
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(page, 'reports-phone');
  });
});
