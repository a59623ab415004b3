/**
 * Connection faults for the org emulator: what a flaky network or a busy org does to a request, as opposed to an
 * error the org answers with (those are `RequestFault`s in server.ts).
 *
 * - `drop`: the connection is closed before the request is processed (the org never saw it).
 * - `lose`: the request IS processed (a job is created, a CSV stored, a record updated), then the connection is
 *   closed instead of answering: the client cannot tell this from `drop`, so its retry must be safe either way.
 * - `hang`: the request is never answered and never processed (the client must time out).
 * - `hang-after`: the request is processed, then never answered.
 *
 * The injector also keeps a log of every request it saw and whether the emulator processed it, so a test can
 * count, for example, how many uploads a Bulk job really received.
 */
import type * as http from 'node:http';

export type ConnectionFaultKind = 'drop' | 'lose' | 'hang' | 'hang-after';

export interface ConnectionFault {
    kind: ConnectionFaultKind;
    /** HTTP method (any when absent). */
    method?: string;
    /** Substring or pattern of the path after /services/data/vXX.X (any when absent). */
    path?: string | RegExp;
    /** How many matching requests to fault. */
    times: number;
    /** Let this many matching requests through first (fault the 2nd, 3rd... occurrence). */
    skip?: number;
}

export interface RequestLogEntry {
    method: string;
    route: string;
    /** False when a fault stopped the request before the emulator processed it. */
    processed: boolean;
    fault?: ConnectionFaultKind;
}

export class FaultInjector {
    readonly faults: ConnectionFault[] = [];
    readonly log: RequestLogEntry[] = [];

    add(...faults: ConnectionFault[]): this {
        this.faults.push(...faults);
        return this;
    }

    clear(): void {
        this.faults.length = 0;
        this.log.length = 0;
    }

    /** Faults not yet used up. */
    get pending(): number {
        return this.faults.reduce((n, f) => n + Math.max(0, f.times), 0);
    }

    /**
     * Called for every API request before the emulator routes it. Returns true when the request must not be
     * processed (dropped or hung); for `lose`/`hang-after` it returns false and muzzles the response instead.
     */
    intercept(method: string, route: string, res: http.ServerResponse): boolean {
        const fault = this.match(method, route);
        const entry: RequestLogEntry = { method, route, processed: true };
        this.log.push(entry);
        if (!fault) return false;
        entry.fault = fault.kind;
        switch (fault.kind) {
            case 'drop':
                entry.processed = false;
                res.socket?.destroy();
                return true;
            case 'hang':
                // Keep the socket open and never answer; the client's timeout (or the emulator's stop) ends it.
                entry.processed = false;
                return true;
            case 'lose':
                muzzle(res, () => res.socket?.destroy());
                return false;
            case 'hang-after':
                muzzle(res, () => undefined);
                return false;
        }
    }

    private match(method: string, route: string): ConnectionFault | undefined {
        for (const fault of this.faults) {
            if (fault.times <= 0) continue;
            if (fault.method && fault.method.toUpperCase() !== method) continue;
            if (
                fault.path &&
                !(typeof fault.path === 'string' ? route.includes(fault.path) : fault.path.test(route))
            )
                continue;
            if (fault.skip && fault.skip > 0) {
                fault.skip -= 1;
                continue;
            }
            fault.times -= 1;
            return fault;
        }
        return undefined;
    }
}

/** The emulator still does the work, but whatever it answers never reaches the client. */
function muzzle(res: http.ServerResponse, instead: () => void): void {
    const target = res as unknown as Record<string, unknown>;
    target.writeHead = (): http.ServerResponse => res;
    target.setHeader = (): http.ServerResponse => res;
    target.write = (): boolean => true;
    target.end = (): http.ServerResponse => {
        instead();
        return res;
    };
}
