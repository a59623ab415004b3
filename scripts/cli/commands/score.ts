/**
 * `health-score score --input <dataset> --as-of YYYY-MM-DD [--json] [--model file.json] [--top N]`: offline
 * scoring of a dataset folder (docs/dataset-format.md), ranked by attention priority. A thin wrapper over
 * scoreDataset.
 */
import {
    closeSync,
    existsSync,
    mkdtempSync,
    openSync,
    readFileSync,
    readSync,
    rmSync,
    writeSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    EngineInputError,
    ModelConfigError,
    ModelSelector,
    SegmentError,
    SignalDefinitionError,
    parseModelConfig,
    parseSegmentsJson,
    tryDayNumber
} from '../../engine';
import type { AccountResult, ModelConfig } from '../../engine';
import { DatasetError } from '../../dataset/records';
import { scoreDataset } from '../../dataset/reader';
import { loadSignalsFile, readSignalValues } from '../../dataset/signals';

export const SCORE_USAGE = `health-score score --input <dataset folder> [--as-of YYYY-MM-DD] [--json] [--model <file.json>] [--segments <file.json>] [--signals <file.json>] [--top <n>]

Scores every account of a dataset folder (one JSON or CSV file per object, Salesforce field names:
docs/dataset-format.md) and prints the accounts ranked by attention priority ("who to focus on today")
with band, score, trend, lifecycle and top drivers.

  --input <dir>      the dataset folder (e.g. data/demo)
  --as-of <date>     score as of this date; records dated later are ignored
                     (default: "asOf" from <dir>/dataset.json when present)
  --model <file>     model configuration JSON (keys: docs/model-configuration.md); default: built-in defaults
  --segments <file>  segment models JSON: each account is scored by its first matching segment's model
                     (docs/model-configuration.md, "Segment models"); the default model scores the rest
  --signals <file>   admin-defined signals JSON (Health_Signal__mdt fields); values from the dataset's
                     file of each signal's object (docs/dataset-format.md, "Admin-defined signals")
  --top <n>          print only the first n accounts (text output)
  --json             print the full results as one JSON document, accounts ranked (streamed: any size)

Exit codes: 0 ok, 1 unexpected failure, 2 bad usage or malformed input (the message names file, record, field).
`;

export interface ScoreIO {
    /** Text, or (--json accounts) UTF-8 bytes holding whole characters. */
    stdout: { write(text: string | Uint8Array): unknown };
    stderr: { write(text: string): unknown };
}

/** Bad command-line usage (exit code 2). */
export class UsageError extends Error {
    readonly code = 'USAGE';
    constructor(message: string) {
        super(message);
        this.name = 'UsageError';
    }
}

interface ScoreFlags {
    input?: string;
    asOf?: string;
    model?: string;
    segments?: string;
    signals?: string;
    top?: number;
    json: boolean;
    help: boolean;
}

function parseScoreFlags(argv: readonly string[]): ScoreFlags {
    const flags: ScoreFlags = { json: false, help: false };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i] as string;
        const [name, inline] =
            arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
        const value = (): string => {
            const next = inline ?? argv[++i];
            if (next === undefined || (inline === undefined && next.startsWith('--'))) {
                throw new UsageError(`${name} needs a value`);
            }
            return next;
        };
        switch (name) {
            case '--input':
                flags.input = value();
                break;
            case '--as-of':
                flags.asOf = value();
                break;
            case '--model':
                flags.model = value();
                break;
            case '--segments':
                flags.segments = value();
                break;
            case '--signals':
                flags.signals = value();
                break;
            case '--top': {
                const top = Number(value());
                if (!Number.isInteger(top) || top < 1)
                    throw new UsageError('--top must be a whole number >= 1');
                flags.top = top;
                break;
            }
            case '--json':
                flags.json = true;
                break;
            case '--help':
            case '-h':
                flags.help = true;
                break;
            default:
                throw new UsageError(`unknown option ${arg}`);
        }
    }
    return flags;
}

function datasetAsOf(folder: string): string | undefined {
    const manifest = join(folder, 'dataset.json');
    if (!existsSync(manifest)) return undefined;
    try {
        const asOf = (JSON.parse(readFileSync(manifest, 'utf8')) as { asOf?: unknown }).asOf;
        return typeof asOf === 'string' ? asOf : undefined;
    } catch {
        return undefined;
    }
}

