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

describe('The floor plan', () => {
  test('when a domain folder is read, then it imports no express, no botbuilder and no channel, bot, staff or pipeline code', () => {
    const domain = ['triage', 'faq', 'practice'];
    const pureEscalationRules = ['escalation/escalation-priority.ts'];
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
