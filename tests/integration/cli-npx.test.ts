import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/office';
import { loadXlsx } from '../helpers/xlsx';

/**
 * The CLI exactly as the README shows it: through `npx kaname …` in the checkout. npx starts it
 * through node_modules/.bin or npm's own shim, so nothing may depend on how it was launched
 * (a CLI that printed nothing and exited 0 under npx is what this guards against). These are the
 * tests that run the real bin and its bundle (out/cli/kaname.cjs); the others call run() in-process.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
beforeAll(() => {
  dir = tempDir('kaname-npx-');
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

type Run = { status: number | null; stdout: string; stderr: string };

function npx(args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync('npx', ['--no-install', 'kaname', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npx kaname, as the README says', () => {
  it('prints the usage for --help and exits 0', () => {
    const r = npx(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('使い方: kaname <コマンド>');
    expect(r.stdout).toContain('終了コード');
  });

  it('says an unknown command is a usage error (exit 2), not silence', () => {
    const r = npx(['no-such-command']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('不明なコマンドです: no-such-command');
  });

  it('writes a template workbook', async () => {
    const out = path.join(dir, '職員名簿.xlsx');
    const r = npx(['template', 'staff', '--out', out]);
    expect(r.status).toBe(0);
    const wb = await loadXlsx(fs.readFileSync(out));
    expect(wb.getWorksheet('職員名簿')).toBeDefined();
  });

  it('creates the demo office and verifies it with --json', () => {
    const db = path.join(dir, 'demo.db');
    const env = { KANAME_PASSWORD: 'npx-demo-password' };
    expect(npx(['demo', '--db', db], env).status).toBe(0);
    const r = npx(['verify', '--db', db, '--user', 'admin', '--json'], env);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true });
  });
});

describe('the bin started in other ways', () => {
  const bin = path.join(root, 'bin', 'kaname.cjs');

  function node(file: string, args: string[], cwd: string): Run {
    const r = spawnSync(process.execPath, [file, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  }

  it('runs as `node bin/kaname.cjs` and through a symlink from another folder', () => {
    const direct = node(bin, ['--help'], root);
    expect(direct.status).toBe(0);
    expect(direct.stdout).toContain('使い方: kaname <コマンド>');

    const link = path.join(dir, 'kaname');
    fs.symlinkSync(bin, link);
    const linked = node(link, ['no-such-command', '--json'], dir);
    expect(linked.status).toBe(2);
    expect(JSON.parse(linked.stdout)).toMatchObject({ ok: false, error: { code: 'USAGE' } });
  });

  it('runs the built bundle: tsx is no runtime dependency', () => {
    expect(fs.existsSync(path.join(root, 'out', 'cli', 'kaname.cjs'))).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies)).not.toContain('tsx');
  });
});
