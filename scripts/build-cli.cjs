#!/usr/bin/env node
'use strict';
// The Node programs — the kaname CLI and the browser host — bundled from the TypeScript sources into
// plain CommonJS under out/ (docs/cli.md), so that nothing compiles TypeScript at run time.
//
//   node scripts/build-cli.cjs   builds now (npm run build:cli; npm ci and npm install run it as `prepare`)
//   ensureBuilt()                builds only when a source is newer than the bundle (bin/kaname.cjs, scripts/host.cjs)
//
// The native database module, exceljs and pdfkit stay outside the bundle, loaded from node_modules
// (pdfkit reads its data files beside its own code; the placement PDFs' Noto Sans JP fonts are
// found there too, electron/core/placement/pdf/fonts.ts).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const outDir = path.join(root, 'out');

/** Each program: its entry in the sources, and the file it is bundled into (relative to out/). */
const programs = {
  'cli/kaname': 'electron/cli/main.ts',
  'host/main': 'electron/host/main.ts',
  // The import worker beside each program (electron/core/workbooks/import-thread.ts finds it there).
  'cli/import-worker': 'electron/core/workbooks/import-worker.ts',
  'host/import-worker': 'electron/core/workbooks/import-worker.ts',
};

const outputs = Object.keys(programs).map((name) => path.join(outDir, `${name}.cjs`));

/** What the last build read: its start time and its input files, to tell whether it is stale. */
const stampFile = path.join(outDir, 'cli', 'build-inputs.json');

const external = ['better-sqlite3-multiple-ciphers', 'exceljs', 'pdfkit', 'electron'];

/** The bundler, or null in an install without devDependencies. */
function loadEsbuild() {
  try {
    return require('esbuild');
  } catch {
    return null;
  }
}

/** A file written beside its target and renamed over it: a program starting meanwhile sees old or new, never half. */
function writeAtomically(file, contents) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, contents);
  fs.renameSync(tmp, file);
}

/**
 * The files whose change makes the bundle stale: every source the bundler read, the package.json of
 * every package it bundled (its version), and this script.
 */
function watchedInputs(metafile) {
  const files = new Set([path.relative(root, __filename)]);
  for (const input of Object.keys(metafile.inputs)) {
    const parts = input.split('/');
    const at = parts.lastIndexOf('node_modules');
    if (at === -1) files.add(input);
    else {
      const pkg = parts.slice(0, at + (parts[at + 1]?.startsWith('@') ? 3 : 2));
      files.add([...pkg, 'package.json'].join('/'));
    }
  }
  return [...files].sort();
}

/** Bundles both programs. Throws the bundler's error (its messages are already printed) on failure. */
function build(esbuild = loadEsbuild()) {
  if (!esbuild) throw new Error('esbuild is not installed (npm ci installs it)');
  const startedAt = Date.now();
  const result = esbuild.buildSync({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(Object.entries(programs)),
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20.19',
    format: 'cjs',
    external,
    metafile: true,
    write: false,
    logLevel: 'error',
    legalComments: 'none',
    banner: { js: '// Built by scripts/build-cli.cjs from the TypeScript sources. Do not edit.' },
  });
  for (const file of result.outputFiles) writeAtomically(file.path, file.contents);
  writeAtomically(stampFile, `${JSON.stringify({ startedAt, inputs: watchedInputs(result.metafile) }, null, 1)}\n`);
}

/** True when a bundle is missing or any input changed (or vanished) since the last build started. */
function isStale() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return true;
  }
  if (!outputs.every((f) => fs.existsSync(f))) return true;
  for (const input of stamp.inputs) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, input)).mtimeMs;
    } catch {
      return true;
    }
    if (mtime > stamp.startedAt) return true;
  }
  return false;
}

/**
 * Makes sure the bundles are there and current, building them when not. Where the bundler is not
 * installed, an existing bundle is used as it is. Returns an error message (Japanese, for the
 * user) when there is no bundle to run, or null.
 */
function ensureBuilt() {
  if (!isStale()) return null;
  const esbuild = loadEsbuild();
  if (!esbuild) {
    return outputs.every((f) => fs.existsSync(f))
      ? null
      : 'kaname がビルドされていません。このフォルダで npm ci を実行してください。';
  }
  try {
    build(esbuild);
    return null;
  } catch {
    return 'kaname をビルドできませんでした（上のメッセージを確かめてください）。';
  }
}

module.exports = { build, ensureBuilt, outputs };

if (require.main === module) {
  const esbuild = loadEsbuild();
  if (!esbuild) {
    // An install without devDependencies (npm ci --omit=dev) cannot build; `prepare` must not fail it.
    console.log('esbuild がないため kaname のビルドを省略しました（npm ci で開発用パッケージを入れてください）。');
  } else {
    try {
      build(esbuild);
    } catch {
      process.exitCode = 1;
    }
  }
}
