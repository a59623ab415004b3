/**
 * Types for the platform modules that @salesforce/lightning-types does not cover (TOOLCHAIN.md): Apex methods,
 * schema tokens, UI API wire adapters, navigation and toasts. Only what these components use, typed as the
 * platform documents it. Not deployed (.forceignore: **\/*.ts).
 */

type WireAdapterConstructor<Config, Value> = import('lwc').WireAdapterConstructor<Config, Value>;

/** What a wire adapter hands to a property or method: data or error, never both. */
interface WireResult<T> {
    data?: T;
    error?: unknown;
}

declare module '@salesforce/apex/Account360Controller.getAccount360' {
    import type { Account360View } from 'c/healthUtils';
    type Params = { accountId: string | undefined };
    const getAccount360: ((params: Params) => Promise<Account360View>) &
        WireAdapterConstructor<Params, WireResult<Account360View>>;
    export default getAccount360;
}

declare module '@salesforce/apex/HealthPortfolioController.getPortfolio' {
    import type { PortfolioFilters, PortfolioView } from 'c/healthUtils';
    type Params = { filters: PortfolioFilters };
    const getPortfolio: ((params: Params) => Promise<PortfolioView>) &
        WireAdapterConstructor<Params, WireResult<PortfolioView>>;
    export default getPortfolio;
}

declare module '@salesforce/apex/HealthAdminController.getConfiguration' {
    const getConfiguration: (() => Promise<unknown>) &
        WireAdapterConstructor<Record<string, never>, WireResult<unknown>>;
    export default getConfiguration;
}

declare module '@salesforce/apex/HealthAdminController.getPreviews' {
    const getPreviews: (() => Promise<unknown>) &
        WireAdapterConstructor<Record<string, never>, WireResult<unknown>>;
    export default getPreviews;
}

declare module '@salesforce/apex/HealthRunStatusController.getRunStatus' {
    import type { RunStatusView } from 'c/healthUtils';
    const getRunStatus: (() => Promise<RunStatusView>) &
        WireAdapterConstructor<Record<string, never>, WireResult<RunStatusView>>;
    export default getRunStatus;
}

declare module '@salesforce/apex/HealthMovementController.getMovement' {
    interface HealthMovementPoint {
        asOf: string;
        score: number | null;
        band: string | null;
        modelVersion: string | null;
        topDrivers: string | null;
    }
    interface HealthMovementView {
        current: HealthMovementPoint | null;
        previous: HealthMovementPoint | null;
        days: number;
    }
    type Params = { accountId: string | undefined; days: number };
    const getMovement: ((params: Params) => Promise<HealthMovementView>) &
        WireAdapterConstructor<Params, WireResult<HealthMovementView>>;
    export default getMovement;
}

declare module '@salesforce/apex' {
    /** Asks the platform to re-run a wired Apex method and re-provision its result. */
    export function refreshApex(wiredResult: unknown): Promise<void>;
}

declare module '@salesforce/schema/*' {
    /** A field or object reference the platform checks at deploy time. */
    const reference: { objectApiName: string; fieldApiName?: string };
    export default reference;
}

declare module 'lightning/uiRecordApi' {
    type SchemaRef = { objectApiName: string; fieldApiName?: string };
    export interface FieldValueRepresentation {
        value: unknown;
        displayValue: string | null;
    }
    export interface RecordRepresentation {
        id: string;
        apiName: string;
        recordTypeId: string | null;
        fields: Record<string, FieldValueRepresentation>;
    }
    export interface RecordInput {
        fields: Record<string, unknown>;
    }
    export const getRecord: WireAdapterConstructor<
        { recordId: string | undefined; fields?: SchemaRef[]; optionalFields?: SchemaRef[] },
        WireResult<RecordRepresentation>
    >;
    export function getFieldValue(
        record: RecordRepresentation | undefined,
        field: SchemaRef | string
    ): unknown;
    export function getFieldDisplayValue(
        record: RecordRepresentation | undefined,
        field: SchemaRef | string
    ): string | null | undefined;
    export function updateRecord(recordInput: RecordInput): Promise<RecordRepresentation>;
    export function notifyRecordUpdateAvailable(items: { recordId: string }[]): Promise<void>;
}

