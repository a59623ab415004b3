import { LightningElement, api, wire } from 'lwc';
import { NavigationMixin } from 'lightning/navigation';
import getAccount360 from '@salesforce/apex/Account360Controller.getAccount360';
import LOCALE from '@salesforce/i18n/locale';
import CURRENCY from '@salesforce/i18n/currency';
import { refreshApex } from '@salesforce/apex';
import { daysSince, describeAge, formatDate, relativeDate } from 'c/healthUtils';
import { generateRecordUrls } from 'c/ldsUtils';
import type { Account360View, CaseView, ContactView, InteractionView, UsageView } from 'c/healthUtils';

const ROLE_ORDER = ['Decision Maker', 'Approver', 'Influencer', 'User'];
const NO_ROLE = 'Role not mapped';
const SEVERITIES = ['Sev1', 'Sev2', 'Sev3', 'Sev4'];

const CHANNEL_ICONS: Record<string, string> = {
    Meeting: 'utility:event',
    Call: 'utility:call',
    Email: 'utility:email'
};

const OUTCOMES: Record<string, { iconName: string; textClass: string }> = {
    Positive: { iconName: 'utility:like', textClass: 'slds-text-color_success' },
    Neutral: { iconName: 'utility:dash', textClass: 'slds-text-color_weak' },
    Negative: { iconName: 'utility:dislike', textClass: 'slds-text-color_error' }
};

const USAGE_CHART = { width: 300, height: 90, pad: 4 };
const INTERACTIONS_SHOWN = 8;
/** Contacts shown per role before "Show all". */
const CONTACTS_PER_ROLE = 3;
/** Under this width of their own section, open opportunities stack as cards (phones, the 450 px sidebar). */
const OPPORTUNITY_TABLE_AT = 480;

/** Account record page: who the buying team is and how warm each person is, what happened, what is open. */
export default class Account360 extends NavigationMixin(LightningElement) {
    @api recordId?: string;
    /** A contact with no engagement for longer than this many days counts as cold. */
    @api coldAfterDays = 60;

    view?: Account360View;
    error: unknown;
    showAllInteractions = false;
    expandedRoles: string[] = [];
    /** Opportunities as a table (wide) or as stacked cards (narrow), by the section's own width. */
    opportunitiesWide = true;
    private wired: unknown;
    private observer?: ResizeObserver;
    /** Record URLs by Id (NavigationMixin.GenerateUrl), so Ctrl/⌘-click and middle-click open a new tab. */
    urls: Record<string, string> = {};

    override connectedCallback(): void {
        if (typeof ResizeObserver !== 'undefined') {
            this.observer = new ResizeObserver((entries) => {
                const width = entries[0]?.contentRect.width ?? 0;
                if (width > 0) this.opportunitiesWide = width >= OPPORTUNITY_TABLE_AT;
            });
        }
    }

    override renderedCallback(): void {
        const section = this.template?.querySelector('.opportunities');
        if (section && this.observer) this.observer.observe(section);
    }

    override disconnectedCallback(): void {
        this.observer?.disconnect();
    }

    get opportunityListClass(): string {
        return `opportunity-list ${this.opportunitiesWide ? 'opportunity-list_wide' : 'opportunity-list_cards'}`;
    }

    @wire(getAccount360, { accountId: '$recordId' })
    wiredView(result: { data?: Account360View; error?: unknown }): void {
        this.wired = result;
        if (result.data) {
            this.view = result.data;
            this.error = undefined;
            this.generateUrls(result.data);
        } else if (result.error) {
            this.error = result.error;
        }
    }

    /** Real URLs for the contacts, opportunities and cases shown (href="#" could not be opened in a new tab). */
    private generateUrls(view: Account360View): void {
        const ids = [
            ...(view.contacts ?? []).map((c) => c.id),
            ...(view.opportunities ?? []).map((o) => o.id),
            ...(view.cases ?? []).map((c) => c.id)
        ];
        generateRecordUrls(
            (reference) => this[NavigationMixin.GenerateUrl](reference),
            ids,
            this.urls,
            (id, url) => {
                this.urls = { ...this.urls, [id]: url };
            }
        );
    }

    /** The record's URL once generated; until then "#" (a plain click navigates in the app either way). */
    private urlOf(recordId: string): string {
        return this.urls[recordId] ?? '#';
    }

    handleRetry(): void {
        this.error = undefined;
        refreshApex(this.wired);
    }

