#!/usr/bin/env node
'use strict';
// Runs the browser host, bundled into out/host/main.cjs by scripts/build-cli.cjs (rebuilt here when
// a source is newer). The renderer must be built too: npm run build (npm start / npm run host do it).
const { ensureBuilt, outputs } = require('./build-cli.cjs');

const problem = ensureBuilt();
if (problem !== null) {
  process.stderr.write(`エラー: ${problem}\n`);
  process.exit(4);
}
require(outputs[1]);
