import Database from 'better-sqlite3';
import { SqliteBenchRepo, type BenchRepo } from './bench-repo';

export interface Delivered {
  psid: string;
  text: string;
}

export interface DeliveryReport {
  /** Outgoing messages the bot or staff wrote that never reached the platform. */
  lost: number;
  /** Messages that reached the platform before one written earlier for the same patient. */
  outOfOrder: number;
  /** Messages the platform received twice in a row (the sends in flight at a crash). */
  duplicates: number;
  /** The most duplicates one patient received (one recipient has at most one send in flight). */
  maxDuplicatesPerPatient: number;
  written: number;
  received: number;
}

/**
 * Compares what the fake platform received, per patient and in arrival order, with what the store
 * says was written for that patient (outbox order). A message received again right after itself
 * is a duplicate; one received out of its place is out of order; one never received is lost.
 */
export async function checkDeliveries(dbPath: string, received: readonly Delivered[]): Promise<DeliveryReport> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return await compareDeliveries(new SqliteBenchRepo(db), received);
  } finally {
    db.close();
  }
}

/** `checkDeliveries` on any store the benchmark can read. */
export async function compareDeliveries(repo: BenchRepo, received: readonly Delivered[]): Promise<DeliveryReport> {
  const rows = await repo.writtenReplies();
  const expected = new Map<string, string[]>();
  for (const r of rows) expected.set(r.psid, [...(expected.get(r.psid) ?? []), r.text]);
  const got = new Map<string, string[]>();
  for (const r of received) got.set(r.psid, [...(got.get(r.psid) ?? []), r.text]);
  const report: DeliveryReport = {
    lost: 0,
    outOfOrder: 0,
    duplicates: 0,
    maxDuplicatesPerPatient: 0,
    written: rows.length,
    received: received.length,
  };
  for (const [psid, want] of expected) {
    const have = got.get(psid) ?? [];
    let j = 0;
    let duplicates = 0;
    for (const text of have) {
      if (j < want.length && text === want[j]) j += 1;
      else if (j > 0 && text === want[j - 1]) duplicates += 1;
      else report.outOfOrder += 1;
    }
    report.duplicates += duplicates;
    report.maxDuplicatesPerPatient = Math.max(report.maxDuplicatesPerPatient, duplicates);
    report.lost += want.length - j;
  }
  return report;
}

/** Inbound messages the webhook acknowledged that the store does not hold as processed. */
export async function missingAcknowledged(dbPath: string, acknowledgedMids: Iterable<string>): Promise<number> {
  const db = new Database(dbPath, { readonly: true });
  try {
    return await countMissing(new SqliteBenchRepo(db), acknowledgedMids);
  } finally {
    db.close();
  }
}

/** `missingAcknowledged` on any store the benchmark can read. */
export async function countMissing(repo: BenchRepo, acknowledgedMids: Iterable<string>): Promise<number> {
  let missing = 0;
  for (const mid of acknowledgedMids) if (!(await repo.isProcessedAndStored(mid))) missing += 1;
  return missing;
}
