import { terminalSafe } from './terminal';

/**
 * Progress on long work, written to stderr so stdout stays clean for --json: a redrawn bar on a TTY,
 * plain periodic lines otherwise (schedulers and CI logs), nothing when quiet.
 */
export interface ProgressSink {
    phase(name: string, total?: number): void;
    advance(count: number): void;
    note(message: string): void;
    end(): void;
}

export class Progress implements ProgressSink {
    private name = '';
    private total: number | undefined;
    private done = 0;
    private lastLine = 0;
    private drawn = false;

    constructor(
        private readonly stream: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean },
        private readonly options: { quiet?: boolean; intervalMs?: number; now?: () => number } = {}
    ) {}

    private get tty(): boolean {
        return Boolean(this.stream.isTTY);
    }

    private now(): number {
        return (this.options.now ?? Date.now)();
    }

    phase(name: string, total?: number): void {
        this.finishLine();
        this.name = name;
        this.total = total;
        this.done = 0;
        this.lastLine = this.now();
        if (!this.options.quiet && !this.tty)
            this.stream.write(
                `[sync] ${name}${total !== undefined ? ` (${total.toLocaleString('en-US')})` : ''}\n`
            );
        this.draw();
    }

    advance(count: number): void {
        this.done += count;
        if (this.options.quiet) return;
        if (this.tty) this.draw();
        else if (this.now() - this.lastLine >= (this.options.intervalMs ?? 5000)) {
            this.lastLine = this.now();
            this.stream.write(`[sync] ${this.name}: ${this.count()}\n`);
        }
    }

    note(message: string): void {
        if (this.options.quiet) return;
        this.finishLine();
        this.stream.write(`[sync] ${terminalSafe(message).replace(/\n/g, ' ')}\n`);
        this.draw();
    }

    end(): void {
        if (!this.options.quiet && !this.tty && this.name && this.done > 0)
            this.stream.write(`[sync] ${this.name}: ${this.count()} done\n`);
        this.finishLine();
        this.name = '';
    }

    private count(): string {
        const done = this.done.toLocaleString('en-US');
        return this.total !== undefined ? `${done} of ${this.total.toLocaleString('en-US')}` : `${done} rows`;
    }

    private draw(): void {
        if (this.options.quiet || !this.tty || !this.name) return;
        const width = 24;
        const bar =
            this.total && this.total > 0
                ? `[${'#'.repeat(Math.round((Math.min(this.done, this.total) / this.total) * width)).padEnd(width, '.')}] `
                : '';
        this.stream.write(`\r\x1b[2K${this.name} ${bar}${this.count()}`);
        this.drawn = true;
    }

    private finishLine(): void {
        if (this.drawn) this.stream.write('\n');
        this.drawn = false;
    }
}

export const silentProgress: ProgressSink = {
    phase: () => undefined,
    advance: () => undefined,
    note: () => undefined,
    end: () => undefined
};
