/**
 * The flow scanner finds nothing in the playbook flows, and it does find the mistakes these flows avoid
 * when they are put back in (so a clean result means something, scheduled path included).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { FLOWS_DIR } from './flowModel';
import { scanFlows } from './scan';

const PLAYBOOK = join(FLOWS_DIR, 'Account_Health_Playbook.flow-meta.xml');
const ESCALATION = join(FLOWS_DIR, 'Account_Health_Yellow_Escalation.flow-meta.xml');

let scratch: string;
beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'flow-scan-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes a changed copy of a flow (same file name, so the flow name is kept) into its own folder. */
function mutated(file: string, label: string, change: (xml: string) => string): string {
    const original = readFileSync(file, 'utf8');
    const changed = change(original);
    expect(changed).not.toBe(original);
    const dir = join(scratch, label);
    mkdirSync(dir, { recursive: true });
    const copy = join(dir, basename(file));
    writeFileSync(copy, changed);
    return copy;
}

/** Removes the fault connector of the element called `name`. */
function withoutFaultPath(xml: string, name: string): string {
    const at = xml.indexOf(`<name>${name}</name>`);
    const start = xml.indexOf('<faultConnector>', at);
    const end = xml.indexOf('</faultConnector>', start) + '</faultConnector>'.length;
    return xml.slice(0, start) + xml.slice(end);
}

/** Re-points the (first) connector of `from` to `to`. */
function reconnect(xml: string, from: string, to: string): string {
    const at = xml.indexOf(`<name>${from}</name>`);
    const start = xml.indexOf('<connector>', at);
    const end = xml.indexOf('</connector>', start);
    return `${xml.slice(0, start)}<connector><targetReference>${to}</targetReference>${xml.slice(end)}`;
}

/** Gives `from` (an element without a normal connector) a connector to `to`. */
function connect(xml: string, from: string, to: string): string {
    const at = xml.indexOf(`<name>${from}</name>`) + `<name>${from}</name>`.length;
    return `${xml.slice(0, at)}<connector><targetReference>${to}</targetReference></connector>${xml.slice(at)}`;
}

describe('flow scanner (flow-scanner-core 6.6.0, default rules)', () => {
    it('reports nothing at all on the playbook flows', async () => {
        expect(await scanFlows([PLAYBOOK, ESCALATION])).toEqual([]);
    }, 30_000);

    it.each([
        ['Account_Health_Playbook', PLAYBOOK, 'Create_Tasks'],
        [
            'Account_Health_Yellow_Escalation (scheduled path Yellow_For_60_Days)',
            ESCALATION,
            'Get_Escalation_Plays'
        ]
    ])(
        'finds a missing fault path in %s',
        async (flow, file, element) => {
            const copy = mutated(file, `fault-${element}`, (xml) => withoutFaultPath(xml, element));
            const findings = await scanFlows([copy]);
            expect(findings).toContainEqual({
                file: copy,
                flow,
                rule: 'MissingFaultPath',
                severity: 'error',
                element
            });
        },
        30_000
    );

    it('finds a Create Records moved into the loop', async () => {
        // Stage_Task -> Create_Tasks -> Loop_Plays: one insert per play and account instead of one per batch.
        const copy = mutated(PLAYBOOK, 'dml-in-loop', (xml) =>
            connect(reconnect(xml, 'Stage_Task', 'Create_Tasks'), 'Create_Tasks', 'Loop_Plays')
        );
        const findings = await scanFlows([copy]);
        expect(findings).toContainEqual(
            expect.objectContaining({
                rule: 'DMLStatementInLoop',
                severity: 'error',
                element: 'Create_Tasks'
            })
        );
    }, 30_000);
});
