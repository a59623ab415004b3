/**
 * Runs one interview of a playbook flow from its XML, in memory, against a small set of records: the entry
 * condition, Get Records (filters, sort, first record, queried fields), decisions (custom condition logic),
 * assignments, loops, collection filters, Create Records, Custom Error, the email action and the custom
 * notification action (recorded, not delivered).
 *
 * Fidelity limits (what it is not): one interview at a time (no bulkification, no governor limits), no
 * sharing or field-level security, no validation rules or triggers on the created Tasks, and only the formula
 * functions in formula.ts. A real org is still needed for those (docs/playbooks.md).
 */
import { evaluateFormula, FormulaError, mergeText, SfDate, type Scalar } from './formula';
import {
    conditions as readConditions,
    fieldDefinition,
    node,
    readValue,
    recordFilters,
    resource,
    type Condition,
    type Flow,
    type FlowValue,
    type PlaybookRecord
} from './flowModel';
import { all, first, path, textOf, type XmlElement } from './xml';

export interface SObject {
    [field: string]: Scalar | SObject | undefined;
}

/** A custom metadata record from force-app as the SObject a flow's Get Records sees, values typed by its fields. */
export function metadataSObject(objectName: string, record: PlaybookRecord): SObject {
    const out: SObject = { Id: `m00${record.key}`, DeveloperName: record.key, MasterLabel: record.label };
    for (const [field, value] of Object.entries(record.values)) {
        const type = textOf(fieldDefinition(objectName, field), 'type');
        out[field] =
            value === null
                ? null
                : type === 'Checkbox'
                  ? value === 'true'
                  : type === 'Number'
                    ? Number(value)
                    : value;
    }
    return out;
}

/** The records an interview can query, by object API name. */
export type OrgData = Record<string, SObject[]>;

export interface InterviewOptions {
    record: SObject;
    /** The record before the change; omit for a create. */
    prior?: SObject;
    today: string;
    data: OrgData;
    /** Make the Create Records elements fail with this message (all of them, or those in failCreateOf). */
    failCreateWith?: string;
    failCreateOf?: string[];
    /** Make every Send Email action fail with this message (e.g. no verified sending domain). */
    failEmailWith?: string;
    /** Make every Send Custom Notification action fail with this message. */
    failNotificationWith?: string;
}

export interface InterviewResult {
    /** Whether the record met the flow's entry condition (for a scheduled path: whether the path ran). */
    entered: boolean;
    created: SObject[];
    /** Set when a Custom Error rolled the change back. */
    error?: string;
    emails: { to: Scalar; subject: string; body: string }[];
    /** Custom notifications sent (customNotificationAction): type, recipients, title, body, target record. */
    notifications: { typeId: Scalar; recipients: Scalar[]; title: string; body: string; targetId: Scalar }[];
    /** Elements visited, in order. */
    trail: string[];
}

export class SimulationError extends Error {
    readonly code = 'FLOW_SIMULATION';
    constructor(flow: Flow, element: string, message: string) {
        super(`${flow.name} › ${element}: ${message}`);
        this.name = 'SimulationError';
    }
}

/** Fields a Get Records element fetched: reading any other field of its records is a mistake in the flow. */
const QUERIED = Symbol('queried');
type Queried = SObject & { [QUERIED]?: { element: string; fields: Set<string> } };

type Value = Scalar | SObject | SObject[];

class Interview {
    private readonly vars = new Map<string, Value>();
    private readonly collections = new Set<string>();
    /** Declared single Text / Number / Boolean / Date variables. */
    private readonly scalars = new Set<string>();
    private readonly trail: string[] = [];
    private readonly created: SObject[] = [];
    private readonly emails: InterviewResult['emails'] = [];
    private readonly notifications: InterviewResult['notifications'] = [];
    private faultMessage = '';
    private readonly today: SfDate;

    constructor(
        private readonly flow: Flow,
        private readonly options: InterviewOptions
    ) {
        this.today = SfDate.of(options.today);
        // Declared variables start empty (a collection as an empty list, anything else as null) or at their
        // declared default value.
        for (const variable of all(flow.root, 'variables')) {
            const name = textOf(variable, 'name')!;
            const collection = textOf(variable, 'isCollection') === 'true';
            if (collection) this.collections.add(name);
            else if (textOf(variable, 'dataType') !== 'SObject') this.scalars.add(name);
            const initial = first(variable, 'value');
            this.vars.set(
                name,
                collection ? [] : initial ? (this.value(readValue(initial), name) as Value) : null
            );
        }
    }

