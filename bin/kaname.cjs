#!/usr/bin/env node
'use strict';
// The kaname CLI runs the same TypeScript core as the app, compiled on the fly by tsx. It is started
// here and never gated on process.argv[1], which names whatever launched it: npx's
// node_modules/.bin/kaname, a global install, a symlink, or this file.
require('tsx/cjs/api').register();
const { run } = require('../electron/cli/main.ts');
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.stderr.write('エラー: 予期しないエラーが発生しました。\n');
    process.exitCode = 4;
  },
);
