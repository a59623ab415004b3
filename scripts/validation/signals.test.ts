// Admin-defined signals offline and in the backtest (issue 17): values from the dataset folder, a weight fitted on
// the earlier outcomes and compared on the later ones.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG } from '../engine';
import { scoreCommand } from '../cli/commands/score';
import { runBacktestCommand } from '../cli/commands/backtest';
import { loadSignalsFile, readSignalValues } from '../dataset/signals';
import { fitSignalWeights, formatSignalFits } from './signals';
import { generateSynthetic } from './synthetic';
import { readDatasetFolder } from './mapping';

const NPS = {
    DeveloperName: 'NPS',
    MasterLabel: 'NPS survey',
    Active__c: true,
    Object__c: 'NPS_Response__c',
    Field__c: 'Score__c',
    Account_Field__c: 'Account__c',
    Date_Field__c: 'Responded_On__c',
    Aggregation__c: 'Latest',
    Window_Days__c: 365,
    Direction__c: 'Higher is better',
    Worst_Value__c: 0,
    Best_Value__c: 10,
    Dimension__c: 'Relationship',
    Weight__c: 5
};

function addDays(iso: string, days: number): string {
    return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** A synthetic history with an NPS answer 90 days before each renewal: low before a loss, high before a win. */
function datasetWithNps(): { folder: string; signalsFile: string } {
    const folder = mkdtempSync(join(tmpdir(), 'signals-dataset-'));
    const { records } = generateSynthetic({ accounts: 300, seed: 5 });
    for (const [object, rows] of Object.entries(records))
        writeFileSync(join(folder, `${object}.json`), JSON.stringify(rows));
    let i = 0;
    const responses = (records.Opportunity ?? [])
        .filter((o) => /renewal/i.test(String(o.Type)) && String(o.IsClosed) === 'true')
        .map((o) => ({
            Id: `a0N${String(++i).padStart(12, '0')}`,
            Account__c: o.AccountId,
            Responded_On__c: addDays(String(o.CloseDate).slice(0, 10), -90),
            // mostly right, sometimes wrong: a useful but imperfect signal
            Score__c: (String(o.IsWon) === 'true') !== (i % 5 === 0) ? 9 : 2
        }));
    writeFileSync(join(folder, 'NPS_Response__c.json'), JSON.stringify(responses));
    const signalsFile = join(folder, 'signals.json');
    writeFileSync(signalsFile, JSON.stringify({ signals: [NPS] }));
    return { folder, signalsFile };
}

function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
        io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
        out: () => out.join(''),
        err: () => err.join('')
    };
}

const { folder, signalsFile } = datasetWithNps();

describe('signals offline', () => {
    it('score --input --signals reads the values from the dataset and names the signal in the drivers', async () => {
        const c = capture();
        expect(
            await scoreCommand(
                ['--input', folder, '--as-of', '2026-06-30', '--json', '--signals', signalsFile],
                c.io
            )
        ).toBe(0);
        const result = JSON.parse(c.out()) as {
            stats: { signalValues?: number };
            accounts: { drivers: { code: string; label: string }[] }[];
        };
        expect(result.stats.signalValues).toBeGreaterThan(0);
        const labels = result.accounts.flatMap((a) =>
            a.drivers.filter((d) => d.code === 'SIGNAL_NPS').map((d) => d.label)
        );
        expect(labels.length).toBeGreaterThan(0);
        expect(labels[0]).toMatch(/^NPS survey: (9|2) \(latest, \d+ days? ago\)$/);
    });

    it('refuses a signal whose object file or field is missing, naming it', async () => {
        const badFile = join(folder, 'bad-signals.json');
        writeFileSync(badFile, JSON.stringify({ signals: [{ ...NPS, Field__c: 'Rating__c' }] }));
        const c = capture();
        expect(
            await scoreCommand(['--input', folder, '--as-of', '2026-06-30', '--signals', badFile], c.io)
        ).toBe(2);
        expect(c.err()).toContain('Health_Signal.NPS reads Rating__c, which no NPS_Response__c record has');
        writeFileSync(badFile, JSON.stringify({ signals: [{ ...NPS, Object__c: 'Survey__c' }] }));
        const d = capture();
        expect(
            await scoreCommand(['--input', folder, '--as-of', '2026-06-30', '--signals', badFile], d.io)
        ).toBe(2);
        expect(d.err()).toContain('Health_Signal.NPS reads Survey__c, which has no file');
        writeFileSync(badFile, JSON.stringify({ signals: [{ ...NPS, Weight__c: 0 }] }));
        const e = capture();
        expect(
            await scoreCommand(['--input', folder, '--as-of', '2026-06-30', '--signals', badFile], e.io)
        ).toBe(2);
        expect(e.err()).toContain('Health_Signal.NPS, Weight__c');
    });
});

describe('fitting a signal weight', () => {
    it('suggests more weight for a predictive signal and shows it on the held-out outcomes', async () => {
        const sources = loadSignalsFile(signalsFile);
        const signals = {
            definitions: sources.map((s) => s.definition),
            values: await readSignalValues(folder, sources)
        };
        const dataset = await readDatasetFolder(folder);
        const [fit] = fitSignalWeights(dataset, DEFAULT_MODEL_CONFIG, signals, {
            horizonDays: 60,
            trainShare: 0.7
        });
        expect(fit?.current).toBe(5);
        expect(fit?.candidates.map((c) => c.weight)).toEqual([0, 5, 10, 20, 30, 40, 50]);
        expect(fit?.suggested).toBeGreaterThan(5);
        expect(fit?.heldOut.suggested).toBeGreaterThan(fit?.heldOut.current as number);
        expect(fit?.trainOutcomes).toBeGreaterThan(0);
        expect(fit?.testOutcomes).toBeGreaterThan(0);
        expect(formatSignalFits([fit!])).toMatch(
            /NPS survey \(NPS, relationship\): weight 5 -> suggested \d+; held-out AUC at 60 days/
        );
    });

    it('backtest --signals needs --input', async () => {
        const c = capture();
        expect(
            await runBacktestCommand(
                ['--synthetic', '50', '--signals', signalsFile, '--out', mkdtempSync(join(tmpdir(), 'bt-'))],
                { io: { ...c.io, env: {} } as never }
            )
        ).toBe(2);
        expect(c.err()).toContain('--signals reads its values from the dataset folder');
    });
});
