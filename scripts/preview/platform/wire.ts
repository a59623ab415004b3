/**
 * A wire adapter over the preview org: provides `{ data }` or `{ error }` like the platform's LDS and Apex
 * adapters, asynchronously, and again whenever the org changes.
 */
import { onChange } from './org';

export type WireValue = { data?: unknown; error?: unknown };
/** Returns null while the config is incomplete (a reactive '$prop' still undefined). */
export type Provider<Config> = (config: Config) => WireValue | null;

export function wireAdapter<Config>(provide: Provider<Config>) {
    return class PreviewWireAdapter {
        private config: Config | undefined;
        private connected = false;
        private unsubscribe: (() => void) | undefined;

        constructor(private readonly callback: (value: WireValue) => void) {}

        update(config: Config): void {
            this.config = config;
            this.emit();
        }

        connect(): void {
            this.connected = true;
            this.unsubscribe = onChange(() => this.emit());
            this.emit();
        }

        disconnect(): void {
            this.connected = false;
            this.unsubscribe?.();
        }

        private emit(): void {
            const config = this.config;
            if (!this.connected || config === undefined) return;
            queueMicrotask(() => {
                let value: WireValue | null;
                try {
                    value = provide(config);
                } catch (error: unknown) {
                    value = {
                        error: { body: { message: error instanceof Error ? error.message : String(error) } }
                    };
                }
                if (value) this.callback(value);
            });
        }
    };
}