declare module 'lightning/uiRelatedListApi' {
    import type { RecordRepresentation } from 'lightning/uiRecordApi';
    export interface RelatedListRecordCollection {
        records: RecordRepresentation[];
        count: number;
    }
    export const getRelatedListRecords: WireAdapterConstructor<
        {
            parentRecordId: string | undefined;
            relatedListId: string;
            fields?: string[];
            sortBy?: string[];
            pageSize?: number;
        },
        WireResult<RelatedListRecordCollection>
    >;
}

declare module 'lightning/uiObjectInfoApi' {
    export interface PicklistValue {
        label: string;
        value: string;
    }
    export interface PicklistValuesCollection {
        picklistFieldValues: Record<string, { values: PicklistValue[] }>;
    }
    export const getPicklistValuesByRecordType: WireAdapterConstructor<
        { objectApiName: { objectApiName: string } | string; recordTypeId: string | null | undefined },
        WireResult<PicklistValuesCollection>
    >;
}

declare module 'lightning/navigation' {
    import type { LightningElement } from 'lwc';
    export interface PageReference {
        type: string;
        attributes: Record<string, string | undefined>;
        state?: Record<string, string>;
    }
    type Constructor<T> = new (...args: unknown[]) => T;
    const Navigate: unique symbol;
    const GenerateUrl: unique symbol;
    interface NavigationApi {
        [Navigate](pageReference: PageReference, replace?: boolean): void;
        [GenerateUrl](pageReference: PageReference): Promise<string>;
    }
    interface NavigationMixinApi {
        /** The subclass keeps the base's statics (Omit drops only its construct signature). */
        <T extends Constructor<LightningElement>>(
            base: T
        ): Omit<T, 'prototype'> & (new (...args: unknown[]) => InstanceType<T> & NavigationApi);
        readonly Navigate: typeof Navigate;
        readonly GenerateUrl: typeof GenerateUrl;
    }
    export const NavigationMixin: NavigationMixinApi;
}

declare module 'lightning/platformShowToastEvent' {
    export class ShowToastEvent extends CustomEvent<{ title: string; message: string; variant?: string }> {
        constructor(toast: {
            title: string;
            message: string;
            variant?: 'info' | 'success' | 'warning' | 'error';
        });
    }
}

declare module '@salesforce/i18n/locale' {
    /** The user's locale, e.g. "en-US" (BCP 47). */
    const locale: string;
    export default locale;
}

declare module '@salesforce/i18n/currency' {
    /** The user's currency ISO code, e.g. "USD". */
    const currency: string;
    export default currency;
}

declare module '@salesforce/apex/Account360Controller.getPlays' {
    import type { PlaysView } from 'c/healthUtils';
    type Params = { accountId: string | undefined };
    const getPlays: ((params: Params) => Promise<PlaysView>) &
        WireAdapterConstructor<Params, WireResult<PlaysView>>;
    export default getPlays;
}

declare module '@salesforce/apex/Account360Controller.createPlay' {
    import type { PlayTaskView } from 'c/healthUtils';
    const createPlay: (params: { accountId: string; playKey: string }) => Promise<PlayTaskView>;
    export default createPlay;
}

declare module '@salesforce/apex/Account360Controller.completePlay' {
    const completePlay: (params: { taskId: string; outcome: string }) => Promise<void>;
    export default completePlay;
}

declare module '@salesforce/apex/HealthPortfolioController.getPortfolioSummary' {
    import type { PortfolioSummary } from 'c/healthUtils';
    type Params = { scope: string };
    const getPortfolioSummary: ((params: Params) => Promise<PortfolioSummary>) &
        WireAdapterConstructor<Params, WireResult<PortfolioSummary>>;
    export default getPortfolioSummary;
}
