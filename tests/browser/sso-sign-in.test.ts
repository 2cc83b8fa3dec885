import type { Browser } from 'playwright-core';
import { describeInBrowser, launchBrowser } from '../helpers/browser';
import { startFrontdeskWithOidc } from '../helpers/oidc-provider';
import { addUser } from '../helpers/staff-client';
import type { Frontdesk } from '../helpers/start-frontdesk';

const SHOTS = process.env.FRONTDESK_SCREENSHOTS_DIR;

jest.setTimeout(60_000);

describeInBrowser('Single sign-on in the console, in Chromium', () => {
  let fd: Frontdesk;
  let browser: Browser;
  let provider: Awaited<ReturnType<typeof startFrontdeskWithOidc>>['provider'];

  beforeAll(async () => {
    const started = await Promise.all([
      startFrontdeskWithOidc({
        'nora-sub': { email: 'nora@example.org', email_verified: true, name: 'Nora Nurse' },
        'stranger-sub': { email: 'stranger@example.org', email_verified: true },
      }),
      launchBrowser(),
    ]);
    [{ fd, provider }, browser] = started;
    await addUser(fd, 'nora@example.org', 'clinician', 'Nora Nurse');
  });
  afterAll(async () => {
    await browser?.close();
    await fd?.close();
    await provider?.close();
  });

  test('when a nurse clicks "Sign in with" her provider, then she comes back signed in to the queue; a stranger is told why not', async () => {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      // A browser each: the provider remembers who signed in there.
      const signInAs = async (accountId: string) => {
        const context = await browser.newContext({ viewport });
        const page = await context.newPage();
        await page.goto(`${fd.server.url}/staff`);
        const button = page.getByRole('link', { name: 'Sign in with Suite IdP' });
        await button.waitFor();
        if (SHOTS) await page.screenshot({ path: `${SHOTS}/sso-sign-in-${viewport.width}.png`, fullPage: true });
        await provider.next(accountId);
        await button.click();
        return page;
      };
      const stranger = await signInAs('stranger-sub');
      await stranger
        .getByRole('alert')
        .getByText('There is no Frontdesk account for your email address. Ask an admin to create one.')
        .waitFor();
      expect(new URL(stranger.url()).search).toBe('');
      await stranger.context().close();

      const nurse = await signInAs('nora-sub');
      await nurse.getByRole('heading', { name: /^Queue/ }).waitFor();
      await nurse.locator('#me-name', { hasText: 'Nora Nurse (clinician)' }).waitFor();
      await nurse.context().close();
    }
  });
});
