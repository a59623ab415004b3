import { mkdtempSync, readFileSync, existsSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG, modelConfigFromMetadataRecord, parseModelConfig } from '../../engine';
import { OrgEmulator } from '../../emulator/server';
import { runBacktest } from '../../validation/backtest';
import { engineScorer } from '../../validation/engineScorer';
import type { BacktestReport } from '../../validation/report';
import { generateSynthetic, writeDatasetFolder } from '../../validation/synthetic';
import { runBacktestCommand } from './backtest';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `backtest-${name}-`));

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    let stdout = '';
    let stderr = '';
    const code = await runBacktestCommand(args, {
        today: '2026-11-22',
        io: {
            stdout: { write: (text: string) => ((stdout += text), true) },
            stderr: { write: (text: string) => ((stderr += text), true) },
            env
        }
    });
    return { code, stdout, stderr };
}

const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').pop() as string);

describe('health-score backtest', () => {
    const out = temp('fit');
    let fitted: { code: number; stdout: string; stderr: string };

    beforeAll(async () => {
        fitted = await run(['--synthetic', '400', '--seed', '3', '--fit', '--out', out, '--json', '--quiet']);
    }, 60_000);

    it('backtests a synthetic portfolio and writes the report, the record file and the JSON model', () => {
        expect(fitted.code).toBe(0);
        const result = lastJson(fitted.stdout) as { ok: boolean; report: BacktestReport };
        expect(result.ok).toBe(true);
        expect(result.report.outcomes.total).toBe(400);
        expect(result.report.horizons.map((h) => h.horizonDays)).toEqual([60, 90]);
        const html = readFileSync(join(out, 'backtest-report.html'), 'utf8');
        expect(html).toContain('<svg');
        expect(html).not.toMatch(/<script|<link|src="http/); // self-contained
        expect(JSON.parse(readFileSync(join(out, 'backtest-report.json'), 'utf8')).outcomes.total).toBe(400);

        const record = readFileSync(
            join(out, 'customMetadata', 'Health_Model.Fitted_2026_11_22.md-meta.xml'),
            'utf8'
        );
        const values: Record<string, string> = {};
        for (const match of record.matchAll(
            /<field>([^<]+)<\/field>\s*<value xsi:type="[^"]+">([^<]*)<\/value>/g
        ))
            values[match[1] as string] = match[2] as string;
        const fromRecord = modelConfigFromMetadataRecord(values);
        const fromJson = parseModelConfig(
            JSON.parse(readFileSync(join(out, 'health-model-fitted-2026-11-22.json'), 'utf8'))
        );
        expect(fromRecord).toEqual(fromJson);
        expect(fromJson.version).toBe('fitted-2026-11-22');
        expect(result.report.fit?.fittedWeights.usage).toBe(fromJson.usageWeight);
    });

    it('reads a dataset folder and scores with the fitted model given by --model', async () => {
        const folder = temp('dataset');
        writeDatasetFolder(generateSynthetic({ accounts: 150, seed: 4 }).records, folder);
        const result = await run([
            '--input',
            folder,
            '--model',
            join(out, 'health-model-fitted-2026-11-22.json'),
            '--horizons',
            '30,60,90',
            '--out',
            join(folder, 'report')
        ]);
        expect(result.code).toBe(0);
        expect(result.stdout).toContain('(model fitted-2026-11-22)');
        expect(result.stdout).toMatch(/30 days before the outcome/);
        expect(existsSync(join(folder, 'report', 'backtest-report.html'))).toBe(true);
    }, 60_000);

    it('refuses bad usage with exit 2 and a hint', async () => {
        const cases: [string[], RegExp][] = [
            [[], /no history to backtest/],
            [['--synthetic', '10', '--input', 'x'], /only one source/],
            [['--synthetic', '10', '--horizons', '60,soon'], /--horizons/],
            // at 0 days the backtest would score the outcome itself (a renewal closing on the as-of date)
            [
                ['--synthetic', '10', '--horizons', '0'],
                /--horizons "0".*at 0 the backtest would score the outcome itself/
            ],
            [['--synthetic', '10', '--horizons', '60,0'], /--horizons/],
            [['--synthetic', '10', '--world', 'mars'], /--world "mars"/],
            [['--synthetic', 'many'], /--synthetic/],
            [['--synthetic', '10', '--train-share', '1.5'], /--train-share/],
            [['--synthetic', '10', '--colour'], /unknown flag --colour/],
            [['--synthetic', '10', '--model', '/nonexistent.json'], /cannot read model file/]
        ];
        for (const [args, message] of cases) {
            const result = await run(args);
            expect(result.code).toBe(2);
            expect(result.stderr).toMatch(message);
            expect(result.stderr).toMatch(/fix: /);
        }
    });

    it('backtests the independent world and shows the plain regression and the spreadsheet beside the model', async () => {
        const folder = temp('world2');
        const result = await run([
            '--synthetic',
            '150',
            '--world',
            'independent',
            '--out',
            folder,
            '--quiet'
        ]);
        expect(result.code).toBe(0);
        expect(result.stdout).toMatch(/independent synthetic world \(150 accounts, seed 1\)/);
        expect(result.stdout).toMatch(/equal-weight spreadsheet AUC \d\.\d{3} \[/);
        expect(result.stdout).toMatch(/plain logistic regression \d\.\d{3} \[/);
        expect(result.stdout).toMatch(/usage rows matched by Customer_Key__c ignoring letter case/i);
        expect(result.stdout).toMatch(/Records not attached to any account \(left out\): Product_Usage__c 2/);
        const html = readFileSync(join(folder, 'backtest-report.html'), 'utf8');
        expect(html).toContain('Does the model earn its keep?');
        expect(html).toContain('plain logistic regression');
        const json = JSON.parse(readFileSync(join(folder, 'backtest-report.json'), 'utf8')) as BacktestReport;
        expect(json.comparison!.horizons[0]!.models.map((m) => m.name)).toEqual([
            'default',
            'plain',
            'spreadsheet'
        ]);
        expect(json.accounts).toHaveLength(150);
    }, 60_000);

    it('names the file, record and field of a bad dataset value', async () => {
        const folder = temp('bad');
        mkdirSync(folder, { recursive: true });
        writeFileSync(join(folder, 'Account.json'), JSON.stringify([{ Id: '001A', Name: 'Acme' }]));
        writeFileSync(
            join(folder, 'Opportunity.json'),
            JSON.stringify([{ Id: '006A', AccountId: '001A', CloseDate: 'next spring', Type: 'Renewal' }])
        );
        const result = await run(['--input', folder, '--json']);
        expect(result.code).toBe(2);
        const error = lastJson(result.stdout).error as { message: string; hint: string };
        expect(error.message).toMatch(/Opportunity\.json/);
        expect(error.message).toMatch(/CloseDate/);
    });

    it('rejects an invalid model file naming the key', async () => {
        const file = join(temp('model'), 'model.json');
        writeFileSync(file, JSON.stringify({ usageWeight: -5 }));
        const result = await run(['--synthetic', '10', '--model', file]);
        expect(result.code).toBe(2);
        expect(result.stderr).toMatch(/usageWeight/);
    });
});

describe('health-score backtest against an org (local emulator)', () => {
    it('reads the history through the Salesforce seam and matches the offline backtest of the same records', async () => {
        const emulator = new OrgEmulator({ today: '2026-11-20' });
        const url = await emulator.start();
        try {
            const portfolio = generateSynthetic({ accounts: 120, seed: 2 });
            const { User: _users, ...records } = portfolio.records;
            emulator.seed(records);
            const result = await run(['--out', temp('org'), '--json'], {
                SF_ACCESS_TOKEN: emulator.issueToken(),
                SF_INSTANCE_URL: url
            });
            expect(result.code).toBe(0);
            expect(result.stderr).toMatch(/Task: \d+ records/);
            const report = lastJson(result.stdout).report as BacktestReport;
            const offline = runBacktest({
                dataset: records,
                scorer: engineScorer,
                config: { ...DEFAULT_MODEL_CONFIG }
            }).report;
            expect(report.outcomes).toEqual(offline.outcomes);
            expect(report.horizons.map((h) => h.auc)).toEqual(offline.horizons.map((h) => h.auc));
        } finally {
            await emulator.stop();
        }
    }, 60_000);
});
