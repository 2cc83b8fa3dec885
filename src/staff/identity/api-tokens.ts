import type { AuditStore } from '../../audit/audit-store';
import type { IdentityStore } from './identity-store';
import { newApiToken } from './secrets';

/** Creates a personal API token; the secret is returned once and only its hash is kept. */
export async function issueApiToken(
  store: IdentityStore & AuditStore,
  input: { userId: number; name: string; expiresInDays: number | null; actor: string; ip?: string | undefined; at: number },
) {
  const { token, prefix, hash } = newApiToken();
  const record = await store.apiTokens.create({
    userId: input.userId,
    name: input.name,
    tokenHash: hash,
    prefix,
    at: input.at,
    expiresAt: input.expiresInDays === null ? null : input.at + input.expiresInDays * 86_400_000,
  });
  await store.audit.token({ actor: input.actor, ip: input.ip }, 'token.create', record.id, input.at, {
    userId: input.userId,
    name: input.name,
  });
  return { token, record };
}
