/// <reference lib="dom" />
/**
 * @salesforce/apex/<Class>.<method> in the preview: one value that is both a wire adapter (cacheable methods)
 * and a function returning a promise (imperative calls), as on the platform. The implementations are the Apex
 * services re-implemented in ./apex. `?fail=<method>[,<method>]` in the page URL makes a method fail the way
 * the Apex controller does (a generic message with a reference), to see each section's error state.
 */
import { APEX_METHODS } from './apex';
import { wireAdapter } from './wire';

type Impl = (params: Record<string, unknown>) => unknown;

function failing(name: string): boolean {
    if (typeof location === 'undefined') return false;
    const fail = new URLSearchParams(location.search).get('fail') ?? '';
    const method = name.split('.').pop() ?? name;
    return fail.split(',').some((f) => f === name || f === method);
}

function call(name: string, params: Record<string, unknown>): unknown {
    const impl: Impl | undefined = APEX_METHODS[name];
    if (!impl) throw new Error(`${name} has no preview implementation`);
    if (failing(name)) {
        throw new Error(
            'Could not read the data. Try again; if it keeps failing, give your administrator the reference AH-1764547200000-PREV.'
        );
    }
    return impl(params);
}

export function apexMethod(name: string) {
    const Wire = wireAdapter((config: Record<string, unknown>) => {
        if (Object.values(config ?? {}).some((v) => v === undefined)) return null;
        return { data: call(name, config ?? {}) };
    });
    function method(this: unknown, params: unknown): unknown {
        if (new.target) return new Wire(params as (value: unknown) => void);
        return new Promise((resolve, reject) => {
            queueMicrotask(() => {
                try {
                    resolve(call(name, (params ?? {}) as Record<string, unknown>));
                } catch (error: unknown) {
                    reject({ body: { message: error instanceof Error ? error.message : String(error) } });
                }
            });
        });
    }
    return method;
}
