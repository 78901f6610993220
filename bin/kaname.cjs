#!/usr/bin/env node
'use strict';
// The kaname CLI: the same core as the app, bundled into out/cli/kaname.cjs (scripts/build-cli.cjs;
// npm ci builds it, and it is rebuilt here when a source is newer). It starts unconditionally and
// never looks at process.argv[1], which names whatever launched it: npx's node_modules/.bin/kaname,
// a global install, a symlink, or this file. Paths are this file's own (symlinks resolved by Node).
const { ensureBuilt, outputs } = require('../scripts/build-cli.cjs');

const problem = ensureBuilt();
if (problem !== null) {
  process.stderr.write(`エラー: ${problem}\n`);
  process.exitCode = 4;
} else {
  const { run } = require(outputs[0]);
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.stderr.write('エラー: 予期しないエラーが発生しました。\n');
      process.exitCode = 4;
    },
  );
}