    run(from: string | undefined): InterviewResult {
        let at = from;
        let steps = 0;
        try {
            while (at) {
                if (++steps > 10_000)
                    throw new SimulationError(
                        this.flow,
                        at,
                        'more than 10,000 steps: a loop that never ends?'
                    );
                this.trail.push(at);
                at = this.step(at);
            }
        } catch (error) {
            if (error instanceof CustomErrorRaised)
                return {
                    entered: true,
                    created: [],
                    error: error.message,
                    emails: this.emails,
                    notifications: this.notifications,
                    trail: this.trail
                };
            throw error;
        }
        return {
            entered: true,
            created: this.created,
            emails: this.emails,
            notifications: this.notifications,
            trail: this.trail
        };
    }

    private step(name: string): string | undefined {
        const element = node(this.flow, name);
        const xml = element.xml;
        const connector = (tag = 'connector') => textOf(first(xml, tag), 'targetReference');
        switch (element.kind) {
            case 'recordLookups':
                return this.lookup(name, xml) ?? connector();
            case 'decisions': {
                for (const rule of all(xml, 'rules'))
                    if (this.holds(readConditions(rule), textOf(rule, 'conditionLogic')!, name))
                        return textOf(first(rule, 'connector'), 'targetReference');
                return connector('defaultConnector');
            }
            case 'assignments':
                for (const item of all(xml, 'assignmentItems')) this.assign(item, name);
                return connector();
            case 'loops':
                return this.loop(name, xml);
            case 'collectionProcessors':
                this.filter(name, xml);
                return connector();
            case 'recordCreates': {
                const reference = textOf(xml, 'inputReference');
                const input = reference
                    ? (this.get(reference, name) as SObject[])
                    : [this.fromInputAssignments(xml, name)];
                const failing = this.options.failCreateOf?.includes(name) ?? true;
                if (this.options.failCreateWith !== undefined && failing) {
                    this.faultMessage = this.options.failCreateWith;
                    return (
                        connector('faultConnector') ??
                        this.fail(name, 'insert failed and there is no fault path')
                    );
                }
                input.forEach((record, index) =>
                    this.created.push({ ...record, Id: `00T${String(index).padStart(15, '0')}` })
                );
                return connector();
            }
            case 'customErrors': {
                const message = textOf(path(xml, 'customErrorMessages'), 'errorMessage')!;
                throw new CustomErrorRaised(mergeText(message, (reference) => this.scalar(reference, name)));
            }
            case 'actionCalls':
                return this.action(name, xml) ?? connector();
            default:
                return this.fail(name, `element kind ${element.kind} is not simulated`);
        }
    }

    private fail(element: string, message: string): never {
        throw new SimulationError(this.flow, element, message);
    }

    // ---- values -------------------------------------------------------------------------------------

    private get(reference: string, element: string): Value {
        const [head, ...fields] = reference.split('.');
        let value: Value | undefined;
        if (head === '$Record') value = this.options.record;
        else if (head === '$Record__Prior')
            value = this.options.prior ?? this.fail(element, '$Record__Prior on a create');
        else if (head === '$Flow') {
            if (fields[0] === 'CurrentDate') return this.today;
            if (fields[0] === 'FaultMessage') return this.faultMessage;
            return this.fail(element, `unknown ${reference}`);
        } else if (this.vars.has(head!)) value = this.vars.get(head!);
        else if (this.isResource(head!)) value = this.resourceValue(head!, element);
        else if (this.flow.nodes.has(head!))
            value = null; // an element that has not run yet stores nothing
        else return this.fail(element, `unknown reference ${reference}`);
        for (const field of fields) {
            if (value === null || value === undefined) return null;
            if (typeof value !== 'object' || Array.isArray(value) || value instanceof SfDate)
                return this.fail(element, `${reference}: ${field} of a non-record`);
            const queried = (value as Queried)[QUERIED];
            if (queried && !queried.fields.has(field))
                return this.fail(element, `${reference}: ${field} was not queried by ${queried.element}`);
            value = (value as SObject)[field] ?? null;
        }
        return value ?? null;
    }

    private scalar(reference: string, element: string): Scalar {
        const value = this.get(reference, element);
        if (value !== null && typeof value === 'object' && !(value instanceof SfDate))
            return this.fail(element, `${reference} is a record or collection, not a value`);
        return value;
    }

