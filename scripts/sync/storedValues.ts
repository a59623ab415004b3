/**
 * What the org holds in a few fields of many records (the health fields the sync compares its results with), kept as small numbers: each distinct canonical value is stored once and a record's values are codes in
 * one typed array, by a row number the caller owns (the engine's ContactStore row for contacts). A million
 * contacts cost 12 bytes each instead of an Id string, a Map entry and an array of strings per contact.
 */
export class StoredValues {
    /** Code per (row, field): 0 = row not set, 1 = null, k >= 2 = texts[k]. */
    private codes: Int32Array;
    private readonly texts: (string | null)[] = [null, null];
    private readonly codeOf = new Map<string, number>();

    constructor(
        /** Values per row. */
        readonly width: number,
        rows = 1024
    ) {
        this.codes = new Int32Array(Math.max(1, rows) * width);
    }

    /** Remembers a row's values (`values.length` must be `width`). */
    set(row: number, values: readonly (string | null)[]): void {
        if (!Number.isInteger(row) || row < 0)
            throw new RangeError(`row must be a whole number >= 0: ${row}`);
        if (values.length !== this.width)
            throw new RangeError(`expected ${this.width} values, got ${values.length}`);
        const at = row * this.width;
        if (at + this.width > this.codes.length) {
            let length = this.codes.length;
            while (at + this.width > length) length *= 2;
            const grown = new Int32Array(length);
            grown.set(this.codes);
            this.codes = grown;
        }
        for (let i = 0; i < this.width; i++) this.codes[at + i] = this.code(values[i] ?? null);
    }

    /** The row's values as remembered, or undefined when the row was never set. */
    get(row: number): (string | null)[] | undefined {
        if (!Number.isInteger(row) || row < 0) return undefined;
        const at = row * this.width;
        if (at + this.width > this.codes.length || this.codes[at] === 0) return undefined;
        const values: (string | null)[] = [];
        for (let i = 0; i < this.width; i++) values.push(this.texts[this.codes[at + i] as number] ?? null);
        return values;
    }

    /** Distinct non-null values stored. */
    get distinct(): number {
        return this.codeOf.size;
    }

    private code(value: string | null): number {
        if (value === null) return 1;
        let code = this.codeOf.get(value);
        if (code === undefined) {
            code = this.texts.length;
            // A flat copy: the value may be a slice of a whole Bulk result page.
            const own = value.length < 13 ? value : ` ${value}`.slice(1);
            this.texts.push(own);
            this.codeOf.set(own, code);
        }
        return code;
    }
}

/**
 * StoredValues by a text key (an account Id, a snapshot key) instead of a row number: the key's row is kept in
 * one Map. 100,000 accounts' 20 health fields cost ~0.5 KB each (codes, plus the values no other account has)
 * instead of an array of 20 strings each (~1 KB).
 */
export class KeyedValues {
    private readonly rows = new Map<string, number>();
    private readonly values: StoredValues;

    constructor(readonly width: number) {
        this.values = new StoredValues(width);
    }

    /** Remembers a key's values (`values.length` must be `width`); a key set again is replaced. */
    set(key: string, values: readonly (string | null)[]): void {
        let row = this.rows.get(key);
        if (row === undefined) {
            row = this.rows.size;
            // A flat copy: the key may be a slice of a whole Bulk result page.
            this.rows.set(key.length < 13 ? key : ` ${key}`.slice(1), row);
        }
        this.values.set(row, values);
    }

    /** The key's values as remembered, or undefined when the key was never set. */
    get(key: string): (string | null)[] | undefined {
        const row = this.rows.get(key);
        return row === undefined ? undefined : this.values.get(row);
    }

    has(key: string): boolean {
        return this.rows.has(key);
    }

    /** Keys set. */
    get size(): number {
        return this.rows.size;
    }
}
