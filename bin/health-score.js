#!/usr/bin/env node
// Launcher for the `health-score` CLI: runs the TypeScript sources through tsx (no build step).
'use strict';
require('tsx/cjs');
const { main } = require('../scripts/cli/main.ts');

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error) => {
        process.stderr.write(`health-score: ${error && error.stack ? error.stack : String(error)}\n`);
        process.exitCode = 1;
    }
);
