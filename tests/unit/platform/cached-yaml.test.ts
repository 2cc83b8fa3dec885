import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { parseYamlCached } from '../../../src/platform/cached-yaml';

describe('parseYamlCached', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-yaml-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Each test uses a text of its own, so the in-process memory of an earlier test cannot answer for it.
  const text = (tag: string) =>
    `intent: ${tag}\nroute: answer\nexamples:\n  - what are your hours\n  - "open on saturday?"\nweight: 2.5\nactive: true\nnote: null\n`;

  test('when a text is parsed, then the result is what yaml gives, and a parse of it is kept on disk', () => {
    const source = text('first');
    expect(parseYamlCached(source, dir)).toEqual(parse(source));
    const kept = fs.readdirSync(dir);
    expect(kept).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(dir, kept[0] as string), 'utf8'))).toEqual(parse(source));
  });

  /** The module as a new process loads it: nothing parsed in memory yet. */
  function freshStart(): typeof parseYamlCached {
    let fresh: typeof parseYamlCached | undefined;
    jest.isolateModules(() => {
      fresh = (jest.requireActual('../../../src/platform/cached-yaml') as { parseYamlCached: typeof parseYamlCached }).parseYamlCached;
    });
    return fresh as typeof parseYamlCached;
  }

  test('when an earlier start parsed the text, then the next start reads the kept result instead of the YAML', () => {
    const source = text('kept');
    parseYamlCached(source, dir);
    const [file] = fs.readdirSync(dir);
    // Marks the kept copy, to see which one the next start uses.
    fs.writeFileSync(path.join(dir, file as string), JSON.stringify({ ...parse(source), keptCopy: true }));
    expect(freshStart()(source, dir)).toEqual({ ...parse(source), keptCopy: true });
  });

  test('when the kept file is not JSON, then the next start parses the text again and keeps a good copy', () => {
    const source = text('broken');
    parseYamlCached(source, dir);
    const [file] = fs.readdirSync(dir);
    fs.writeFileSync(path.join(dir, file as string), '{ not json');
    expect(freshStart()(source, dir)).toEqual(parse(source));
    expect(JSON.parse(fs.readFileSync(path.join(dir, file as string), 'utf8'))).toEqual(parse(source));
  });

  test('when the cache folder cannot be written, then parsing still works', () => {
    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    expect(parseYamlCached(text('unwritable'), blocked)).toEqual(parse(text('unwritable')));
  });

  test('when a caller changes its result, then the next caller still gets the text as written', () => {
    const source = text('mutated');
    const first = parseYamlCached(source, dir) as { examples: string[] };
    first.examples.push('changed');
    expect(parseYamlCached(source, dir)).toEqual(parse(source));
  });

  test('when the YAML is invalid, then the error is thrown and nothing is kept', () => {
    expect(() => parseYamlCached('intent: [unclosed\n', dir)).toThrow();
    expect(fs.readdirSync(dir)).toHaveLength(0);
  });

  test('when the text holds what JSON cannot carry, then it is parsed every time and not kept', () => {
    const source = 'limit: .inf\nnothing: ~\n';
    expect(parseYamlCached(source, dir)).toEqual({ limit: Infinity, nothing: null });
    expect(fs.readdirSync(dir)).toHaveLength(0);
  });
});
