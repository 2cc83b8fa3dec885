import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { CHANNELS } from '../../../src/channels';
import { loadConfig } from '../../../src/platform/config';
import { parseEnvironmentFile } from '../../helpers/systemd-environment-file';

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('.env.example', () => {
  test('when a shell sources it (set -a; . ./.env.example), then every line runs without an error', () => {
    const result = spawnSync('sh', ['-c', 'set -a; . ./.env.example'], { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH } });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  test('when systemd reads it as an EnvironmentFile, then every value is accepted as it stands', () => {
    const env = parseEnvironmentFile(fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8'));
    expect(Object.keys(env).length).toBeGreaterThan(20);
    expect(() => loadConfig(env, CHANNELS)).not.toThrow();
  });
});
