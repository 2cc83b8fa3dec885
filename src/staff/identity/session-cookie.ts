import type { Request, Response } from 'express';
import type { StaffConsoleConfig } from '../../platform/config';

/**
 * Over https the cookie carries the `__Host-` prefix, which browsers only accept with Secure, Path=/
 * and no Domain: it cannot be planted by a sibling subdomain. Over plain http (a newcomer on
 * http://127.0.0.1) a Secure cookie would be dropped by the browser, so the plain name is used.
 */
export const SECURE_COOKIE = '__Host-frontdesk_session';
export const PLAIN_COOKIE = 'frontdesk_session';

export function cookieIsSecure(req: Request, config: Pick<StaffConsoleConfig, 'cookieSecure'>): boolean {
  if (config.cookieSecure === 'always') return true;
  if (config.cookieSecure === 'never') return false;
  return req.secure; // https directly, or X-Forwarded-Proto from a proxy trusted by TRUST_PROXY
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

/** The session id the browser sent, if any (only the cookie name that fits this request's scheme). */
export function readSessionCookie(req: Request, config: Pick<StaffConsoleConfig, 'cookieSecure'>): string | undefined {
  const value = parseCookies(req.get('cookie')).get(cookieIsSecure(req, config) ? SECURE_COOKIE : PLAIN_COOKIE);
  return value && /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
}

/**
 * httpOnly (no script can read it), SameSite=Strict (never sent on cross-site requests), Path=/
 * and a Max-Age equal to the session's absolute lifetime; the idle timeout is enforced server-side.
 */
export function setSessionCookie(req: Request, res: Response, value: string, config: StaffConsoleConfig): void {
  const secure = cookieIsSecure(req, config);
  res.append(
    'Set-Cookie',
    `${secure ? SECURE_COOKIE : PLAIN_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${Math.floor(config.sessionMaxMs / 1000)}${secure ? '; Secure' : ''}`,
  );
}

export function clearSessionCookie(req: Request, res: Response, config: StaffConsoleConfig): void {
  const secure = cookieIsSecure(req, config);
  res.append(
    'Set-Cookie',
    `${secure ? SECURE_COOKIE : PLAIN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`,
  );
}
