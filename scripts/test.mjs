#!/usr/bin/env node
// npm test: everything CI checks, in order — typecheck, lint, unit and integration tests (Vitest),
// the build, then the UI in Chromium (Playwright). Stops at the first failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(root, 'node_modules/.bin', name);
const chromium = process.env.KANAME_CHROMIUM ?? '/usr/bin/chromium';

function run(label, cmd, args, env = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== ${label} ===\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.status !== 0) {
    process.stderr.write(`\n✗ ${label} に失敗しました（${secs} 秒）\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`✓ ${label}（${secs} 秒）\n`);
}

/** Debian's Chromium and Japanese fonts; installed here when we are root with apt, else explained. */
function ensureChromium() {
  if (fs.existsSync(chromium)) return;
  const canApt = process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get');
  if (!canApt) {
    process.stderr.write(
      `Chromium（${chromium}）がありません。sudo apt-get install -y chromium fonts-noto-cjk を実行してください。\n`,
    );
    process.exit(1);
  }
  run(
    'Chromium と日本語フォントのインストール',
    'bash',
    ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk'],
    {},
  );
}

/** The native addon must be built for this Node (an Electron dev run may have rebuilt it). */
function ensureNativeForNode() {
  const probe = spawnSync(
    process.execPath,
    ['-e', "new (require('better-sqlite3-multiple-ciphers'))(':memory:').close()"],
    { cwd: root },
  );
  if (probe.status === 0) return;
  run('データベース部品の再ビルド', 'npm', ['rebuild', 'better-sqlite3-multiple-ciphers']);
}

ensureChromium();
ensureNativeForNode();
run('型検査 (tsc)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
run('静的解析 (eslint)', bin('eslint'), ['.', '--max-warnings', '0']);
run('書式 (prettier)', bin('prettier'), ['--check', '.', '--log-level', 'warn']);
run('単体・結合テスト (vitest)', bin('vitest'), ['run']);
run('ビルド (electron-vite)', bin('electron-vite'), ['build', '--logLevel', 'warn']);
run('画面テスト (playwright)', bin('playwright'), ['test'], { KANAME_CHROMIUM: chromium });
process.stdout.write('\nすべてのテストに合格しました。\n');
