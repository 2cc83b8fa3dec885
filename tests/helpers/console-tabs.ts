import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { PASSWORD } from './staff-client';

export interface SignInOptions {
  /** Another server than the file's own. */
  url?: string;
  /** Types the password key by key, as a person does (slow: for the tests about signing in); always signs in anew. */
  typed?: boolean;
  /** Without the live queue stream (a stale screen). */
  live?: boolean;
  /** Lets the page show system notifications. */
  notifications?: boolean;
}

interface Tab {
  page: Page;
  /** Who is signed in, where, and whether its live stream is blocked. */
  email?: string;
  url?: string;
  live: boolean;
  /** Handed out in the current test (to this account). */
  taken: boolean;
  lastUsed: number;
}

/**
 * Staff console tabs in Chromium for the tests of one file, kept open from test to test the way a
 * front desk keeps the console open all day. `signedIn` hands out a tab showing a fresh load of the
 * console: the account's own tab when it has one, else a tab no one uses in the current test, signed
 * out (cookies and storage emptied) and signed in through the form as the new account, else a new
 * browser context. A new context costs Chromium several times the CPU of a sign-in in an open tab,
 * and on a 2-core machine that was most of what these suites spent.
 *
 * Call `nextTest()` before each test (it frees every tab) and `closeAll()` after the file.
 */
export class ConsoleTabs {
  private readonly tabs: Tab[] = [];
  private clock = 0;

  constructor(
    private readonly browser: Browser,
    private readonly url: () => string,
    private readonly contextOptions: BrowserContextOptions = {},
    /** Runs on every new context before its first page loads (init scripts, permissions). */
    private readonly prepare: (context: BrowserContext) => Promise<unknown> = async () => {},
  ) {}

  nextTest(): void {
    for (const tab of this.tabs) tab.taken = false;
  }

  /** The console, signed in as `email`, showing the queue (and connected live unless `live: false`). */
  async signedIn(email: string, options: SignInOptions = {}): Promise<Page> {
    const url = options.url ?? this.url();
    const live = options.live !== false;
    const own = this.tabs.find((t) => t.email === email && t.url === url && t.live === live);
    const tab = own ?? this.leastRecentlyUsed(this.tabs.filter((t) => !t.taken)) ?? (await this.newTab());
    tab.taken = true;
    tab.lastUsed = ++this.clock;
    const context = tab.page.context();
    if (options.notifications) await context.grantPermissions(['notifications']);
    if (tab.live !== live) {
      if (live) await context.unroute(STREAM);
      else await context.route(STREAM, (route) => route.abort());
      tab.live = live;
    }
    if (tab === own && !options.typed) {
      await tab.page.goto(`${url}/staff`);
    } else {
      await this.signIn(tab, url, email, options);
    }
    await this.queueShown(tab.page, live);
    return tab.page;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.tabs.map((t) => t.page.context().close()));
  }

  private leastRecentlyUsed(tabs: Tab[]): Tab | undefined {
    return tabs.sort((a, b) => a.lastUsed - b.lastUsed)[0];
  }

  private async newTab(): Promise<Tab> {
    const context = await this.browser.newContext({ viewport: { width: 1280, height: 900 }, ...this.contextOptions });
    await this.prepare(context);
    const tab: Tab = { page: await context.newPage(), live: true, taken: false, lastUsed: 0 };
    this.tabs.push(tab);
    return tab;
  }

  /** Signs whoever was signed in out (their cookies and stored preferences go) and signs `email` in. */
  private async signIn(tab: Tab, url: string, email: string, options: SignInOptions): Promise<void> {
    const { page } = tab;
    await page.context().clearCookies();
    if (tab.email !== undefined && tab.email !== email && !options.notifications) await page.context().clearPermissions();
    tab.email = email;
    tab.url = url;
    await page.goto(`${url}/staff`);
    await page.evaluate('localStorage.clear(); sessionStorage.clear()');
    await page.getByLabel('Email').fill(email);
    if (options.typed) {
      await page.getByLabel('Password').focus();
      await page.keyboard.type(PASSWORD);
    } else {
      await page.getByLabel('Password').fill(PASSWORD);
    }
    await page.keyboard.press('Enter');
  }

  private async queueShown(page: Page, live: boolean): Promise<void> {
    await page.getByRole('heading', { name: /^Queue/ }).waitFor();
    if (live) await page.locator('#live', { hasText: 'Live' }).waitFor();
  }
}

const STREAM = '**/api/escalations/stream';

/** The queue's row for an escalation. */
export const queueRow = (page: Page, id: number) => page.locator(`#queue-body tr[data-id="${id}"]`);
