#!/usr/bin/env node
// npm start: builds what is stale, then runs the Electron app — or, where Electron cannot start
// (no binary can be downloaded, no display), says why in one line and runs the browser host.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const city = args.includes('--city');
const forceHost = args.includes('--host') || city;
const passThrough = args.filter((a) => a !== '--host' && a !== '--city');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const marker = path.join(root, 'out/renderer/index.html');
  const built = fs.existsSync(marker) ? fs.statSync(marker).mtimeMs : 0;
  const sources = Math.max(...['renderer', 'shared', 'electron'].map((d) => newestMtime(path.join(root, d))));
  if (built >= sources && fs.existsSync(path.join(root, 'out/main/index.js'))) return;
  process.stdout.write('画面をビルドしています…\n');
  const r = spawnSync(process.execPath, [path.join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    process.stderr.write('エラー: ビルドに失敗しました。\n');
    process.exit(4);
  }
}

/** The reason Electron cannot start here, or null when it can. */
function electronBinary() {
  // Read where the electron package put its binary; requiring 'electron' would try to download it.
  const pkg = path.join(root, 'node_modules/electron');
  try {
    const rel = fs.readFileSync(path.join(pkg, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkg, 'dist', rel);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function electronUnavailable() {
  if (electronBinary() === null)
    return 'Electron の実行ファイルがありません（この環境では GitHub からダウンロードできません）';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY)
    return '画面（DISPLAY）がないため Electron を起動できません';
  return null;
}

/** Builds better-sqlite3-multiple-ciphers for Electron's ABI into out/native, once per Electron version. */
async function electronNativeBinding() {
  const version = require('electron/package.json').version;
  const dir = path.join(root, 'out/native', `electron-${version}`);
  const project = path.join(dir, 'project');
  const built = path.join(project, 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
  if (fs.existsSync(built)) return built;
  process.stdout.write('Electron 用にデータベースの部品をビルドしています（初回のみ）…\n');
  fs.mkdirSync(path.join(project, 'node_modules'), { recursive: true });
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({
      name: 'kaname-native',
      version: '0.0.0',
      dependencies: { 'better-sqlite3-multiple-ciphers': '*' },
    }),
  );
  for (const mod of ['better-sqlite3-multiple-ciphers', 'bindings', 'file-uri-to-path']) {
    const from = path.join(root, 'node_modules', mod);
    if (fs.existsSync(from)) fs.cpSync(from, path.join(project, 'node_modules', mod), { recursive: true });
  }
  fs.rmSync(path.join(project, 'node_modules/better-sqlite3-multiple-ciphers/build'), { recursive: true, force: true });
  // @electron/rebuild 4 is an ES module (a devDependency, the version electron-builder uses).
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({
    buildPath: project,
    electronVersion: version,
    force: true,
    onlyModules: ['better-sqlite3-multiple-ciphers'],
  });
  return built;
}

/**
 * `npm start -- --city`: the city-scale demo (docs/city-scale.md) in the browser host, built once into
 * out/city-demo with the ward demo's logins and its password (kaname-demo, or KANAME_PASSWORD).
 */
function cityDemo() {
  const dbPath = path.join(root, 'out/city-demo/kaname-city.db');
  const password = process.env.KANAME_PASSWORD ?? 'kaname-demo';
  if (!fs.existsSync(dbPath)) {
    process.stdout.write('市規模のデモ（職員35,000人）を作成しています（30秒〜1分ほど）…\n');
    fs.mkdirSync(path.dirname(dbPath), { recursive: true });
    const r = spawnSync(process.execPath, [path.join(root, 'bin/kaname.cjs'), 'demo', '--db', dbPath, '--city'], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, KANAME_PASSWORD: password },
    });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.stdout.write(
    `市規模のデモ: ログインID admin / jinji / kucho / kacho / kakaricho / shokuin、パスワード ${password}\n`,
  );
  return dbPath;
}

ensureBuilt();
if (city && !passThrough.includes('--db')) passThrough.push('--db', cityDemo());
const reason = forceHost ? null : electronUnavailable();
if (!forceHost && reason === null) {
  const binding = await electronNativeBinding();
  const child = spawn(electronBinary(), [root, ...passThrough], {
    stdio: 'inherit',
    env: { ...process.env, KANAME_NATIVE_BINDING: binding },
  });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  if (reason) process.stdout.write(`${reason}。ブラウザ版を起動します。\n`);
  const port = ['--port', process.env.KANAME_PORT ?? '4780'];
  const hostArgs =
    passThrough.length === 0 ? port : city && !passThrough.includes('--port') ? [...passThrough, ...port] : passThrough;
  const child = spawn(process.execPath, [path.join(root, 'scripts/host.cjs'), ...hostArgs], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
}
