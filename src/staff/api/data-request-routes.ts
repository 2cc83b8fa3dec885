import express, { type Router } from 'express';
import type { PatientChannels } from '../../conversation/channel-hub';
import { AppError } from '../../platform/errors';
import type { PracticeProfile } from '../../practice/practice-profile';
import { erasePatientData, exportAsText, exportPatientData, patientDataSummary, type PatientDataDeps } from '../../privacy/patient-data';
import { authenticate, requireAdmin, requireCsrf, type AuthDeps } from '../identity/authenticate';
import { principalOf } from '../identity/principal';
import { bodyOf, idParam, jsonBody, queryString } from './http-helpers';
import type { BackupPolicy } from '../../privacy/backups-holding';

export type DataRequestRouteDeps = AuthDeps & {
  store: PatientDataDeps['store'];
  /** The running channels: names, reply policies, the one way to write to a patient. */
  hub: PatientChannels;
  practice: PracticeProfile;
  onChange?: () => void;
  /** Scheduled backups, named in an erasure's result when they still hold the patient's data. */
  backups?: BackupPolicy | undefined;
};

/** What an admin types to confirm an erasure; the console asks for it too. */
export const ERASE_CONFIRMATION = 'ERASE';

/**
 * A patient's data request, worked from the task it created (admins only): what is held, an
 * export (JSON or a plain-text transcript), and erasure after a typed confirmation.
 */
export function dataRequestRoutes(deps: DataRequestRouteDeps): Router {
  const router = express.Router();
  const guard = [authenticate(deps), requireCsrf, requireAdmin];
  const domain = (res: express.Response, req: express.Request) => ({
    deps: { store: deps.store, hub: deps.hub, practiceName: deps.practice.name, now: deps.now, backups: deps.backups },
    who: { actor: principalOf(res).actor, ip: req.ip, role: principalOf(res).role },
  });

  router.get('/api/escalations/:id/patient-data', ...guard, async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(await patientDataSummary(deps.store, idParam(req)));
  });

  router.get('/api/escalations/:id/patient-data/export', ...guard, async (req, res) => {
    const format = queryString(req, 'format') ?? 'json';
    if (format !== 'json' && format !== 'text') throw new AppError('invalid_format', 'format must be json or text.', 400);
    const id = idParam(req);
    const { deps: d, who } = domain(res, req);
    const data = await exportPatientData(d, who, id, format);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Disposition', `attachment; filename="frontdesk-patient-data-${id}.${format === 'json' ? 'json' : 'txt'}"`);
    if (format === 'json') res.type('application/json; charset=utf-8').send(`${JSON.stringify(data, null, 2)}\n`);
    else res.type('text/plain; charset=utf-8').send(exportAsText(data));
  });

  router.post('/api/escalations/:id/patient-data/erase', ...guard, ...jsonBody, async (req, res) => {
    if (bodyOf(req).confirm !== ERASE_CONFIRMATION) {
      throw new AppError('confirmation_required', `Erasing cannot be undone: send {"confirm": "${ERASE_CONFIRMATION}"} to confirm.`, 400);
    }
    const { deps: d, who } = domain(res, req);
    const result = await erasePatientData(d, who, idParam(req));
    deps.onChange?.();
    res.json(result);
  });

  return router;
}
