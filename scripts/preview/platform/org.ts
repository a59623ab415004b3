/// <reference lib="dom" />
/**
 * The preview's in-browser org: the demo records (embedded by the page as window.__PREVIEW_ORG__) plus change
 * notification, so a record edited through updateRecord re-renders every component wired to it.
 */

export type Row = Record<string, unknown> & { Id: string };

export interface PreviewOrg {
    asOf: string;
    currentUserId: string | null;
    records: Record<string, Row[]>;
    /** Picklist values per `Object.Field`, read from force-app at build time. */
    picklists: Record<string, string[]>;
}

const holder = globalThis as unknown as { __PREVIEW_ORG__?: PreviewOrg };

export function org(): PreviewOrg {
    if (!holder.__PREVIEW_ORG__)
        throw new Error('PREVIEW_NO_ORG: the page did not embed window.__PREVIEW_ORG__');
    return holder.__PREVIEW_ORG__;
}

/** For tests: install an org without a page. */
export function installOrg(value: PreviewOrg): void {
    holder.__PREVIEW_ORG__ = value;
}

export function rows(object: string): Row[] {
    return org().records[object] ?? [];
}

export function findRecord(id: string): { object: string; row: Row } | null {
    for (const [object, list] of Object.entries(org().records)) {
        const row = list.find((r) => r.Id === id);
        if (row) return { object, row };
    }
    return null;
}

export function userName(id: unknown): string | null {
    if (typeof id !== 'string') return null;
    const user = rows('User').find((u) => u.Id === id);
    return typeof user?.Name === 'string' ? user.Name : null;
}

/** The preview "logged-in" user: ?user=<Id> in the page URL, else the org's default. */
export function currentUserId(): string | null {
    const fromUrl = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('user');
    return fromUrl ?? org().currentUserId;
}

/** Today in the preview: the page pins the clock to the dataset's as-of date. */
export function today(): string {
    const now = new Date();
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const listeners = new Set<() => void>();

export function onChange(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

export function notifyChange(): void {
    for (const listener of [...listeners]) listener();
}

export const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
export const num = (v: unknown): number | null => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
    return null;
};
export const bool = (v: unknown): boolean => v === true || v === 'true';
