/// <reference lib="dom" />
/**
 * lightning/navigation for the preview: an Account record page opens the preview's account view
 * (#/account/<Id>); other record pages say where they would go in an org.
 */

type PageReference = { type: string; attributes: Record<string, string | undefined> };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- TypeScript requires any[] for a mixin's base constructor
type Constructor<T> = new (...args: any[]) => T;

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

export function urlFor(pageReference: PageReference): string {
    const id = pageReference.attributes.recordId ?? '';
    return id.startsWith('001') ? `#/account/${id}` : `#/record/${id}`;
}

function mixin<T extends Constructor<object>>(Base: T) {
    return class extends Base {
        [Navigate](pageReference: PageReference): void {
            const url = urlFor(pageReference);
            if (url.startsWith('#/account/')) {
                location.hash = url;
            } else {
                window.dispatchEvent(
                    new CustomEvent('preview:navigate', {
                        detail: { recordId: pageReference.attributes.recordId }
                    })
                );
            }
        }

        [GenerateUrl](pageReference: PageReference): Promise<string> {
            return Promise.resolve(urlFor(pageReference));
        }
    };
}

export const NavigationMixin = Object.assign(mixin, { Navigate, GenerateUrl });
export const CurrentPageReference = class {
    constructor(private readonly callback: (value: unknown) => void) {}
    update(): void {}
    connect(): void {
        this.callback({ type: 'standard__navItemPage', attributes: {}, state: {} });
    }
    disconnect(): void {}
};
