import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main';
import { DEFAULT_MODEL_CONFIG } from '../../engine';
import { scoreDataset } from '../../dataset/reader';
import { accountJson, formatRanking, rankByPriority, scoreCommand } from './score';
import type { AccountResult } from '../../engine';

const REPO = join(__dirname, '..', '..', '..');
const TINY = join(REPO, 'scripts', 'dataset', '__fixtures__', 'tiny-csv');

function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
        io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
        out: () => out.join(''),
        err: () => err.join('')
    };
}

describe('health-score score', () => {
    it('prints accounts ranked by attention priority with band, score, trend, lifecycle and drivers', async () => {
        const c = capture();
        expect(await scoreCommand(['--input', TINY, '--as-of', '2026-11-20'], c.io)).toBe(0);
        const text = c.out();
        expect(text).toMatch(/Accounts as of 2026-11-20, most urgent first \(2 accounts\)/);
        // Globex (open Sev1, 75 days past due) ranks above Acme.
        expect(text.indexOf('Globex')).toBeLessThan(text.indexOf('Acme, Inc.'));
        // Its decision maker's only interactions were negative: the silence cap (MODEL.md v2 property 12) is the
        // lowest ceiling, so it is the critical risk; the Sev1 case still shows as a driver.
        expect(text).toMatch(/No engagement with any contact on record .*: capped at 39/);
        expect(text).toMatch(/Open Sev1 case 00001234/);
        expect(text).toMatch(/Warm/);
    });

    it('--json prints the full results, ranked', async () => {
        const c = capture();
        expect(await scoreCommand(['--input', TINY, '--as-of=2026-11-20', '--json'], c.io)).toBe(0);
        const parsed = JSON.parse(c.out()) as {
            asOf: string;
            accounts: { accountId: string; drivers: unknown[] }[];
        };
        expect(parsed.asOf).toBe('2026-11-20');
        expect(parsed.accounts.map((a) => a.accountId)).toEqual(['001B', '001A']);
        expect(parsed.accounts[0]?.drivers.length).toBeGreaterThan(0);
    });

    it('uses a --model file and rejects an invalid one naming the field (exit 2)', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'model-'));
        const good = join(dir, 'good.json');
        writeFileSync(good, JSON.stringify({ version: 'custom-1', usageWeight: 0 }));
        const c = capture();
        expect(
            await scoreCommand(['--input', TINY, '--as-of', '2026-11-20', '--json', '--model', good], c.io)
        ).toBe(0);
        expect((JSON.parse(c.out()) as { modelVersion: string }).modelVersion).toBe('custom-1');
        const bad = join(dir, 'bad.json');
        writeFileSync(bad, JSON.stringify({ redThreshold: 80 }));
        const e = capture();
        expect(await scoreCommand(['--input', TINY, '--as-of', '2026-11-20', '--model', bad], e.io)).toBe(2);
        expect(e.err()).toMatch(/bad\.json: redThreshold must be below greenThreshold/);
    });

    it('malformed input: exit 2 with file, record and field', async () => {
        const dir = mkdtempSync(join(tmpdir(), 'dataset-'));
        cpSync(TINY, dir, { recursive: true });
        writeFileSync(join(dir, 'Case.csv'), 'Id,AccountId,CreatedDate\n500,001A,yesterday\n');
        const c = capture();
        expect(await scoreCommand(['--input', dir, '--as-of', '2026-11-20'], c.io)).toBe(2);
        expect(c.err()).toMatch(/Case\.csv, line 2, field CreatedDate: expected a date/);
    });

    it.each([
        [['--as-of', '2026-11-20'], /--input <dataset folder> is required/],
        [['--input', TINY], /--as-of YYYY-MM-DD is required/],
        [['--input', TINY, '--as-of', '2026-02-30'], /not a valid YYYY-MM-DD date/],
        [['--input', TINY, '--as-of', '2026-11-20', '--frobnicate'], /unknown option --frobnicate/],
        [['--input', TINY, '--as-of'], /--as-of needs a value/]
    ])('usage errors exit 2: %j', async (argv, message) => {
        const c = capture();
        expect(await scoreCommand(argv, c.io)).toBe(2);
        expect(c.err()).toMatch(message);
    });
});

