import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

function setup(lines: string[]) {
  const result = spawnSync('npm', ['run', '--silent', 'classify'], {
    cwd: ROOT,
    input: `${lines.join('\n')}\n`,
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { ...result, outLines: result.stdout.split('\n').filter((l) => l.length > 0) };
}

describe('classify CLI', () => {
  it('when JSON lines come in on stdin, then one JSON line per input comes out, in order, and nothing else', () => {
    const { status, outLines } = setup([
      JSON.stringify({ text: 'what time do you open' }),
      JSON.stringify({ text: 'i want to kill myself' }),
      JSON.stringify({ text: 'can i take ibuprofen with my lisinopril' }),
      JSON.stringify({ text: 'need to reschedule my appt' }),
    ]);
    expect(status).toBe(0);
    expect(outLines).toHaveLength(4);
    const parsed = outLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const p of parsed) expect(Object.keys(p).sort()).toEqual(['confidence', 'intent', 'route']);
    expect(parsed.map((p) => p['route'])).toEqual(['answer', 'emergency', 'clinical', 'request']);
  });

  it('when a line is not valid JSON, then its output line says fallback and the rest stay aligned', () => {
    const { status, outLines } = setup(['not json', JSON.stringify({ text: 'thanks!' })]);
    expect(status).toBe(0);
    expect(outLines).toHaveLength(2);
    expect(JSON.parse(outLines[0] ?? '{}')).toEqual(expect.objectContaining({ route: 'fallback' }));
    expect(JSON.parse(outLines[1] ?? '{}')).toEqual(expect.objectContaining({ route: 'answer' }));
  });
});
