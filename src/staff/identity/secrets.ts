import { createHash, randomBytes } from 'node:crypto';

/** Prefix of personal API tokens: tells them apart from the service token and helps secret scanners. */
export const API_TOKEN_PREFIX = 'fdk_';

/** 256 random bits, URL-safe. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newApiToken(): { token: string; prefix: string; hash: string } {
  const token = `${API_TOKEN_PREFIX}${newSecret()}`;
  return { token, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), hash: sha256Hex(token) };
}
