#!/usr/bin/env node
// Launcher for the `health-score` CLI: runs the TypeScript sources through tsx (no build step).
//
// Every command runs with a 64 MB young generation (`--max-semi-space-size=64`; V8's default is 16 MB): reading
// a large export makes millions of short-lived strings, which the default size collects in far more, costlier
// scavenges (docs/engine.md "Performance"). V8 reads the size only when a process starts, so the launcher starts
// the CLI once more as a child with the flag, before loading anything else: stdio is shared, signals are passed
// on, the child's exit code (or signal) is the launcher's, and the child exits if the launcher dies (IPC
// channel). HEALTH_SCORE_NO_REEXEC=1, or the flag already given to node, runs the CLI in this process.
//
// Except `sync`: it runs in this process with V8's default young generation. The sync holds the org's state
// (accounts, contacts) for the whole run and reads Bulk results a few thousand records at a time, so the larger
// young generation buys it little CPU (~8%) and costs ~130 MB of peak RSS (docs/engine.md "The sync"), the
// figure its memory target is measured on.
'use strict';

const YOUNG_GENERATION_FLAG = '--max-semi-space-size=64';
/** Commands run with V8's default young generation (see above). */
const DEFAULT_YOUNG_GENERATION = new Set(['sync']);

function runInThisProcess() {
    if (process.send && process.env.HEALTH_SCORE_REEXECED === '1') {
        // Started by the launcher below: leave when it goes (the IPC channel must not keep this process alive).
        process.on('disconnect', () => process.exit(process.exitCode ?? 1));
        if (process.channel) process.channel.unref();
    }
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
}

function runAsChild() {
    const { spawn } = require('node:child_process');
    const child = spawn(
        process.execPath,
        [...process.execArgv, YOUNG_GENERATION_FLAG, __filename, ...process.argv.slice(2)],
        {
            stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
            env: { ...process.env, HEALTH_SCORE_NO_REEXEC: '1', HEALTH_SCORE_REEXECED: '1' }
        }
    );
    const signals = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
    const forward = (signal) => {
        // A terminal sends SIGINT to the whole process group: the child already has it then; pass it on anyway
        // for a signal sent to the launcher alone (kill, docker stop).
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of signals) process.on(signal, forward);
    child.on('error', (error) => {
        process.stderr.write(`health-score: could not start: ${error.message}\n`);
        process.exitCode = 1;
    });
    child.on('exit', (code, signal) => {
        for (const s of signals) process.removeListener(s, forward);
        if (signal) {
            // Die of the same signal, as the child did (exit code 128 + n seen by the shell).
            process.kill(process.pid, signal);
            return;
        }
        process.exitCode = code ?? 1;
    });
}

if (
    process.env.HEALTH_SCORE_NO_REEXEC === '1' ||
    DEFAULT_YOUNG_GENERATION.has(process.argv[2]) ||
    process.execArgv.some((arg) => arg.startsWith('--max-semi-space-size'))
) {
    runInThisProcess();
} else {
    runAsChild();
}
