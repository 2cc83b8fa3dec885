import { createHash } from 'node:crypto';
import path from 'node:path';
import { CACHE_DIR, readCacheFile, writeCacheFile } from './cache-file';

/** Where parsed YAML is kept between starts, beside the trained model. */
const YAML_CACHE_DIR = path.join(CACHE_DIR, 'yaml');

/** Parsed texts of this process, as JSON: each caller gets its own copy to change. */
const memory = new Map<string, string>();

/**
 * Parses a YAML text, reusing an earlier parse of the same text. The practice's content (intents,
 * crisis posts, practice profile) is read at every start, and parsing YAML costs a hundred times
 * what reading the same data as JSON does; the parse is kept in memory and in `.cache/yaml/`, named
 * by a hash of the text, so an edited file is simply parsed again. A cache directory that cannot be
 * written only means parsing every time. Syntax errors are thrown as `yaml` throws them.
 */
export function parseYamlCached(source: string, cacheDir: string = YAML_CACHE_DIR): unknown {
  const key = createHash('sha256').update(source).digest('hex').slice(0, 32);
  const known = memory.get(key);
  if (known !== undefined) return JSON.parse(known) as unknown;
  const stored = readCached(path.join(cacheDir, `${key}.json`));
  if (stored !== undefined) {
    memory.set(key, stored.json);
    return stored.value;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parse } = require('yaml') as typeof import('yaml');
  const value: unknown = parse(source);
  const json = JSON.stringify(value);
  // Only plain data is kept: anything JSON would change (dates, infinities, undefined) is parsed each time.
  if (json !== undefined && isSameData(JSON.parse(json), value)) {
    memory.set(key, json);
    writeCacheFile(path.join(cacheDir, `${key}.json`), json);
  }
  return value;
}

/** A kept parse, when there is one and it is JSON. */
function readCached(file: string): { json: string; value: unknown } | undefined {
  const json = readCacheFile(file);
  if (json === undefined) return undefined;
  try {
    return { json, value: JSON.parse(json) as unknown };
  } catch {
    return undefined; // damaged: parse the YAML instead
  }
}

function isSameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b) || Object.getPrototypeOf(b) !== (Array.isArray(b) ? Array.prototype : Object.prototype))
    return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => isSameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