    private sectionError(name: string): string | null {
        return this.view?.errors?.[name] ?? null;
    }

    get contactsError(): string | null {
        return this.sectionError('contacts');
    }

    get interactionsError(): string | null {
        return this.sectionError('interactions');
    }

    get opportunitiesError(): string | null {
        return this.sectionError('opportunities');
    }

    get casesError(): string | null {
        return this.sectionError('cases');
    }

    get usageError(): string | null {
        return this.sectionError('usage');
    }

    get upcoming() {
        const today = new Date();
        return (this.view?.upcoming ?? []).map((u) => ({
            ...u,
            key: u.id,
            when: relativeDate(u.activityDate, today, LOCALE),
            whenTitle: formatDate(u.activityDate, LOCALE),
            who: [u.contactName, u.ownerName ? `owner ${u.ownerName}` : ''].filter(Boolean).join(' \u00b7 ')
        }));
    }

    get hasUpcoming(): boolean {
        return this.upcoming.length > 0;
    }

    /** "Latest 8 of 112": what is shown against what exists, never the server's cap. */
    get interactionsCaption(): string {
        const shown = this.interactions.length;
        const total = Math.max(this.view?.interactionTotal ?? 0, this.view?.interactions.length ?? 0);
        return total > shown ? `Latest ${shown} of ${total}` : '';
    }

    get isLoading(): boolean {
        return !this.view && !this.error;
    }

    // ------------------------------------------------------------ buying team

    private isCold(contact: ContactView, today: Date): boolean {
        const age = daysSince(contact.lastEngagedOn, today);
        return age === null || age > this.coldAfterDays;
    }

    /** "Never engaged", "No contact in 75 days" or "Last engaged 3 days ago": one signal, not an overloaded "Cold". */
    private engagement(contact: ContactView, today: Date): { text: string; cssClass: string } {
        const age = daysSince(contact.lastEngagedOn, today);
        if (age === null) return { text: 'Never engaged', cssClass: 'engagement engagement_never' };
        if (age > this.coldAfterDays)
            return { text: `No contact in ${age} days`, cssClass: 'engagement engagement_cold' };
        return { text: `Last engaged ${describeAge(age)}`, cssClass: 'engagement' };
    }

    handleToggleRole(event: Event): void {
        const role = (event.currentTarget as HTMLElement).dataset.role ?? '';
        this.expandedRoles = this.expandedRoles.includes(role)
            ? this.expandedRoles.filter((r) => r !== role)
            : [...this.expandedRoles, role];
    }

    get roleGroups() {
        const today = new Date();
        const contacts = this.view?.contacts ?? [];
        return [...ROLE_ORDER, NO_ROLE]
            .map((role) => ({
                role,
                contacts: contacts
                    .filter(
                        (c) =>
                            (c.buyingRole && ROLE_ORDER.includes(c.buyingRole) ? c.buyingRole : NO_ROLE) ===
                            role
                    )
                    .map((c) => {
                        const cold = this.isCold(c, today);
                        const engagement = this.engagement(c, today);
                        const never = c.lastEngagedOn === null;
                        return {
                            ...c,
                            key: c.id,
                            url: this.urlOf(c.id),
                            // The row is cut to one line: its full text on hover (long names and titles).
                            rowTitle: [c.name, c.title].filter(Boolean).join(' \u00b7 '),
                            lastEngaged: describeAge(daysSince(c.lastEngagedOn, today)),
                            engagementText: engagement.text,
                            engagementClass: `slds-text-body_small ${engagement.cssClass}`,
                            cold,
                            // A never-engaged contact has no meaningful score ("Red 0"): show the band word only.
                            badgeScore: never ? null : c.healthScore,
                            rowClass: `contact slds-grid slds-grid_vertical-align-center${cold ? ' contact_cold' : ''}`
                        };
                    })
            }))
            .filter((group) => group.contacts.length > 0)
            .map((group) => {
                const expanded = this.expandedRoles.includes(group.role);
                const coldCount = group.contacts.filter((c) => c.cold).length;
                return {
                    ...group,
                    summary: `${coldCount} of ${group.contacts.length} not engaged recently`,
                    contacts: expanded ? group.contacts : group.contacts.slice(0, CONTACTS_PER_ROLE),
                    hasMore: group.contacts.length > CONTACTS_PER_ROLE,
                    moreLabel: expanded ? 'Show fewer' : `Show all ${group.contacts.length}`,
                    expanded: String(expanded)
                };
            });
    }