function loadModel(path: string | undefined): ModelConfig {
    if (!path) return DEFAULT_MODEL_CONFIG;
    if (!existsSync(path)) throw new UsageError(`--model ${path}: file not found`);
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new UsageError(`--model ${path}: not valid JSON (${(error as Error).message})`);
    }
    return parseModelConfig(raw, path);
}

export function loadSegments(path: string): ReturnType<typeof parseSegmentsJson> {
    if (!existsSync(path)) throw new UsageError(`--segments ${path}: file not found`);
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new UsageError(`--segments ${path}: not valid JSON (${(error as Error).message})`);
    }
    return parseSegmentsJson(raw, path);
}

/** Most urgent first; ties by lower score, then name, so the order is stable. */
export function rankByPriority(results: AccountResult[]): AccountResult[] {
    return [...results].sort(
        (a, b) =>
            b.attentionPriority - a.attentionPriority ||
            a.modelScore - b.modelScore ||
            a.name.localeCompare(b.name)
    );
}

function pad(text: string, width: number): string {
    return text.length >= width ? text.slice(0, width) : text + ' '.repeat(width - text.length);
}

function topDrivers(result: AccountResult, count: number): string {
    const lines: string[] = [];
    const format = (points: number, label: string) => `${points > 0 ? '+' : ''}${points}  ${label}`;
    const cap = result.drivers.find((driver) => driver.code.startsWith('CAP_'));
    // The cap first (with its points when it bound the score), then the largest other drivers.
    if (cap) lines.push(format(cap.points, cap.label));
    else if (result.criticalRisk) lines.push(`!  ${result.criticalRisk}`);
    for (const driver of result.drivers) {
        if (lines.length >= count) break;
        if (driver.code === 'BASELINE' || driver === cap || driver.points === 0) continue;
        lines.push(format(driver.points, driver.label));
    }
    return lines.map((line) => `      ${line}`).join('\n');
}

function rankingHeader(asOf: string, count: number): string[] {
    const header = `${pad('#', 4)}${pad('priority', 9)}${pad('band', 8)}${pad('score', 6)}${pad('trend', 17)}${pad('lifecycle', 18)}account`;
    return [`Accounts as of ${asOf}, most urgent first (${count} accounts)`, '', header];
}

/** One account's lines of the ranking, without its rank number (the first 4 columns). */
function accountBlock(result: AccountResult): string {
    const trend =
        result.trend === null
            ? 'new'
            : `${result.trend} ${result.change !== null && result.change > 0 ? '+' : ''}${result.change}`;
    const flags = [
        result.expansionReady ? 'expansion ready' : '',
        result.divergence ? 'diverges from owner view' : ''
    ]
        .filter(Boolean)
        .join(', ');
    const line = `${pad(result.attentionPriority.toFixed(1), 9)}${pad(result.band, 8)}${pad(result.score === null ? '-' : String(result.score), 6)}${pad(trend, 17)}${pad(result.lifecycle, 18)}${result.name}${flags ? `  [${flags}]` : ''}`;
    const drivers = topDrivers(result, 3);
    return drivers ? `${line}\n${drivers}` : line;
}

export function formatRanking(results: AccountResult[], asOf: string, top?: number): string {
    const shown = top ? results.slice(0, top) : results;
    const lines = rankingHeader(asOf, results.length);
    shown.forEach((result, index) => lines.push(`${pad(String(index + 1), 4)}${accountBlock(result)}`));
    if (top && results.length > top) lines.push('', `... ${results.length - top} more (use --json for all)`);
    return `${lines.join('\n')}\n`;
}

/** What ranking needs of an account, kept for every account instead of its full result. */
interface RankKey {
    attentionPriority: number;
    modelScore: number;
    name: string;
    /** Text mode: the account's block of the ranking. JSON mode: where its JSON sits in the spill file. */
    block: string;
    offset: number;
    length: number;
}

const collator = new Intl.Collator();

/** The order of rankByPriority (stable: ties keep dataset order). */
function byPriority(a: RankKey, b: RankKey): number {
    return (
        b.attentionPriority - a.attentionPriority ||
        a.modelScore - b.modelScore ||
        collator.compare(a.name, b.name)
    );
}

