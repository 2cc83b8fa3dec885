import express, { type Request, type RequestHandler } from 'express';
import type { PatientChannels } from '../../conversation/channel-hub';
import { AppError } from '../../platform/errors';
import { verifyJsonDepth } from '../../platform/http/body-guards';
import { requireJson } from '../../platform/http/raw-json-body';

/** JSON bodies for the staff API: content type checked (415), 64 KB cap (413), malformed or too deep -> 400. */
export const jsonBody: RequestHandler[] = [requireJson, express.json({ limit: '64kb', verify: verifyJsonDepth })];

/** A positive integer route parameter, or a 404 worded for `what`. */
export function idParam(req: Request, what = 'escalation', name = 'id'): number {
  const id = Number(req.params[name]);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not_found', `No such ${what}.`, 404);
  return id;
}

export function bodyOf(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function queryString(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The channels this server runs, as the console lists them (filter, labels). */
export function consoleChannels(hub: PatientChannels): Array<{ id: string; name: string }> {
  return hub.list().map((c) => ({ id: c.id, name: c.displayName }));
}

/** One CSV cell, always quoted; a leading = + - @ would be run as a formula by spreadsheet apps. */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
}

export const csvLine = (cells: readonly unknown[]): string => cells.map(csvCell).join(',');

/** CSV lines as a file: CRLF line ends (RFC 4180), ending with one. */
export const csvText = (lines: readonly string[]): string => [...lines, ''].join('\r\n');
