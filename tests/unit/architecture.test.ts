import fs from 'node:fs';
import path from 'node:path';

/**
 * The floor plan, checked: which folder may import what. Read from the source text, so a new file
 * is held to the same rules without registering it anywhere.
 */
const SRC = path.resolve(__dirname, '..', '..', 'src');

interface SourceFile {
  file: string;
  text: string;
  /** Module specifiers as written, with whether the import is type-only. */
  imports: Array<{ spec: string; typeOnly: boolean }>;
}

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

function readSources(): SourceFile[] {
  return walk(SRC).map((file) => {
    const text = fs.readFileSync(file, 'utf8');
    const imports: SourceFile['imports'] = [];
    const pattern = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/g;
    for (const match of text.matchAll(pattern)) imports.push({ spec: match[3] as string, typeOnly: match[2] !== undefined });
    for (const match of text.matchAll(/(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g))
      imports.push({ spec: match[1] as string, typeOnly: false });
    return { file, text, imports };
  });
}

const sources = readSources();
const rel = (file: string) => path.relative(SRC, file).split(path.sep).join('/');

function resolveLocal(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

function inFolder(file: string, folder: string): boolean {
  return rel(file).startsWith(`${folder}/`);
}

/** The files directly in src/ (main.ts, app.ts, create-store.ts): start-up and composition. */
const ROOT = '(root)';

/** A file's folder for the floor plan: its first folder under src/, or ROOT. */
function folderOf(file: string): string {
  const parts = rel(file).split('/');
  return parts.length === 1 ? ROOT : (parts[0] as string);
}

/**
 * Floors, lowest first. A file imports its own folder and folders on lower floors only; folders
 * on one floor do not import each other. Type-only imports count: a type names what it depends on.
 */
const FLOORS: ReadonlyArray<readonly string[]> = [
  ['platform', 'types'], // config core, http, logger, metrics, values; typings for packages
  ['store'], // the database handle, migrations, transactions, backup: it knows no component
  ['triage'], // pure domain: the router and the route vocabulary
  ['practice'], // pure domain: the practice profile, opening hours and SLA clock per route
  ['faq'], // pure domain: the knowledge base's answers, with the practice's hours
  ['audit'], // the audit log
  ['attachments'], // patients' photos and files: their rows, type by content, download from the platforms
  ['mail'], // reply emails: the addresses patients give, their signed links, the message itself
  ['conversation'], // the pipeline every channel shares: the channel port, inbox, outbox, turns
  ['escalation'], // the queue over conversations: access, assignment, actions, views
  ['bot', 'privacy'], // the bot's turns; patients' data export, erasure and retention
  ['operations', 'reports'], // metrics, readiness and scheduled duties; the practice manager's reports
  ['staff'], // identity, and the staff HTTP API and console over the queue, privacy and the audit log
  ['channels'], // the channels that implement the port, plugged in at the top
  [ROOT], // composition: the Store of every component, the server, start-up
  ['cli'], // commands: they open the composed store or start the composed server
];

/** Upward imports tolerated for now, by folder pair, each with its reason. At most two. */
const UPWARD_EXCEPTIONS: ReadonlyArray<{ from: string; to: string; reason: string }> = [];

const floorOf = (folder: string): number => FLOORS.findIndex((floor) => floor.includes(folder));

describe('The floor plan', () => {
  test('when a domain folder is read, then it imports no express, no botbuilder and no channel, bot, staff or pipeline code', () => {
    const domain = ['triage', 'faq', 'practice'];
    const pureEscalationRules = ['escalation/escalation-priority.ts', 'escalation/access.ts', 'escalation/minimum-necessary.ts'];
    const offending: string[] = [];
    for (const source of sources) {
      const isDomain = domain.some((folder) => inFolder(source.file, folder)) || pureEscalationRules.includes(rel(source.file));
      if (!isDomain) continue;
      for (const { spec } of source.imports) {
        const target = resolveLocal(source.file, spec);
        const forbiddenPackage = /^(express|botbuilder)(\/|$)/.test(spec);
        const forbiddenFolder =
          target !== undefined &&
          ['channels', 'bot', 'staff', 'conversation', 'store', 'escalation'].some((f) => inFolder(target, f)) &&
          !pureEscalationRules.includes(rel(target));
        if (forbiddenPackage || forbiddenFolder) offending.push(`${rel(source.file)} -> ${spec}`);
      }
    }
    expect(offending).toEqual([]);
  });

  test('when anything outside src/channels is read, then it never imports a particular channel', () => {
    const offending = sources
      .filter((s) => !inFolder(s.file, 'channels'))
      .flatMap((s) => s.imports.map(({ spec }) => ({ s, target: resolveLocal(s.file, spec) })))
      .filter(({ target }) => target !== undefined && /^channels\/[^/]+\//.test(rel(target)))
      .map(({ s, target }) => `${rel(s.file)} -> ${rel(target as string)}`);
    expect(offending).toEqual([]);
  });

  test('when one channel is read, then it never imports another channel', () => {
    const offending = sources
      .filter((s) => /^channels\/[^/]+\//.test(rel(s.file)))
      .flatMap((s) => s.imports.map(({ spec }) => ({ s, target: resolveLocal(s.file, spec) })))
      .filter(
        ({ s, target }) =>
          target !== undefined && /^channels\/[^/]+\//.test(rel(target)) && rel(target).split('/')[1] !== rel(s.file).split('/')[1],
      )
      .map(({ s, target }) => `${rel(s.file)} -> ${rel(target as string)}`);
    expect(offending).toEqual([]);
  });

  test('when staff, escalation, bot or console code is read, then it names no channel', () => {
    const channelIds = fs
      .readdirSync(path.join(SRC, 'channels'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    const pattern = new RegExp(`['"\`](${channelIds.join('|')})['"\`]`);
    const offending = sources
      .filter((s) => ['staff', 'escalation', 'bot', 'conversation'].some((folder) => inFolder(s.file, folder)))
      .filter((s) => pattern.test(s.text))
      .map((s) => rel(s.file));
    expect(offending).toEqual([]);
  });

  test('when the folders under src are listed, then each stands on exactly one floor', () => {
    const folders = [...new Set(sources.map((s) => folderOf(s.file)))].sort();
    const placed = FLOORS.flat();
    expect(folders.filter((folder) => placed.filter((f) => f === folder).length !== 1)).toEqual([]);
    expect(placed.filter((folder) => !folders.includes(folder))).toEqual([]);
  });

  test('when any import is followed, then it runs to its own floor or below, never up or sideways', () => {
    const offending: string[] = [];
    const excepted = new Set<string>();
    for (const source of sources) {
      const from = folderOf(source.file);
      for (const { spec, typeOnly } of source.imports) {
        const target = resolveLocal(source.file, spec);
        if (target === undefined) continue;
        const to = folderOf(target);
        if (to === from || floorOf(to) < floorOf(from)) continue;
        const exception = UPWARD_EXCEPTIONS.find((e) => e.from === from && e.to === to);
        if (exception) excepted.add(`${from} -> ${to}`);
        else offending.push(`${rel(source.file)} -> ${rel(target)}${typeOnly ? ' (type)' : ''}`);
      }
    }
    expect(offending).toEqual([]);
    // An exception is temporary: once nothing needs it, it leaves the list.
    expect(UPWARD_EXCEPTIONS.map((e) => `${e.from} -> ${e.to}`).filter((pair) => !excepted.has(pair))).toEqual([]);
    expect(UPWARD_EXCEPTIONS.length).toBeLessThanOrEqual(2);
    expect(UPWARD_EXCEPTIONS.filter((e) => e.reason.trim() === '' || e.reason.includes('\n'))).toEqual([]);
  });

  test('when SQL is looked for, then it is prepared only in repositories and in src/store', () => {
    const offending = sources
      .filter((s) => !/-repo\.ts$/.test(s.file) && !inFolder(s.file, 'store'))
      .filter((s) => /\.prepare\(/.test(s.text))
      .map((s) => rel(s.file));
    expect(offending).toEqual([]);
  });

  test('when botbuilder adapters are looked for, then only the pipeline and the composition root name them', () => {
    const offending = sources
      .filter((s) => !inFolder(s.file, 'conversation') && rel(s.file) !== 'app.ts')
      .filter((s) => /\bOutboxAdapter\b|\bBotAdapter\b/.test(s.text))
      .map((s) => rel(s.file));
    expect(offending).toEqual([]);
  });

  test('when src/channels is read, then it holds no benchmark code', () => {
    const offending = sources
      .filter((s) => inFolder(s.file, 'channels'))
      .filter((s) => /bench/i.test(path.basename(s.file)) || s.imports.some(({ spec }) => /(^|\/)(bench|autocannon)(\/|$)/.test(spec)))
      .map((s) => rel(s.file));
    expect(offending).toEqual([]);
  });

  test('when the imports between files are followed, then there is no cycle', () => {
    const graph = new Map<string, string[]>();
    for (const source of sources) {
      graph.set(
        source.file,
        source.imports.map(({ spec }) => resolveLocal(source.file, spec)).filter((t): t is string => t !== undefined),
      );
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'visiting');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'visiting') cycles.push([...stack.slice(stack.indexOf(next)), next].map(rel).join(' -> '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of graph.keys()) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
