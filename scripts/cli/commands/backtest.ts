/**
 * `health-score backtest`: a thin wrapper over runBacktest (scripts/validation). Reads the history (a dataset
 * folder, an org, or a synthetic portfolio), scores every outcome as of N days before it, prints a summary
 * and writes the HTML report (and, with --fit, the fitted model as a Health_Model__mdt record and JSON).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
    DEFAULT_MODEL_CONFIG,
    ModelConfigError,
    ModelSelector,
    SegmentError,
    SignalDefinitionError,
    parseModelConfig,
    parseSegmentsJson,
    type ModelConfig
} from '../../engine';
import { DatasetError } from '../../dataset/records';
import { ExitCode, UsageError } from '../../salesforce/errors';
import type { Session } from '../../salesforce/auth';
import {
    ORG_FLAGS,
    ORG_FLAGS_HELP,
    openClient,
    parseFlags,
    processIO,
    reportError,
    type CommandIO,
    type Flags
} from '../../sync/commandline';
import { DEFAULT_HORIZONS, runBacktest } from '../../validation/backtest';
import { engineKeyRules, engineScorerWith, type BacktestSignals } from '../../validation/engineScorer';
import { fitSignalWeights, formatSignalFits } from '../../validation/signals';
import { loadSignalsFile, readSignalValues } from '../../dataset/signals';
import { generateChurnWorld } from '../../validation/churnWorld';
import { readDatasetFolder } from '../../validation/mapping';
import { writeFittedModel } from '../../validation/modelFile';
import { readActiveModel } from '../../sync/sync';
import { readSegments } from '../../sync/segments';
import { backtestPerModel, formatPerModel, segmentScorer, withPerModel } from '../../validation/segments';
import { readOrgHistory } from '../../validation/orgDataset';
import { formatTerminalSummary, renderHtmlReport } from '../../validation/report';
import { generateSynthetic, type RawDataset } from '../../validation/synthetic';

export const BACKTEST_USAGE = `health-score backtest (--input <dataset folder> | --synthetic <accounts> | <org>)
                      [--horizons 60,90] [--fit] [--model <file.json>] [--out reports/backtest] [--json]

Scores every outcome (closed renewal opportunities won/lost, Account.Churned_On__c) as of each horizon
before it, using only the records that existed then, and reports how well the score predicted it.
Read-only against an org.

  --input <folder>       a dataset folder (docs/dataset-format.md)
  --synthetic <n>        a synthetic portfolio of n accounts with a known ground truth (demo, tests)
  --seed <n>             seed of the synthetic portfolio (default 1)
  --world <name>         synthetic world: "standard" (churn from the model's own signals, default) or
                         "independent" (churn from mechanisms the model does not copy: multi-month usage
                         decline, decision-maker disengagement, support crises, payment drift, noise)
  --horizons <days,...>  days before each outcome to score at (default 60,90)
  --fit                  learn the model on the earlier outcomes (part weights, windows, caps, band
                         thresholds, calibration to a renewal probability), compare default, fitted
                         and a plain logistic regression on the later ones, write the fitted model
  --train-share <0-1>    share of outcomes (earliest first) used for fitting (default 0.7)
  --model <file.json>    score with this model configuration (default: the org's active
                         Health_Model__mdt against an org, else the shipped Default)
  --segments <file.json> segment models (docs/model-configuration.md, "Segment models"); against an org
                         without --model, its active Health_Segment__mdt records. Each account is scored by
                         its own model, each model is also reported on its own accounts ("per model"), and
                         --fit fits each model on its own outcomes
  --signals <file.json>  admin-defined signals (Health_Signal__mdt fields) with --input: values from the
                         dataset's file of each signal's object; --fit suggests each signal's weight
  --out <folder>         where the report (and fitted model) go (default reports/backtest)
  --quiet                no progress output
${ORG_FLAGS_HELP}

Exit codes: 0 ok, 1 internal error, 2 bad usage or unreadable input, 3 authentication, 6 org refused.
`;

const BACKTEST_FLAGS = {
    ...ORG_FLAGS,
    input: 'string',
    synthetic: 'string',
    seed: 'string',
    world: 'string',
    horizons: 'string',
    fit: 'boolean',
    'train-share': 'string',
    model: 'string',
    segments: 'string',
    signals: 'string',
    out: 'string',
    quiet: 'boolean'
} as const;

export interface BacktestCommandOptions {
    io?: CommandIO;
    /** today (YYYY-MM-DD); the command reads the clock only here */
    today?: string;
}

function usage(message: string, hint = 'see health-score backtest --help'): UsageError {
    return new UsageError('BACKTEST_USAGE', message, hint);
}

