import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { PASSWORD } from './staff-client';

export interface SignInOptions {
  /** Another server than the file's own (a tab of its own, never kept). */
  url?: string;
  /** Types the password key by key, as a person does (slow: for the tests about signing in); always a new tab. */
  typed?: boolean;
  /** Without the live queue stream (a stale screen): a tab of its own. */
  live?: boolean;
  /** Lets the page show system notifications. */
  notifications?: boolean;
}

/**
 * Staff console tabs in Chromium, one per account, signed in through the sign-in form and kept open
 * across the tests of a file, the way staff keep the console open all day. A test asking for an
 * account's tab again gets a fresh load of the console in it (the queue, its live stream, an empty
 * page state; the session cookie and stored preferences stay, as they do for staff). A new browser
 * context costs Chromium several times the CPU of a navigation in an open one, which on a 2-core
 * machine is most of what these suites spend.
 */
export class ConsoleTabs {
  private readonly kept = new Map<string, Page>();
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly url: () => string,
    private readonly contextOptions: BrowserContextOptions = {},
    /** Runs on every new context before its first page loads (init scripts, permissions). */
    private readonly prepare: (context: BrowserContext) => Promise<unknown> = async () => {},
  ) {}

  /** The console, signed in as `email`, showing the queue (and connected live unless `live: false`). */
  async signedIn(email: string, options: SignInOptions = {}): Promise<Page> {
    const url = options.url ?? this.url();
    const keep = options.url === undefined && options.live !== false;
    const tab = keep && !options.typed ? this.kept.get(email) : undefined;
    if (tab) {
      if (options.notifications) await tab.context().grantPermissions(['notifications']);
      await tab.goto(`${url}/staff`);
      await this.queueShown(tab, options);
      return tab;
    }
    const page = await this.signInNewTab(url, email, options);
    if (keep) this.kept.set(email, page);
    return page;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.contexts.map((c) => c.close()));
  }

  private async signInNewTab(url: string, email: string, options: SignInOptions): Promise<Page> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, ...this.contextOptions });
    this.contexts.push(context);
    await this.prepare(context);
    if (options.notifications) await context.grantPermissions(['notifications']);
    if (options.live === false) await context.route('**/api/escalations/stream', (route) => route.abort());
    const page = await context.newPage();
    await page.goto(`${url}/staff`);
    await page.getByLabel('Email').fill(email);
    if (options.typed) {
      await page.getByLabel('Password').focus();
      await page.keyboard.type(PASSWORD);
    } else {
      await page.getByLabel('Password').fill(PASSWORD);
    }
    await page.keyboard.press('Enter');
    await this.queueShown(page, options);
    return page;
  }

  private async queueShown(page: Page, options: SignInOptions): Promise<void> {
    await page.getByRole('heading', { name: /^Queue/ }).waitFor();
    if (options.live !== false) await page.locator('#live', { hasText: 'Live' }).waitFor();
  }
}
