// loadDatasetFolder (streamed, batched seeding for large orgs) must give the emulator exactly the records that
// readDatasetFolder + OrgEmulator.seed give.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultDatasetOptions, generateDataset } from '../bench/dataset';
import { loadDatasetFolder, readDatasetFolder } from './seed';
import { OrgEmulator } from './server';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);

describe('loadDatasetFolder', () => {
    let dir: string;
    beforeAll(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seed-test-'));
        generateDataset({ ...defaultDatasetOptions(30), out: dir });
        // A JSON file next to the CSV files, and a CSV cell with a quote and a line break.
        fs.writeFileSync(
            path.join(dir, 'Account_Health_Snapshot__c.json'),
            JSON.stringify([{ Account__c: '001Bn0000000000AAA', As_Of__c: '2026-10-20', Score__c: 55 }])
        );
        fs.appendFileSync(
            path.join(dir, 'Case.csv'),
            '500Bn00000000ZZAAA,001Bn0000000001AAA,99999999,"Broken ""export"",\nsecond line",2026-11-01T09:30:00.000+0000,false,,Sev2,false,\n'
        );
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('seeds the same records as readDatasetFolder + seed', async () => {
        const old = new OrgEmulator({ today: '2026-11-20', now: () => NOW });
        const oldCounts = old.seed(readDatasetFolder(dir));
        const streamed = new OrgEmulator({ today: '2026-11-20', now: () => NOW });
        const counts = await loadDatasetFolder(streamed.store, dir);
        expect(counts).toEqual(oldCounts);
        expect(Object.keys(counts)).toEqual(Object.keys(oldCounts));
        expect(counts.Task).toBe(3000);
        for (const object of Object.keys(counts)) {
            expect(streamed.records(object)).toEqual(old.records(object));
        }
        const quoted = streamed.records('Case').find((r) => r.Id === '500Bn00000000ZZAAA');
        expect(quoted?.Subject).toBe('Broken "export",\nsecond line');
    });
});