    private isResource(name: string): boolean {
        return ['formulas', 'textTemplates'].some((kind) =>
            all(this.flow.root, kind).some((candidate) => textOf(candidate, 'name') === name)
        );
    }

    private resourceValue(name: string, element: string): Scalar {
        const { dataType, text } = resource(this.flow, name);
        if (dataType === 'Text') return mergeText(text, (reference) => this.scalar(reference, name));
        try {
            return evaluateFormula(text, {
                resolve: (reference) => this.scalar(reference, name),
                resolvePrior: (reference) =>
                    this.scalar(reference.replace(/^\$Record\./, '$Record__Prior.'), name)
            });
        } catch (error) {
            if (error instanceof FormulaError) return this.fail(element, `formula ${name}: ${error.message}`);
            throw error;
        }
    }

    private value(flowValue: FlowValue, element: string): Value {
        if ('ref' in flowValue) return this.get(flowValue.ref, element);
        if ('string' in flowValue) return flowValue.string;
        if ('number' in flowValue) return flowValue.number;
        if ('boolean' in flowValue) return flowValue.boolean;
        return null;
    }

    // ---- elements -----------------------------------------------------------------------------------

    private holds(checks: Condition[], logic: string, element: string): boolean {
        const results = checks.map((check) => this.check(check, element));
        if (logic.toLowerCase() === 'and') return results.every(Boolean);
        if (logic.toLowerCase() === 'or') return results.some(Boolean);
        try {
            return customLogic(logic, results);
        } catch (error) {
            return this.fail(element, `condition logic ${logic}: ${(error as Error).message}`);
        }
    }

    private check(condition: Condition, element: string): boolean {
        const left = this.get(condition.left, element);
        const right = this.value(condition.right, element);
        const blank = (value: Value) => value === null || value === '';
        switch (condition.operator) {
            case 'EqualTo':
                return blank(left) || blank(right) ? blank(left) && blank(right) : sameValue(left, right);
            case 'NotEqualTo':
                return !(blank(left) || blank(right) ? blank(left) && blank(right) : sameValue(left, right));
            case 'IsNull':
                return blank(left) === right;
            case 'IsEmpty':
                return (left === null || (Array.isArray(left) && left.length === 0)) === right;
            case 'GreaterThan':
            case 'GreaterThanOrEqualTo':
            case 'LessThan':
            case 'LessThanOrEqualTo': {
                if (blank(left) || blank(right)) return false;
                const a = left instanceof SfDate ? left.epochDay : (left as number);
                const b = right instanceof SfDate ? right.epochDay : (right as number);
                if (condition.operator === 'GreaterThan') return a > b;
                if (condition.operator === 'GreaterThanOrEqualTo') return a >= b;
                if (condition.operator === 'LessThan') return a < b;
                return a <= b;
            }
            default:
                return this.fail(element, `operator ${condition.operator} is not simulated`);
        }
    }

    private lookup(name: string, xml: XmlElement): string | undefined {
        const objectName = textOf(xml, 'object')!;
        const logic = textOf(xml, 'filterLogic') ?? 'and';
        if (logic !== 'and') return this.fail(name, `filter logic ${logic} is not simulated`);
        const filters = recordFilters(xml).map((filter) => ({
            ...filter,
            value: this.value(filter.value, name)
        }));
        let rows = (this.options.data[objectName] ?? []).filter((row) =>
            filters.every((filter) => {
                const field = row[filter.field] ?? null;
                if (filter.operator === 'EqualTo') return sameValue(field as Value, filter.value);
                if (filter.operator === 'NotEqualTo') return !sameValue(field as Value, filter.value);
                if (filter.operator === 'IsNull') return (field === null || field === '') === filter.value;
                if (filter.operator === 'In')
                    return Array.isArray(filter.value) && (filter.value as unknown[]).includes(field);
                if (filter.operator === 'GreaterThanOrEqualTo' || filter.operator === 'LessThanOrEqualTo') {
                    if (field === null || filter.value === null) return false;
                    const day = (v: unknown): number =>
                        v instanceof SfDate
                            ? v.epochDay
                            : typeof v === 'string'
                              ? SfDate.of(v).epochDay
                              : Number(v);
                    const [a, b] = [day(field), day(filter.value)];
                    return filter.operator === 'GreaterThanOrEqualTo' ? a >= b : a <= b;
                }
                return this.fail(name, `filter operator ${filter.operator} is not simulated`);
            })
        );
        const sortField = textOf(xml, 'sortField');
        if (sortField) {
            const direction = textOf(xml, 'sortOrder') === 'Desc' ? -1 : 1;
            rows = [...rows].sort(
                (a, b) => direction * compareForSort(a[sortField] as Scalar, b[sortField] as Scalar)
            );
        }
        const queriedFields = all(xml, 'queriedFields').map((field) => field.text.trim());
        const projected = rows.map((row) => {
            if (!queriedFields.length) return { ...row };
            const copy: Queried = {};
            for (const field of queriedFields) copy[field] = row[field] ?? null;
            copy[QUERIED] = { element: name, fields: new Set(queriedFields) };
            return copy;
        });
        if (textOf(xml, 'storeOutputAutomatically') !== 'true')
            return this.fail(name, 'only automatic output is simulated');
        this.vars.set(
            name,
            textOf(xml, 'getFirstRecordOnly') === 'true' ? (projected[0] ?? null) : projected
        );
        return undefined;
    }