    get hasContacts(): boolean {
        return (this.view?.contacts.length ?? 0) > 0;
    }

    /** One sentence on the team, leading with the decision makers (MODEL.md: a cold DM is the key risk). */
    get teamSummary(): string {
        const today = new Date();
        const contacts = this.view?.contacts ?? [];
        const cold = contacts.filter((c) => this.isCold(c, today));
        const dms = contacts.filter((c) => c.buyingRole === 'Decision Maker');
        const coldDms = dms.filter((c) => this.isCold(c, today));
        const parts = [
            `${cold.length} of ${contacts.length} contacts not engaged in ${this.coldAfterDays} days`
        ];
        if (dms.length === 0) parts.push('no decision maker mapped');
        else if (coldDms.length === dms.length) parts.push('no decision maker engaged recently');
        return parts.join('; ');
    }

    get teamSummaryClass(): string {
        const risky = /decision maker/.test(this.teamSummary);
        return `slds-text-body_small team-summary ${risky ? 'slds-text-color_error' : 'slds-text-color_weak'}`;
    }

    // ------------------------------------------------------------ interactions

    get interactions(): (InteractionView & {
        key: string;
        channelIcon: string;
        outcomeLabel: string;
        outcomeIcon: string;
        outcomeClass: string;
        who: string;
        when: string;
        whenTitle: string;
    })[] {
        const all = this.view?.interactions ?? [];
        const shown = this.showAllInteractions ? all : all.slice(0, INTERACTIONS_SHOWN);
        return shown.map((i) => {
            const outcome = i.outcome ? OUTCOMES[i.outcome] : undefined;
            return {
                ...i,
                key: i.id,
                channelIcon: CHANNEL_ICONS[i.channel ?? ''] ?? 'utility:chat',
                outcomeLabel: i.outcome ?? 'No outcome',
                outcomeIcon: outcome?.iconName ?? 'utility:help',
                outcomeClass: `outcome slds-text-body_small ${outcome?.textClass ?? 'slds-text-color_weak no-outcome'}`,
                who: [i.contactName, i.ownerName ? `by ${i.ownerName}` : ''].filter(Boolean).join(' · '),
                when: relativeDate(i.activityDate, new Date(), LOCALE),
                whenTitle: formatDate(i.activityDate, LOCALE)
            };
        });
    }

    get hasInteractions(): boolean {
        return this.interactions.length > 0;
    }

    get hasMoreInteractions(): boolean {
        return !this.showAllInteractions && (this.view?.interactions.length ?? 0) > INTERACTIONS_SHOWN;
    }

    get moreInteractionsLabel(): string {
        return `Show all ${this.view?.interactions.length ?? 0}`;
    }

    handleShowAllInteractions(): void {
        this.showAllInteractions = true;
    }

    // ------------------------------------------------------------ opportunities and cases

    get opportunities(): (Account360View['opportunities'][number] & {
        key: string;
        url: string;
        probabilityRatio: number | null;
        amountCurrency: string | undefined;
        amountDisplay: string;
        closeText: string;
    })[] {
        return (this.view?.opportunities ?? []).map((o) => ({
            ...o,
            key: o.id,
            url: this.urlOf(o.id),
            probabilityRatio: typeof o.probability === 'number' ? o.probability / 100 : null,
            // The opportunity's own currency (multi-currency orgs); the user's when the server does not say.
            amountCurrency: o.currencyCode ?? undefined,
            // Another currency than the user's is shown by its code ("EUR 50,000"), never as a bare "$".
            amountDisplay: o.currencyCode && o.currencyCode !== CURRENCY ? 'code' : 'symbol',
            closeText: formatDate(o.closeDate, LOCALE) || '\u2014'
        }));
    }

    get hasOpportunities(): boolean {
        return this.opportunities.length > 0;
    }

