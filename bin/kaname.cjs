#!/usr/bin/env node
'use strict';
// The kaname CLI runs the same TypeScript core as the app, compiled on the fly by tsx.
require('tsx/cjs/api').register();
require('../electron/cli/main.ts');