    private assign(item: XmlElement, element: string): void {
        const target = textOf(item, 'assignToReference')!;
        const operator = textOf(item, 'operator')!;
        const value = this.value(readValue(first(item, 'value')), element);
        const [head, ...fields] = target.split('.');
        if (operator === 'Add' && !fields.length && this.scalars.has(head!)) {
            // Add on a single Number adds; on a single Text it appends (Flow Builder, Assignment operators).
            const current = this.vars.get(head!) ?? null;
            if (typeof value === 'number' || typeof current === 'number')
                this.vars.set(head!, Number(current ?? 0) + Number(value ?? 0));
            else this.vars.set(head!, `${(current as string | null) ?? ''}${(value as string | null) ?? ''}`);
            return;
        }
        if (operator === 'Add') {
            const list = (this.vars.get(head!) as SObject[] | undefined) ?? [];
            // Flow adds a copy of a record variable, so later changes to the variable do not alter the list.
            list.push(
                value !== null && typeof value === 'object' && !Array.isArray(value)
                    ? { ...(value as SObject) }
                    : (value as never)
            );
            this.vars.set(head!, list);
            return;
        }
        if (operator === 'RemoveAll') {
            // Removes every occurrence of the value from the collection (used before Add to keep it unique).
            const list = (this.vars.get(head!) as SObject[] | undefined) ?? [];
            this.vars.set(
                head!,
                list.filter((item) => (item as unknown) !== value)
            );
            return;
        }
        if (operator !== 'Assign') this.fail(element, `assignment operator ${operator} is not simulated`);
        if (!fields.length) {
            this.vars.set(head!, value);
            return;
        }
        const record = (this.vars.get(head!) as SObject | undefined) ?? {};
        record[fields.join('.')] = value as Scalar;
        this.vars.set(head!, record);
    }

    private readonly loopState = new Map<string, number>();

    private loop(name: string, xml: XmlElement): string | undefined {
        const items = (this.get(textOf(xml, 'collectionReference')!, name) as SObject[] | null) ?? [];
        const index = this.loopState.get(name) ?? 0;
        if (index < items.length) {
            this.loopState.set(name, index + 1);
            this.vars.set(name, items[index]!);
            return textOf(first(xml, 'nextValueConnector'), 'targetReference');
        }
        this.loopState.delete(name);
        this.vars.delete(name);
        return textOf(first(xml, 'noMoreValuesConnector'), 'targetReference');
    }

    private filter(name: string, xml: XmlElement): void {
        if (textOf(xml, 'collectionProcessorType') !== 'FilterCollectionProcessor')
            this.fail(name, 'only collection filters are simulated');
        const items = (this.get(textOf(xml, 'collectionReference')!, name) as SObject[] | null) ?? [];
        const current = textOf(xml, 'assignNextValueToReference')!;
        const logic = textOf(xml, 'conditionLogic')!;
        const kept = items.filter((item) => {
            this.vars.set(current, item);
            return this.holds(readConditions(xml), logic, name);
        });
        this.vars.delete(current);
        this.vars.set(name, kept);
    }

    /** A Create Records element that sets fields one by one (inputAssignments) creates one record. */
    private fromInputAssignments(xml: XmlElement, name: string): SObject {
        const record: SObject = { attributes: { type: textOf(xml, 'object') } } as unknown as SObject;
        for (const assignment of all(xml, 'inputAssignments')) {
            const value = readValue(first(assignment, 'value'));
            record[textOf(assignment, 'field')!] =
                'string' in value
                    ? mergeText(value.string, (reference) => this.scalar(reference, name))
                    : (this.value(value, name) as Scalar);
        }
        delete (record as Record<string, unknown>).attributes;
        return record;
    }