/** Writes to stdout, waiting when a pipe's buffer is full (memory stays flat however large the output). */
async function emit(io: ScoreIO, text: string | Uint8Array): Promise<void> {
    const stream = io.stdout as ScoreIO['stdout'] & {
        once?: (event: 'drain', listener: () => void) => unknown;
    };
    if (io.stdout.write(text) === false && typeof stream.once === 'function')
        await new Promise<void>((resolve) => stream.once?.('drain', resolve));
}

/** Batches small writes into about 64 KB. */
class Output {
    private buffer = '';
    constructor(private readonly io: ScoreIO) {}
    async write(text: string): Promise<void> {
        this.buffer += text;
        if (this.buffer.length >= 1 << 16) await this.flush();
    }
    async flush(): Promise<void> {
        if (this.buffer === '') return;
        const text = this.buffer;
        this.buffer = '';
        await emit(this.io, text);
    }
}

/**
 * The text ranking, streamed: each account's block is formatted as its result is computed and only the blocks
 * (not the results) are kept for sorting. Same text as formatRanking(rankByPriority(all results)).
 */
async function writeRanking(
    io: ScoreIO,
    results: Iterable<AccountResult>,
    asOf: string,
    top?: number
): Promise<void> {
    const keys: RankKey[] = [];
    for (const result of results)
        keys.push({
            attentionPriority: result.attentionPriority,
            modelScore: result.modelScore,
            name: result.name,
            block: accountBlock(result),
            offset: 0,
            length: 0
        });
    keys.sort(byPriority);
    const out = new Output(io);
    await out.write(`${rankingHeader(asOf, keys.length).join('\n')}\n`);
    const shown = top ? Math.min(top, keys.length) : keys.length;
    for (let i = 0; i < shown; i++)
        await out.write(`${pad(String(i + 1), 4)}${(keys[i] as RankKey).block}\n`);
    if (top && keys.length > top) await out.write(`\n... ${keys.length - top} more (use --json for all)\n`);
    await out.flush();
}

/**
 * One account's JSON as it sits in the document's "accounts" array (an element of an array that is itself a
 * value two levels deep: 4 spaces before its lines): the text JSON.stringify(document, null, 2) gives it. An
 * element nested two arrays deep is indented exactly so, so stringifying [[result]] and cutting the two outer
 * brackets gives that text in one native call (no second pass over the text to indent it).
 */
export function accountJson(result: AccountResult): string {
    const text = JSON.stringify([[result]], null, 2);
    // '[\n  [\n' before, '\n  ]\n]' after.
    return text.slice(6, text.length - 6);
}

/**
 * `--json`, streamed: one JSON document (the same text JSON.stringify(output, null, 2) gives, accounts ranked by
 * attention priority) written piece by piece. Each account's JSON is written to a temporary spill file as its
 * result is computed; only its rank keys and position stay in memory; then the pieces are copied to stdout in
 * rank order. Memory does not grow with the size of the results (the old one-string output failed with
 * "Invalid string length" at 100,000 accounts); the spill file is removed at the end.
 */
