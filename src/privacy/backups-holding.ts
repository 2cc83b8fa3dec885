import { listBackups } from '../store/backup';

/** The scheduled backups: where, how many are kept, how often one is made (BACKUP_DIR, BACKUP_KEEP, BACKUP_EVERY_HOURS). */
export interface BackupPolicy {
  dir: string;
  keep: number;
  everyMs: number;
}

/** Backups that still hold data an erasure removed from the database. */
export interface BackupsHolding {
  count: number;
  names: string[];
  /** When rotation has removed the last of them, if backups keep being made on schedule; null when none. */
  expiresAt: string | null;
  /** For the admin: "3 backups older than this erasure still hold this patient's data; the last expires on 2026-12-10." */
  message: string;
}

const NAME_TIME = /^frontdesk-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/;

function timeOf(name: string): number | undefined {
  const m = NAME_TIME.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) : undefined;
}

/**
 * The scheduled backups made between the patient's first message (`since`) and the erasure (`at`):
 * erasing cannot reach into them, so the admin is told which hold the data and when rotation, which
 * keeps the newest `keep`, will have removed the last of them.
 */
export function backupsHolding(policy: BackupPolicy, since: number, at: number): BackupsHolding {
  const all = listBackups(policy.dir);
  const newestAt = timeOf(all.at(-1) ?? '') ?? at;
  const names = all.filter((name) => {
    const t = timeOf(name);
    return t !== undefined && t >= since - 1000 && t <= at;
  });
  const last = names.at(-1);
  // A backup goes once `keep` newer ones exist; the newest holding one has this many newer already.
  const newer = last === undefined ? 0 : all.length - 1 - all.indexOf(last);
  const expires = last === undefined ? null : newestAt + Math.max(1, policy.keep - newer) * policy.everyMs;
  const day = expires === null ? null : new Date(expires).toISOString().slice(0, 10);
  const message =
    names.length === 0
      ? 'No backup holds this patient\u2019s data.'
      : `${names.length} backup${names.length === 1 ? '' : 's'} older than this erasure still hold${names.length === 1 ? 's' : ''} this patient\u2019s data; ${names.length === 1 ? 'it expires' : 'the last expires'} on ${day}.`;
  return { count: names.length, names, expiresAt: expires === null ? null : new Date(expires).toISOString(), message };
}