    private action(name: string, xml: XmlElement): string | undefined {
        if (textOf(xml, 'actionType') === 'customNotificationAction') return this.notify(name, xml);
        if (textOf(xml, 'actionType') !== 'emailSimple')
            return this.fail(name, 'only emailSimple and customNotificationAction are simulated');
        if (this.options.failEmailWith !== undefined) {
            this.faultMessage = this.options.failEmailWith;
            const fault = textOf(first(xml, 'faultConnector'), 'targetReference');
            return fault ?? this.fail(name, 'the email failed and there is no fault path');
        }
        const inputs = new Map(
            all(xml, 'inputParameters').map((input) => [
                textOf(input, 'name')!,
                readValue(first(input, 'value'))
            ])
        );
        const textInput = (key: string): string => {
            const flowValue = inputs.get(key) ?? { empty: true as const };
            if ('string' in flowValue)
                return mergeText(flowValue.string, (reference) => this.scalar(reference, name));
            return String(this.value(flowValue, name) ?? '');
        };
        const to = inputs.get('emailAddresses');
        this.emails.push({
            to: to ? (this.value(to, name) as Scalar) : null,
            subject: textInput('emailSubject'),
            body: textInput('emailBody')
        });
        return undefined;
    }

    private notify(name: string, xml: XmlElement): string | undefined {
        if (this.options.failNotificationWith !== undefined) {
            this.faultMessage = this.options.failNotificationWith;
            const fault = textOf(first(xml, 'faultConnector'), 'targetReference');
            return fault ?? this.fail(name, 'the notification failed and there is no fault path');
        }
        const inputs = new Map(
            all(xml, 'inputParameters').map((input) => [
                textOf(input, 'name')!,
                readValue(first(input, 'value'))
            ])
        );
        const input = (key: string): Value => {
            const flowValue = inputs.get(key);
            if (!flowValue) return null;
            if ('string' in flowValue)
                return mergeText(flowValue.string, (reference) => this.scalar(reference, name));
            return this.value(flowValue, name);
        };
        for (const required of ['customNotifTypeId', 'recipientIds', 'title', 'body'])
            if (!inputs.has(required)) this.fail(name, `customNotificationAction needs ${required}`);
        if (!inputs.has('targetId') && !inputs.has('targetPageRef'))
            this.fail(name, 'customNotificationAction needs targetId or targetPageRef');
        const recipients = input('recipientIds');
        this.notifications.push({
            typeId: input('customNotifTypeId') as Scalar,
            recipients: Array.isArray(recipients)
                ? (recipients as unknown as Scalar[])
                : [recipients as Scalar],
            title: String(input('title') ?? ''),
            body: String(input('body') ?? ''),
            targetId: input('targetId') as Scalar
        });
        return undefined;
    }
}

class CustomErrorRaised extends Error {}

/** Evaluates custom condition logic such as `1 AND 2 AND (3 OR NOT 4)` over the condition results. */
export function customLogic(logic: string, results: boolean[]): boolean {
    const tokens = logic.match(/\d+|AND|OR|NOT|\(|\)/gi) ?? [];
    if (tokens.join('').length !== logic.replace(/\s+/g, '').length) throw new Error('unexpected characters');
    let at = 0;
    const atom = (): boolean => {
        const token = tokens[at++];
        if (token === undefined) throw new Error('ends too early');
        if (token.toUpperCase() === 'NOT') return !atom();
        if (token === '(') {
            const inner = or();
            if (tokens[at++] !== ')') throw new Error('missing )');
            return inner;
        }
        const result = results[Number(token) - 1];
        if (result === undefined) throw new Error(`no condition ${token}`);
        return result;
    };
    const and = (): boolean => {
        let value = atom();
        while (tokens[at]?.toUpperCase() === 'AND') {
            at++;
            value = atom() && value;
        }
        return value;
    };
    const or = (): boolean => {
        let value = and();
        while (tokens[at]?.toUpperCase() === 'OR') {
            at++;
            value = and() || value;
        }
        return value;
    };
    const value = or();
    if (at !== tokens.length) throw new Error(`unexpected ${tokens[at]}`);
    return value;
}

