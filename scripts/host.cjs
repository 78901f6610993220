#!/usr/bin/env node
'use strict';
// Runs the browser host from the TypeScript sources (the renderer must be built: npm run build).
require('tsx/cjs/api').register();
require('../electron/host/main.ts');
