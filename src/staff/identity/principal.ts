import type { Response } from 'express';
import type { Role } from './roles';

/** Who is acting: a signed-in person, a person's API token, or the service token. */
export interface Principal {
  /** What the audit log and transcripts record: `user:<id>` or `service:staff-api-token`. */
  actor: string;
  kind: 'user' | 'service';
  userId: number | null;
  name: string;
  email: string | null;
  role: Role;
  via: 'session' | 'api_token' | 'service_token';
  /** Console sessions only: state-changing requests must echo this in X-CSRF-Token. */
  session?: { id: number; csrfToken: string; expiresAt: number; idleExpiresAt: number };
}

export const SERVICE_ACTOR = 'service:staff-api-token';

export function userActor(userId: number): string {
  return `user:${userId}`;
}

/** The user id inside an actor string, if it is a person. */
export function actorUserId(actor: string | null | undefined): number | undefined {
  const match = /^user:(\d+)$/.exec(actor ?? '');
  return match ? Number(match[1]) : undefined;
}

export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('route mounted without authenticate()');
  return principal;
}
