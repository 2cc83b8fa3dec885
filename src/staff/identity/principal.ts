import type { Response } from 'express';
import type { Principal } from '../../escalation/access';

/** The principal `authenticate()` put on this request. */
export function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new Error('route mounted without authenticate()');
  return principal;
}
