import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * The end-to-end tests run `dist/`. Build it only when a source file is newer than the last build,
 * so a CI run that already built once (and every later run) does not compile again.
 */
export function ensureBuilt(): string {
  const main = path.join(ROOT, 'dist', 'main.js');
  const stale = !fs.existsSync(main) || newestMtime(path.join(ROOT, 'src')) > fs.statSync(main).mtimeMs;
  if (stale) {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    // What `npm run build` does after compiling: the built code's model, so its first start does not train.
    execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli', 'warm-cache.js')], { cwd: ROOT, stdio: 'pipe' });
    // tsc leaves unchanged outputs alone; mark the build as fresh.
    const now = new Date();
    fs.utimesSync(main, now, now);
  }
  return main;
}
