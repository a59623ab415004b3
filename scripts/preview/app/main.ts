/// <reference lib="dom" />
/**
 * The preview page: an SLDS shell with two views, the portfolio (app page) and an account record page
 * (accountHealth + account360), routed by the URL hash. Shows the toasts the components fire.
 */
import '@lwc/synthetic-shadow';
// '@lwc/engine-dom' is what 'lwc' re-exports; the bundle resolves both to the one engine instance.
import { createElement } from '@lwc/engine-dom';
import HealthPortfolio from 'c/healthPortfolio';
import AccountHealth from 'c/accountHealth';
import Account360 from 'c/account360';
import HealthAdmin from 'c/healthAdmin';
import { currentUserId, org, rows, userName } from '../platform/org';

type Toast = { title: string; message: string; variant?: string };

function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    attrs: Record<string, string> = {},
    ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
    node.append(...children);
    return node;
}

const app = document.getElementById('app') as HTMLElement;
const toasts = el('div', { class: 'preview-toasts', 'aria-live': 'polite' });

function accounts(): { id: string; name: string }[] {
    return rows('Account')
        .map((a) => ({ id: a.Id, name: String(a.Name) }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

function header(route: { view: string; accountId?: string }): HTMLElement {
    const select = el('select', {
        class: 'slds-select',
        id: 'account-picker',
        'aria-label': 'Open an account'
    });
    select.append(el('option', { value: '' }, 'Open an account…'));
    for (const a of accounts()) {
        const option = el('option', { value: a.id }, a.name);
        if (a.id === route.accountId) option.selected = true;
        select.append(option);
    }
    select.addEventListener('change', () => {
        if (select.value) location.hash = `#/account/${select.value}`;
    });
    const portfolioLink = el(
        'a',
        {
            href: '#/portfolio',
            class: `slds-button ${route.view === 'portfolio' ? 'slds-button_brand' : 'slds-button_neutral'}`
        },
        'Portfolio'
    );
    const adminLink = el(
        'a',
        {
            href: '#/admin',
            class: `slds-button slds-m-left_x-small ${route.view === 'admin' ? 'slds-button_brand' : 'slds-button_neutral'}`
        },
        'Admin'
    );
    const me = userName(currentUserId()) ?? 'unknown user';
    return el(
        'header',
        { class: 'slds-global-header_container preview-header' },
        el(
            'div',
            { class: 'slds-global-header slds-grid slds-grid_align-spread slds-grid_vertical-align-center' },
            el(
                'div',
                { class: 'slds-global-header__item' },
                el('span', { class: 'slds-text-heading_small' }, 'Account Health'),
                el(
                    'span',
                    { class: 'slds-text-body_small slds-text-color_weak slds-m-left_small' },
                    `Local preview · demo data as of ${org().asOf} · signed in as ${me}`
                )
            ),
            el(
                'div',
                { class: 'slds-global-header__item slds-grid slds-grid_vertical-align-center' },
                portfolioLink,
                adminLink,
                el('div', { class: 'slds-select_container slds-m-left_small' }, select)
            )
        )
    );
}

function accountPageHeader(accountId: string): HTMLElement {
    const account = rows('Account').find((a) => a.Id === accountId);
    return el(
        'div',
        { class: 'slds-page-header slds-page-header_record-home slds-m-bottom_small' },
        el(
            'div',
            { class: 'slds-page-header__row' },
            el(
                'div',
                { class: 'slds-page-header__col-title' },
                el('span', { class: 'slds-text-body_small' }, 'Account'),
                el(
                    'h1',
                    { class: 'slds-page-header__title slds-truncate account-title' },
                    String(account?.Name ?? accountId)
                )
            )
        ),
        el(
            'p',
            { class: 'slds-text-body_small slds-text-color_weak slds-m-top_xx-small' },
            `${account?.Industry ?? ''} · ${account?.BillingCountry ?? ''} · owner ${userName(account?.OwnerId) ?? '—'}`
        )
    );
}

function component<T>(tag: string, ctor: T, props: Record<string, unknown> = {}): HTMLElement {
    const node = createElement(tag, { is: ctor as never });
    Object.assign(node, props);
    return node;
}

function parseRoute(): { view: string; accountId?: string } {
    if (location.hash === '#/admin') return { view: 'admin' };
    const match = /^#\/account\/(\w+)/.exec(location.hash);
    return match ? { view: 'account', accountId: match[1] } : { view: 'portfolio' };
}

function render(): void {
    const route = parseRoute();
    app.replaceChildren();
    const main = el('main', { class: 'preview-main' });
    if (route.view === 'account' && route.accountId) {
        main.append(
            accountPageHeader(route.accountId),
            el(
                'div',
                { class: 'slds-grid slds-wrap slds-gutters_small' },
                el(
                    'div',
                    { class: 'slds-col slds-size_1-of-1 slds-large-size_5-of-12 health-column' },
                    component('c-account-health', AccountHealth, { recordId: route.accountId })
                ),
                el(
                    'div',
                    { class: 'slds-col slds-size_1-of-1 slds-large-size_7-of-12 account360-column' },
                    component('c-account-360', Account360, { recordId: route.accountId })
                )
            )
        );
    } else if (route.view === 'admin') {
        main.append(component('c-health-admin', HealthAdmin));
    } else {
        main.append(component('c-health-portfolio', HealthPortfolio));
    }
    app.append(header(route), main, toasts);
    window.scrollTo(0, 0);
}

function showToast({ title, message, variant = 'info' }: Toast): void {
    const toast = el(
        'div',
        { class: `slds-notify slds-notify_toast slds-theme_${variant} preview-toast`, role: 'status' },
        el(
            'div',
            { class: 'slds-notify__content' },
            el('h2', { class: 'slds-text-heading_small' }, title),
            el('p', {}, message)
        )
    );
    toasts.append(toast);
    setTimeout(() => toast.remove(), 6000);
}

document.addEventListener('lightning__showtoast', (event) => showToast((event as CustomEvent<Toast>).detail));
window.addEventListener('preview:navigate', (event) => {
    const { recordId } = (event as CustomEvent<{ recordId: string }>).detail;
    showToast({
        title: 'Opens in Salesforce',
        message: `In an org this opens the record page of ${recordId}.`
    });
});
window.addEventListener('hashchange', render);
render();