async function writeJson(
    io: ScoreIO,
    head: Record<string, unknown>,
    results: Iterable<AccountResult>
): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'health-score-json-'));
    const spill = join(dir, 'accounts.json');
    try {
        const keys: RankKey[] = [];
        const fd = openSync(spill, 'w', 0o600);
        let offset = 0;
        try {
            let pending: string[] = [];
            let pendingChars = 0;
            const flush = (): void => {
                if (pending.length) writeSync(fd, pending.join(''));
                pending = [];
                pendingChars = 0;
            };
            for (const result of results) {
                const text = accountJson(result);
                const length = Buffer.byteLength(text);
                keys.push({
                    attentionPriority: result.attentionPriority,
                    modelScore: result.modelScore,
                    name: result.name,
                    block: '',
                    offset,
                    length
                });
                offset += length;
                pending.push(text);
                pendingChars += text.length;
                if (pendingChars >= 1 << 20) flush();
            }
            flush();
        } finally {
            closeSync(fd);
        }
        keys.sort(byPriority);
        const document = JSON.stringify({ ...head, accounts: [] }, null, 2);
        const out = new Output(io);
        if (keys.length === 0) {
            await out.write(`${document}\n`);
        } else {
            await out.write(`${document.slice(0, document.lastIndexOf('[]'))}[\n`);
            await out.flush();
            await copyRanked(io, spill, keys);
            await out.write('\n  ]\n}\n');
        }
        await out.flush();
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

/** Bytes per write when copying the spilled accounts out. */
const COPY_BLOCK = 1 << 20;

/** Reads exactly `length` bytes at `position` into `buffer` at `offset`. */
function readFully(fd: number, buffer: Buffer, offset: number, length: number, position: number): void {
    let done = 0;
    while (done < length) {
        const read = readSync(fd, buffer, offset + done, length - done, position + done);
        if (read === 0) throw new Error('score --json: the spill file ended early');
        done += read;
    }
}

/**
 * Copies the spilled accounts to stdout in rank order, ',\n' between them, as bytes: read from the spill file
 * straight into about 1 MB buffers that go to stdout as they are (no decoding into text and encoding back).
 * A buffer is never reused once written (a pipe may still hold it) and always ends at an account's end, so
 * each holds whole UTF-8 characters.
 */
export async function copyRanked(
    io: ScoreIO,
    spill: string,
    keys: readonly { offset: number; length: number }[],
    blockSize = COPY_BLOCK
): Promise<void> {
    const reader = openSync(spill, 'r');
    try {
        let block = Buffer.allocUnsafe(blockSize);
        let used = 0;
        for (let i = 0; i < keys.length; i++) {
            const key = keys[i] as { offset: number; length: number };
            const need = key.length + (i === 0 ? 0 : 2);
            if (used + need > block.length && used > 0) {
                await emit(io, block.subarray(0, used));
                block = Buffer.allocUnsafe(Math.max(blockSize, need));
                used = 0;
            } else if (need > block.length) block = Buffer.allocUnsafe(need);
            if (i > 0) {
                block[used++] = 0x2c; // ,
                block[used++] = 0x0a; // \n
            }
            readFully(reader, block, used, key.length, key.offset);
            used += key.length;
        }
        if (used > 0) await emit(io, block.subarray(0, used));
    } finally {
        closeSync(reader);
    }
}

export async function scoreCommand(argv: readonly string[], io: ScoreIO = process): Promise<number> {
    try {
        const flags = parseScoreFlags(argv);
        if (flags.help) {
            io.stdout.write(SCORE_USAGE);
            return 0;
        }
        if (!flags.input) throw new UsageError('--input <dataset folder> is required');
        const asOf = flags.asOf ?? datasetAsOf(flags.input);
        if (!asOf)
            throw new UsageError('--as-of YYYY-MM-DD is required (the dataset has no dataset.json asOf)');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || Number.isNaN(tryDayNumber(asOf))) {
            throw new UsageError(`--as-of "${asOf}" is not a valid YYYY-MM-DD date`);
        }
        const config = loadModel(flags.model);
        const selector = flags.segments ? new ModelSelector(config, loadSegments(flags.segments)) : null;
        const sources = flags.signals ? loadSignalsFile(flags.signals) : [];
        const signals = flags.signals
            ? {
                  definitions: sources.map((s) => s.definition),
                  values: await readSignalValues(flags.input, sources)
              }
            : null;
        const scored = await scoreDataset(flags.input, config, asOf, selector, signals);
        if (flags.json) {
            const head = {
                asOf,
                modelVersion: config.version,
                stats: scored.stats,
                read: scored.read,
                inflation: scored.inflation
            };
            await writeJson(io, head, scored.results());
        } else {
            await writeRanking(io, scored.results(), asOf, flags.top);
            const flagged = scored.inflation.flagged.length;
            if (flagged > 0) {
                await emit(
                    io,
                    `\nOutcome inflation: ${flagged} rep(s) log far more Positive outcomes than the team; their Positive outcomes were damped (see --json "inflation"; not a rep KPI).\n`
                );
            }
        }
        return 0;
    } catch (error) {
        if (
            error instanceof UsageError ||
            error instanceof DatasetError ||
            error instanceof ModelConfigError ||
            error instanceof EngineInputError ||
            error instanceof SegmentError ||
            error instanceof SignalDefinitionError
        ) {
            io.stderr.write(`health-score score: ${error.message}\n`);
            if (error instanceof UsageError) io.stderr.write('Run health-score score --help for usage.\n');
            return 2;
        }
        io.stderr.write(
            `health-score score: unexpected failure: ${(error as Error).stack ?? String(error)}\n`
        );
        return 1;
    }
}