    /** Open cases, most severe first, then newest. */
    get cases(): (CaseView & {
        key: string;
        url: string;
        rowTitle: string;
        severityLabel: string;
        severityClass: string;
    })[] {
        const rank = (c: CaseView) => {
            const i = SEVERITIES.indexOf(c.severity ?? '');
            return i === -1 ? SEVERITIES.length : i;
        };
        return [...(this.view?.cases ?? [])]
            .sort((a, b) => rank(a) - rank(b) || (b.createdDate ?? '').localeCompare(a.createdDate ?? ''))
            .map((c) => ({
                ...c,
                key: c.id,
                url: this.urlOf(c.id),
                rowTitle: [c.caseNumber, c.subject].filter(Boolean).join(' '),
                severityLabel: c.severity ?? 'No severity',
                severityClass: `slds-badge ${c.severity === 'Sev1' ? 'slds-theme_error' : c.severity === 'Sev2' ? 'slds-theme_warning' : ''}`
            }));
    }

    get hasCases(): boolean {
        return this.cases.length > 0;
    }

    /** e.g. "Sev1: 1 · Sev2: 2", most severe first. */
    get severitySummary(): string {
        const cases = this.view?.cases ?? [];
        return SEVERITIES.map((s) => ({ s, count: cases.filter((c) => c.severity === s).length }))
            .filter(({ count }) => count > 0)
            .map(({ s, count }) => `${s}: ${count}`)
            .join(' \u00b7 ');
    }

    // ------------------------------------------------------------ usage

    private utilisation(u: UsageView): number | null {
        return u.activeUsers !== null && u.licensedSeats
            ? Math.round((u.activeUsers / u.licensedSeats) * 100)
            : null;
    }

    get hasUsage(): boolean {
        return (this.view?.usage.length ?? 0) > 0;
    }

    get usageBars(): { key: string; x: number; y: number; width: number; height: number; title: string }[] {
        const usage = this.view?.usage ?? [];
        const slot = (USAGE_CHART.width - USAGE_CHART.pad * 2) / Math.max(usage.length, 1);
        const maxHeight = USAGE_CHART.height - USAGE_CHART.pad * 2;
        return usage.map((u, i) => {
            const pct = this.utilisation(u) ?? 0;
            const height = Math.max(1, Math.round((maxHeight * Math.min(pct, 100)) / 100));
            return {
                key: u.periodStart,
                x: Math.round(USAGE_CHART.pad + i * slot + slot * 0.15),
                y: USAGE_CHART.height - USAGE_CHART.pad - height,
                width: Math.max(2, Math.round(slot * 0.7)),
                height,
                title: `${formatDate(u.periodStart, LOCALE) || u.periodStart}: ${u.activeUsers ?? '?'} of ${u.licensedSeats ?? '?'} seats active (${pct}%)`
            };
        });
    }

    get usageViewBox(): string {
        return `0 0 ${USAGE_CHART.width} ${USAGE_CHART.height}`;
    }

    /** Latest period in words, and the change against the period before it. */
    get usageSummary(): string {
        const usage = this.view?.usage ?? [];
        const last = usage[usage.length - 1];
        if (!last) return '';
        const pct = this.utilisation(last);
        const seats = `${last.activeUsers ?? '?'} of ${last.licensedSeats ?? '?'} seats active${pct === null ? '' : ` (${pct}%)`}`;
        const features =
            last.featuresAdopted !== null && last.featuresAvailable
                ? `, ${last.featuresAdopted} of ${last.featuresAvailable} features adopted`
                : '';
        return `${seats}${features} in the period from ${formatDate(last.periodStart, LOCALE) || last.periodStart}.`;
    }

    get usageTrend(): string {
        const usage = this.view?.usage ?? [];
        const last = usage[usage.length - 1];
        const before = usage[usage.length - 2];
        const now = last ? this.utilisation(last) : null;
        const then = before ? this.utilisation(before) : null;
        if (now === null || then === null) return '';
        if (now === then) return 'Utilisation unchanged from the previous period.';
        const points = Math.abs(now - then);
        return `Utilisation ${now > then ? 'up' : 'down'} ${points} ${points === 1 ? 'point' : 'points'} from the previous period.`;
    }

    get usageDescription(): string {
        return `Seat utilisation per period: ${this.usageBars.map((b) => b.title).join('; ')}`;
    }

    // ------------------------------------------------------------ navigation

    handleOpenRecord(event: MouseEvent): void {
        // A plain click navigates in-app (console subtab); modified clicks keep the browser's behaviour.
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        const recordId = (event.currentTarget as HTMLElement).dataset.id;
        if (!recordId) return;
        event.preventDefault();
        this[NavigationMixin.Navigate]({
            type: 'standard__recordPage',
            attributes: { recordId, actionName: 'view' }
        });
    }
}