function parseHorizons(value: string | boolean | undefined): number[] {
    if (value === undefined) return [...DEFAULT_HORIZONS];
    const text = String(value);
    const horizons = text.split(',').map((part) => Number(part.trim()));
    if (horizons.some((h) => !Number.isInteger(h) || h < 1 || h > 3650))
        throw usage(
            `--horizons "${text}" must be whole numbers of days from 1 to 3650 separated by commas (at 0 the backtest would score the outcome itself)`,
            'e.g. --horizons 60,90'
        );
    return [...new Set(horizons)];
}

function loadModel(file: string | boolean | undefined): ModelConfig {
    if (file === undefined) return { ...DEFAULT_MODEL_CONFIG };
    const path = String(file);
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new UsageError(
            'MODEL_FILE_UNREADABLE',
            `cannot read model file ${path}: ${error instanceof Error ? error.message : String(error)}`,
            'pass a JSON file of model configuration keys (docs/model-configuration.md), e.g. the one --fit writes'
        );
    }
    return parseModelConfig(raw, path);
}

function loadSegmentsFile(path: string) {
    let raw: unknown;
    try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
        throw new UsageError(
            'SEGMENTS_FILE_UNREADABLE',
            `cannot read segments file ${path}: ${error instanceof Error ? error.message : String(error)}`,
            'pass a JSON file {"segments": [...]} (docs/dataset-format.md)'
        );
    }
    return parseSegmentsJson(raw, path);
}

const ORG_SOURCE_FLAGS = ['target-org', 'client-id', 'jwt-key-file', 'username'];

async function readSource(
    flags: Flags,
    io: CommandIO,
    note: (message: string) => void,
    onSession: (session: Session) => void
): Promise<{
    dataset: RawDataset;
    source: string;
    orgModel?: ModelConfig;
    orgSelector?: ModelSelector | null;
}> {
    const orgGiven = ORG_SOURCE_FLAGS.some((flag) => flags[flag] !== undefined);
    const given = [flags.input !== undefined, flags.synthetic !== undefined, orgGiven].filter(Boolean).length;
    if (given > 1) throw usage('give only one source: --input <folder>, --synthetic <n> or an org');
    if (flags.input !== undefined) {
        const folder = String(flags.input);
        return { dataset: await readDatasetFolder(folder), source: `dataset ${folder}` };
    }
    if (flags.synthetic !== undefined) {
        const accounts = Number(flags.synthetic);
        const seed = flags.seed === undefined ? 1 : Number(flags.seed);
        if (!Number.isInteger(accounts) || accounts < 1)
            throw usage(
                `--synthetic "${String(flags.synthetic)}" must be a number of accounts`,
                'e.g. --synthetic 2000'
            );
        if (!Number.isInteger(seed)) throw usage(`--seed "${String(flags.seed)}" must be a whole number`);
        const world = flags.world === undefined ? 'standard' : String(flags.world);
        if (world !== 'standard' && world !== 'independent')
            throw usage(`--world "${world}" must be standard or independent`);
        return world === 'independent'
            ? {
                  dataset: generateChurnWorld({ accounts, seed }).records,
                  source: `independent synthetic world (${accounts} accounts, seed ${seed})`
              }
            : {
                  dataset: generateSynthetic({ accounts, seed }).records,
                  source: `synthetic portfolio (${accounts} accounts, seed ${seed})`
              };
    }
    if (!orgGiven && !io.env.SF_ACCESS_TOKEN)
        throw usage(
            'no history to backtest',
            'give --input <dataset folder>, --synthetic <n>, or an org (--target-org <alias>)'
        );
    const { session, client } = await openClient(flags, io, note);
    onSession(session);
    note(`reading history from ${session.describe}`);
    // without --model, score with the model the org runs (its active Health_Model__mdt)
    const orgModel = flags.model === undefined ? await readActiveModel(client, note) : undefined;
    if (orgModel) note(`model: ${orgModel.source}`);
    const orgSelector =
        orgModel && flags.segments === undefined
            ? (await readSegments(client, orgModel.records, orgModel.config, note)).selector
            : null;
    const dataset = await readOrgHistory(client, (object, count) => note(`  ${object}: ${count} records`));
    note(`  ${client.requests} API requests`);
    return {
        dataset,
        source: `org ${session.describe}`,
        ...(orgModel ? { orgModel: orgModel.config } : {}),
        orgSelector
    };
}

