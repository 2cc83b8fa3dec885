import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fillDisk } from '../../src/cli/bench/fault-bench';
import { closeWhenFileEnds } from './close-when-file-ends';

/** A small RAM file system whose free space a test can use up and give back (a full disk, for real). */
export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the file system has no space left. */
  fill(): void;
  /** Removes the filler: the space is back. */
  free(): void;
  unmount(): Promise<void>;
}

/**
 * Mounts a tmpfs of `sizeMb` where this process may (root, or a container that allows it); returns
 * undefined, after saying why on stderr, where it may not, so the caller can skip with a notice.
 */
export function mountSmallDisk(sizeMb: number): SmallDisk | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-full-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    process.stderr.write(`skipping the full-disk scenario: cannot mount a tmpfs here (${(err as Error).message.split('\n')[0]})\n`);
    return undefined;
  }
  const filler = path.join(dir, 'filler');
  const unmount = closeWhenFileEnds(async () => {
    execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    fill() {
      fillDisk(filler);
    },
    free() {
      fs.rmSync(filler, { force: true });
    },
    unmount,
  };
}
