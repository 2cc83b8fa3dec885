import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;

/** scrypt cost: N = 2^15, r = 8, p = 1 (~32 MiB, tens of ms). Stored with each hash so it can rise later. */
const LOG_N = 15;
/** The cheapest cost the test runner may ask for; production hashes always use LOG_N. */
const TEST_MIN_LOG_N = 10;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, logN: number, r: number, p: number): Promise<Buffer> {
  const options: ScryptOptions = { N: 2 ** logN, r, p, maxmem: 256 * 2 ** logN * r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Why a new password is not acceptable, in words for the person choosing it; undefined when fine. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (a few unrelated words work well).`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (new Set(password).size < 4) return 'That password is too repetitive.';
  return undefined;
}

let hashLogN = LOG_N;

/**
 * Test suites create and sign in hundreds of accounts; at full cost scrypt alone takes a large part
 * of their time. This lowers the cost of new hashes in this process only, and refuses to run outside
 * the test runner, so no setting or environment can weaken an operator's password hashes. Existing
 * hashes keep the cost stored with them.
 */
export function lowerHashCostForTests(logN = TEST_MIN_LOG_N): void {
  if (process.env.JEST_WORKER_ID === undefined) throw new Error('lowerHashCostForTests is for the test runner only');
  if (!Number.isInteger(logN) || logN < TEST_MIN_LOG_N || logN > LOG_N)
    throw new Error(`log2 N must be an integer from ${TEST_MIN_LOG_N} to ${LOG_N}`);
  hashLogN = logN;
}

/** `scrypt$<log2 N>$<r>$<p>$<salt b64>$<key b64>` with a fresh 16-byte salt per password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const logN = hashLogN;
  const key = await derive(password, salt, logN, R, P);
  return ['scrypt', logN, R, P, salt.toString('base64'), key.toString('base64')].join('$');
}

/** Constant-time comparison of the derived key; false for any malformed stored value. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, logN, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !logN || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await derive(password, Buffer.from(salt, 'base64'), Number(logN), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same time as a real check, for unknown or disabled accounts, so response time does
 * not reveal which email addresses have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  dummy ??= hashPassword(randomBytes(12).toString('hex'));
  await verifyPassword(password, await dummy);
  return false;
}