export async function runBacktestCommand(
    argv: readonly string[],
    options: BacktestCommandOptions = {}
): Promise<number> {
    const io = options.io ?? processIO();
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    let json = argv.includes('--json');
    let session: Session | undefined;
    try {
        const { flags, positionals } = parseFlags(argv, BACKTEST_FLAGS, 'backtest');
        json = flags.json === true;
        if (flags.help) {
            io.stdout.write(BACKTEST_USAGE);
            return ExitCode.Ok;
        }
        if (positionals.length) throw usage(`unexpected argument ${positionals[0]}`);
        const note = (message: string) => {
            if (!flags.quiet) io.stderr.write(`${message}\n`);
        };
        const horizons = parseHorizons(flags.horizons);
        const trainShare = flags['train-share'] === undefined ? 0.7 : Number(flags['train-share']);
        if (!(trainShare > 0 && trainShare < 1))
            throw usage(
                `--train-share "${String(flags['train-share'])}" must be between 0 and 1`,
                'e.g. --train-share 0.7'
            );
        const fileModel = loadModel(flags.model);
        const out = flags.out === undefined ? join('reports', 'backtest') : String(flags.out);

        const { dataset, source, orgModel, orgSelector } = await readSource(
            flags,
            io,
            note,
            (opened) => (session = opened)
        );
        const config = orgModel ?? fileModel;
        if (flags.signals !== undefined && flags.input === undefined)
            throw usage('--signals reads its values from the dataset folder: give --input <folder>');
        const signalSources = flags.signals !== undefined ? loadSignalsFile(String(flags.signals)) : [];
        const signals: BacktestSignals | null =
            flags.signals !== undefined
                ? {
                      definitions: signalSources.map((s) => s.definition),
                      values: await readSignalValues(String(flags.input), signalSources)
                  }
                : null;
        const selector =
            flags.segments !== undefined
                ? new ModelSelector(config, loadSegmentsFile(String(flags.segments)))
                : (orgSelector ?? null);
        const run = runBacktest({
            dataset,
            // With segments the whole portfolio is scored as the sync scores it (each account by its own model);
            // fitting happens per model below.
            scorer: selector ? segmentScorer(selector, dataset, signals) : engineScorerWith(signals),
            config,
            horizons,
            fit: flags.fit === true && !selector,
            trainShare,
            fittedOn: today,
            validateConfig: (fitted) => parseModelConfig(fitted, 'fitted model'),
            keyRules: engineKeyRules,
            source,
            generatedOn: today,
            onProgress: (done, total) => {
                if (done % 5000 === 0) note(`  scored ${done} of ${total}`);
            }
        });
        mkdirSync(out, { recursive: true });
        if (run.fittedConfig && run.report.fit) {
            const files = writeFittedModel(run.fittedConfig, out, today);
            run.report.fit.files = [files.recordFile, files.jsonFile].map((file) => {
                const local = relative(process.cwd(), file);
                return local && !local.startsWith('..') ? local : file;
            });
        }
        const perModel = selector
            ? backtestPerModel(
                  dataset,
                  selector,
                  {
                      horizons,
                      fit: flags.fit === true,
                      trainShare,
                      fittedOn: today,
                      validateConfig: (fitted) => parseModelConfig(fitted, 'fitted model'),
                      keyRules: engineKeyRules,
                      source,
                      generatedOn: today
                  },
                  out,
                  signals
              )
            : null;
        const signalFits =
            signals && flags.fit === true && signals.definitions.length > 0
                ? fitSignalWeights(dataset, config, signals, {
                      horizonDays: horizons[0] as number,
                      trainShare,
                      ...(selector
                          ? { scorerFor: (s: BacktestSignals) => segmentScorer(selector, dataset, s) }
                          : {})
                  })
                : null;
        const report = {
            ...run.report,
            ...(perModel ? { perModel } : {}),
            ...(signalFits ? { signals: signalFits } : {})
        };
        const htmlFile = join(out, 'backtest-report.html');
        const jsonFile = join(out, 'backtest-report.json');
        const html = renderHtmlReport(run.report);
        writeFileSync(htmlFile, perModel ? withPerModel(html, perModel) : html);
        writeFileSync(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
        if (json)
            io.stdout.write(
                `${JSON.stringify({ ok: true, files: { html: htmlFile, json: jsonFile }, report })}\n`
            );
        else
            io.stdout.write(
                `${formatTerminalSummary(run.report)}${perModel ? `\n\n${formatPerModel(perModel)}` : ''}${signalFits ? `\n\n${formatSignalFits(signalFits)}` : ''}\n\nReport: ${htmlFile}\n`
            );
        return ExitCode.Ok;
    } catch (error) {
        return reportError(asUsageError(error), io, json, session);
    }
}

/** Bad input files and model configurations are the user's to fix: exit 2 with the reader's own hint. */
function asUsageError(error: unknown): unknown {
    if (error instanceof DatasetError) {
        const { file, record } = error.location;
        const where = `${file}, ${record}${error.field ? `, field ${error.field}` : ''}`;
        return new UsageError(error.code, `${where}: ${error.problem}`, error.hint);
    }
    if (error instanceof ModelConfigError) return new UsageError(error.code, error.message, error.hint);
    if (error instanceof SignalDefinitionError)
        return new UsageError(
            'SIGNALS_INVALID',
            error.message,
            'fix the signals file (docs/dataset-format.md)'
        );
    if (error instanceof SegmentError)
        return new UsageError(
            'SEGMENTS_INVALID',
            error.message,
            'fix the segments file (docs/model-configuration.md, "Segment models")'
        );
    return error;
}
