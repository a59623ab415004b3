/**
 * The unlocked-package commands of docs/install.md, replayed offline with the project's own @salesforce/packaging
 * (the library behind `sf package create` and `sf package version create`) against a stub Dev Hub, on a copy
 * of the project: everything up to the upload runs for real (project file rewrite, alias, source conversion,
 * descriptor, zip). Needs the compiled LWC (`npm run build`), which `npm test` runs before the unit tests.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SfProject } from '@salesforce/core';
import { createPackage } from '@salesforce/packaging/lib/package/packageCreate';
import { PackageVersionCreate } from '@salesforce/packaging/lib/package/packageVersionCreate';
import { packageCreateCommand } from '../../scripts/gates/packaging';

jest.setTimeout(120_000);

const REPO = path.resolve(__dirname, '..', '..');
const PACKAGE_ID = '0Ho000000000001AAA';

interface Captured {
    queries: string[];
    creates: Array<{ type: string; request: Record<string, unknown> }>;
}

/** A Dev Hub that answers the calls the two commands make, and records them. */
function stubDevHub(captured: Captured): unknown {
    const query = (soql: string): Promise<{ records: unknown[]; totalSize: number; done: boolean }> => {
        captured.queries.push(soql);
        const records = /FROM Package2 /i.test(soql)
            ? [{ Id: PACKAGE_ID, ContainerOptions: 'Unlocked', IsOrgDependent: false }]
            : /FROM Package2VersionCreateRequest/i.test(soql)
              ? [{ Id: '08c000000000001AAA', Status: 'Queued', Package2Id: PACKAGE_ID, Error: [] }]
              : [];
        return Promise.resolve({ records, totalSize: records.length, done: true });
    };
    return {
        getApiVersion: () => '66.0',
        getUsername: () => 'devhub@example.com',
        autoFetchQuery: query,
        tooling: {
            query,
            autoFetchQuery: query,
            sobject: () => ({
                retrieve: (id: string) =>
                    Promise.resolve({ Id: id, ContainerOptions: 'Unlocked', IsOrgDependent: false }),
                create: (request: Record<string, unknown>) => {
                    captured.creates.push({ type: 'Package2', request });
                    return Promise.resolve({ success: true, id: PACKAGE_ID, errors: [] });
                }
            }),
            create: (type: string, request: Record<string, unknown>) => {
                captured.creates.push({ type, request });
                return Promise.resolve({ success: true, id: '08c000000000001AAA', errors: [] });
            }
        }
    };
}

function listFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory() ? listFiles(path.join(dir, e.name)).map((f) => path.join(e.name, f)) : [e.name]
        );
}

let work = '';
const tmpBefore = new Set(fs.readdirSync(os.tmpdir()));
afterAll(() => {
    SfProject.clearInstances();
    if (work) fs.rmSync(work, { recursive: true, force: true });
    // the version build folder (kept with preserve: true for the assertions below)
    for (const name of fs.readdirSync(os.tmpdir()))
        if (!tmpBefore.has(name) && name.startsWith(PACKAGE_ID))
            fs.rmSync(path.join(os.tmpdir(), name), { recursive: true, force: true });
});

test('sf package create, then sf package version create, as docs/install.md runs them', async () => {
    const command = packageCreateCommand(fs.readFileSync(path.join(REPO, 'docs', 'install.md'), 'utf8'));
    expect(command).toEqual({ name: 'AccountHealthScore', type: 'Unlocked', path: 'force-app' });

    work = fs.mkdtempSync(path.join(os.tmpdir(), 'packaging-'));
    for (const file of ['sfdx-project.json', '.forceignore'])
        fs.copyFileSync(path.join(REPO, file), path.join(work, file));
    fs.cpSync(path.join(REPO, 'force-app'), path.join(work, 'force-app'), { recursive: true });

    const captured: Captured = { queries: [], creates: [] };
    const devHub = stubDevHub(captured) as Parameters<typeof createPackage>[0];

    SfProject.clearInstances();
    await createPackage(devHub, await SfProject.resolve(work), {
        name: command!.name,
        packageType: 'Unlocked',
        path: command!.path,
        noNamespace: true,
        description: 'Explainable Account Health Score',
        orgDependent: false,
        errorNotificationUsername: ''
    });
    const written = JSON.parse(fs.readFileSync(path.join(work, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories: Array<Record<string, unknown>>;
        packageAliases: Record<string, string>;
    };
    expect(written.packageDirectories).toEqual([
        expect.objectContaining({
            path: 'force-app',
            default: true,
            package: 'AccountHealthScore',
            versionNumber: '0.1.0.NEXT'
        })
    ]);
    expect(written.packageAliases).toEqual({ AccountHealthScore: PACKAGE_ID });

    SfProject.clearInstances();
    const project = await SfProject.resolve(work);
    const result = await new PackageVersionCreate({
        connection: devHub,
        project,
        packageId: 'AccountHealthScore',
        installationkeybypass: true,
        codecoverage: true,
        preserve: true
    } as ConstructorParameters<typeof PackageVersionCreate>[0]).createPackageVersion();
    expect(result).toMatchObject({ Id: '08c000000000001AAA', Status: 'Queued' });

    const request = captured.creates.find((c) => c.type === 'Package2VersionCreateRequest')!.request;
    expect(request).toMatchObject({ Package2Id: PACKAGE_ID, CalculateCodeCoverage: true });
    expect(typeof request.VersionInfo).toBe('string');

    // What would be uploaded: every LWC bundle with its compiled JavaScript, no TypeScript.
    const buildRoot = fs
        .readdirSync(os.tmpdir())
        .filter((name) => !tmpBefore.has(name) && name.startsWith(PACKAGE_ID))
        .map((name) => path.join(os.tmpdir(), name))[0]!;
    const metadata = listFiles(path.join(buildRoot, 'md-files'));
    const bundles = fs
        .readdirSync(path.join(REPO, 'force-app', 'main', 'default', 'lwc'))
        .filter((b) => fs.existsSync(path.join(REPO, 'force-app', 'main', 'default', 'lwc', b, `${b}.ts`)));
    expect(bundles.filter((b) => !metadata.includes(path.join('lwc', b, `${b}.js`)))).toEqual([]);
    expect(metadata.filter((f) => f.endsWith('.ts'))).toEqual([]);
    expect(metadata).toContain(path.join('flows', 'Account_Health_Playbook.flow'));
});
