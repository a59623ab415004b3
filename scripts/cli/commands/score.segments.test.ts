// `health-score score --segments`: segment models offline, on the demo dataset (issue 17).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MODEL_CONFIG } from '../../engine';
import { scoreCommand } from './score';

const REPO = join(__dirname, '..', '..', '..');
const DEMO = join(REPO, 'data', 'demo');

function capture() {
    const out: string[] = [];
    const err: string[] = [];
    return {
        io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
        out: () => out.join(''),
        err: () => err.join('')
    };
}

function file(content: unknown): string {
    const path = join(mkdtempSync(join(tmpdir(), 'segments-')), 'segments.json');
    writeFileSync(path, JSON.stringify(content));
    return path;
}

interface Scored {
    accounts: { name: string; modelVersion: string; score: number | null }[];
}

async function score(...extra: string[]): Promise<Scored> {
    const c = capture();
    expect(await scoreCommand(['--input', DEMO, '--as-of', '2026-11-20', '--json', ...extra], c.io)).toBe(0);
    return JSON.parse(c.out()) as Scored;
}

describe('health-score score --segments', () => {
    const segments = {
        segments: [
            {
                name: 'Enterprise',
                priority: 10,
                criteria: "ARR__c >= 200000 and Industry != 'Retail'",
                model: {
                    version: 'org-enterprise-1',
                    relationshipWeight: 5,
                    usageWeight: 5,
                    supportWeight: 85,
                    commercialWeight: 5
                }
            },
            {
                name: 'Life_Sciences',
                priority: 20,
                criteria: "Industry in ('Healthcare', 'Biotechnology')",
                model: { version: 'org-life-sciences-1', supportWeight: 60 }
            }
        ]
    };

    it('scores each account with its first matching segment model, the rest with the default', async () => {
        const plain = await score();
        const segmented = await score('--segments', file(segments));
        const version = (r: Scored, name: string) => r.accounts.find((a) => a.name === name)?.modelVersion;
        const scoreOf = (r: Scored, name: string) => r.accounts.find((a) => a.name === name)?.score;
        expect(version(segmented, 'Northwind Logistics')).toBe('org-enterprise-1');
        expect(version(segmented, 'Granite Construction')).toBe('org-enterprise-1');
        expect(version(segmented, 'Helix Biotech')).toBe('org-life-sciences-1');
        expect(version(segmented, 'Bluebird Health')).toBe('org-life-sciences-1');
        expect(version(segmented, 'Summit Retail Group')).toBe(DEFAULT_MODEL_CONFIG.version);
        expect(
            segmented.accounts.filter((a) => a.modelVersion === DEFAULT_MODEL_CONFIG.version)
        ).toHaveLength(12);
        // Accounts of the default model score as before; a segment's accounts under their own model.
        expect(scoreOf(segmented, 'Summit Retail Group')).toBe(scoreOf(plain, 'Summit Retail Group'));
        expect(scoreOf(segmented, 'Northwind Logistics')).not.toBe(scoreOf(plain, 'Northwind Logistics'));
    });

    it.each([
        [
            { segments: [{ ...segments.segments[0], criteria: "Tier__c = 'Gold'" }] },
            'Tier__c',
            'which no Account record has'
        ],
        [
            { segments: [{ ...segments.segments[0], criteria: 'ARR__c >= big' }] },
            'Enterprise, ARR__c',
            'text values need single quotes'
        ],
        [
            { segments: [{ ...segments.segments[0], model: { usageWeight: -1 } }] },
            'Enterprise, model',
            'usageWeight'
        ],
        [{ segments: [{ ...segments.segments[0], colour: 'red' }] }, 'colour', 'is not a segment key'],
        [{ nope: [] }, 'segments.json', 'must be {"segments": [...]}']
    ])(
        'refuses a bad segments file with exit 2, naming the segment and field',
        async (content, where, message) => {
            const c = capture();
            expect(
                await scoreCommand(
                    ['--input', DEMO, '--as-of', '2026-11-20', '--segments', file(content)],
                    c.io
                )
            ).toBe(2);
            expect(c.err()).toContain(where);
            expect(c.err()).toContain(message);
        }
    );
});