describe('score output is streamed, with the same text as the whole-result output', () => {
    const DEMO = join(REPO, 'data', 'demo');
    const argv = ['--input', DEMO, '--as-of', '2026-11-20'];

    async function whole(): Promise<{ text: string; json: string }> {
        const scored = await scoreDataset(DEMO, DEFAULT_MODEL_CONFIG, '2026-11-20');
        const ranked = rankByPriority([...scored.results()]);
        const output = {
            asOf: '2026-11-20',
            modelVersion: DEFAULT_MODEL_CONFIG.version,
            stats: scored.stats,
            read: scored.read,
            inflation: scored.inflation,
            accounts: ranked
        };
        return { text: formatRanking(ranked, '2026-11-20'), json: `${JSON.stringify(output, null, 2)}\n` };
    }

    it('text and --json are byte-identical to formatting every result at once', async () => {
        const expected = await whole();
        const text = capture();
        expect(await scoreCommand(argv, text.io)).toBe(0);
        expect(text.out().startsWith(expected.text)).toBe(true);
        const json = capture();
        expect(await scoreCommand([...argv, '--json'], json.io)).toBe(0);
        expect(json.out()).toBe(expected.json);
        expect(JSON.parse(json.out())).toMatchObject({ accounts: expect.any(Array) });
    });

    it('writes each account as JSON.stringify(document, null, 2) indents it inside "accounts"', async () => {
        const scored = await scoreDataset(DEMO, DEFAULT_MODEL_CONFIG, '2026-11-20');
        const odd = {
            name: 'line\nbreak "quoted" \u2028 é 𝄞',
            empty: [],
            none: {},
            nested: [[], [{}], { a: [1, null, -0, 1.5e-7] }],
            missing: null
        } as unknown as AccountResult;
        for (const result of [...scored.results(), odd]) {
            const document = JSON.stringify({ accounts: [result, result] }, null, 2);
            expect(`{\n  "accounts": [\n${accountJson(result)},\n${accountJson(result)}\n  ]\n}`).toBe(
                document
            );
        }
    });

    it('--top keeps the ranking and says how many more there are', async () => {
        const c = capture();
        expect(await scoreCommand([...argv, '--top', '3'], c.io)).toBe(0);
        const expected = await whole();
        const lines = c.out().split('\n');
        expect(lines.filter((l) => /^\d+ /.test(l))).toHaveLength(3);
        expect(c.out()).toContain('... 13 more (use --json for all)');
        expect(expected.text.startsWith(c.out().split('\n\n...')[0] as string)).toBe(true);
    });

    it('waits for a full pipe to drain instead of buffering the whole output', async () => {
        let queued = 0;
        let waits = 0;
        const chunks: string[] = [];
        const listeners: (() => void)[] = [];
        const stdout = {
            write(text: string): boolean {
                chunks.push(text);
                queued += text.length;
                return queued < 1000;
            },
            once(_event: 'drain', listener: () => void): void {
                waits++;
                listeners.push(listener);
                setImmediate(() => {
                    queued = 0;
                    listeners.shift()?.();
                });
            }
        };
        const err: string[] = [];
        const io = { stdout, stderr: { write: (t: string) => err.push(t) } };
        expect(await scoreCommand([...argv, '--json'], io)).toBe(0);
        expect(waits).toBeGreaterThan(0);
        expect(chunks.join('')).toBe((await whole()).json);
    });
});

describe('health-score dispatcher', () => {
    it('lists the commands on --help (0) and with no command (2); unknown commands exit 2', async () => {
        const c = capture();
        expect(await main(['--help'], c.io as never)).toBe(0);
        expect(c.out()).toMatch(/score\s+score a dataset folder offline/);
        expect(await main([], capture().io as never)).toBe(2);
        const u = capture();
        expect(await main(['nope'], u.io as never)).toBe(2);
        expect(u.err()).toMatch(/unknown command "nope"/);
    });

    it('runs through the bin launcher (tsx)', () => {
        const run = spawnSync(
            process.execPath,
            [
                join(REPO, 'bin', 'health-score.js'),
                'score',
                '--input',
                TINY,
                '--as-of',
                '2026-11-20',
                '--json'
            ],
            {
                encoding: 'utf8',
                cwd: REPO
            }
        );
        expect(run.status).toBe(0);
        expect((JSON.parse(run.stdout) as { accounts: unknown[] }).accounts).toHaveLength(2);
        const bad = spawnSync(process.execPath, [join(REPO, 'bin', 'health-score.js'), 'score'], {
            encoding: 'utf8',
            cwd: REPO
        });
        expect(bad.status).toBe(2);
    });
});