function sameValue(left: Value, right: Value): boolean {
    if (left instanceof SfDate && right instanceof SfDate) return left.epochDay === right.epochDay;
    return left === right;
}

function compareForSort(a: Scalar, b: Scalar): number {
    if (a === b) return 0;
    if (a === null) return -1;
    if (b === null) return 1;
    const x = a instanceof SfDate ? a.epochDay : a;
    const y = b instanceof SfDate ? b.epochDay : b;
    return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether the change meets the flow's entry condition (trigger type, entry formula or filters). */
export function meetsEntry(flow: Flow, record: SObject, prior: SObject | undefined): boolean {
    const triggerType = textOf(flow.start, 'recordTriggerType');
    if (triggerType === 'Update' && !prior) return false;
    if (triggerType === 'Create' && prior) return false;
    const formula = textOf(flow.start, 'filterFormula');
    const read = (source: SObject | undefined, reference: string): Scalar => {
        let value: Scalar | SObject | undefined = source;
        for (const field of reference.split('.').slice(1))
            value =
                value && typeof value === 'object' && !(value instanceof SfDate)
                    ? (value as SObject)[field]
                    : null;
        return (value ?? null) as Scalar;
    };
    if (formula) {
        return (
            evaluateFormula(formula, {
                resolve: (reference) => read(record, reference),
                resolvePrior: (reference) => read(prior ?? record, reference)
            }) === true
        );
    }
    const filters = recordFilters(flow.start);
    const logic = textOf(flow.start, 'filterLogic') ?? 'and';
    if (logic !== 'and') throw new Error(`${flow.name}: start filter logic ${logic} is not simulated`);
    const matches = (source: SObject) =>
        filters.every((filter) => {
            const literal =
                'string' in filter.value
                    ? filter.value.string
                    : 'boolean' in filter.value
                      ? filter.value.boolean
                      : null;
            if (filter.operator === 'EqualTo') return (source[filter.field] ?? null) === literal;
            throw new Error(`${flow.name}: start filter operator ${filter.operator} is not simulated`);
        });
    if (!matches(record)) return false;
    if (textOf(flow.start, 'doesRequireRecordChangedToMeetCriteria') === 'true' && prior)
        return !matches(prior);
    return true;
}

/** Runs the immediate path for a record change. */
export function runImmediatePath(flow: Flow, options: InterviewOptions): InterviewResult {
    if (!meetsEntry(flow, options.record, options.prior))
        return { entered: false, created: [], emails: [], notifications: [], trail: [] };
    return new Interview(flow, options).run(textOf(first(flow.start, 'connector'), 'targetReference'));
}

/** When a scheduled path of a change would run (null when the change does not schedule it). */
export function scheduledRunDate(
    flow: Flow,
    pathName: string,
    record: SObject,
    prior?: SObject
): string | null {
    if (!meetsEntry(flow, record, prior)) return null;
    const scheduled = all(flow.start, 'scheduledPaths').find(
        (candidate) => textOf(candidate, 'name') === pathName
    );
    if (!scheduled) throw new Error(`${flow.name}: no scheduled path ${pathName}`);
    if (textOf(scheduled, 'timeSource') !== 'RecordField' || textOf(scheduled, 'offsetUnit') !== 'Days')
        throw new Error(`${flow.name}: only day offsets from a record field are simulated`);
    const base = record[textOf(scheduled, 'recordField')!];
    const date = base instanceof SfDate ? base : typeof base === 'string' ? SfDate.of(base) : null;
    return date ? date.plusDays(Number(textOf(scheduled, 'offsetNumber'))).toString() : null;
}

/** Runs a scheduled path with the record as it is when the path runs (`options.record`). */
export function runScheduledPath(
    flow: Flow,
    pathName: string,
    options: Omit<InterviewOptions, 'prior'>
): InterviewResult {
    const scheduled = all(flow.start, 'scheduledPaths').find(
        (candidate) => textOf(candidate, 'name') === pathName
    );
    if (!scheduled) throw new Error(`${flow.name}: no scheduled path ${pathName}`);
    return new Interview(flow, options).run(textOf(first(scheduled, 'connector'), 'targetReference'));
}

/** Date fields arrive as ISO strings in test data; the flow sees them as dates. */
export function withDates(record: SObject, dateFields: string[]): SObject {
    const copy: SObject = { ...record };
    for (const field of dateFields) {
        const value = copy[field];
        if (typeof value === 'string') copy[field] = SfDate.of(value);
    }
    return copy;
}
