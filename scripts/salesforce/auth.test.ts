import { jwtAudience } from './auth';

test('JWT aud: login.salesforce.com for production and My Domain, test.salesforce.com for sandboxes, SF_AUDIENCE_URL wins', () => {
    const env = {};
    expect(jwtAudience('https://login.salesforce.com', env)).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://acme.my.salesforce.com/', env)).toBe('https://login.salesforce.com');
    expect(jwtAudience('https://test.salesforce.com', env)).toBe('https://test.salesforce.com');
    expect(jwtAudience('https://acme--uat.sandbox.my.salesforce.com', env)).toBe(
        'https://test.salesforce.com'
    );
    // The emulator (or any other host) is never an audience Salesforce accepts.
    expect(jwtAudience('http://127.0.0.1:4711', env)).toBe('https://login.salesforce.com');
    expect(jwtAudience('not a url', env)).toBe('https://login.salesforce.com');
    expect(
        jwtAudience('https://acme.my.salesforce.com', { SF_AUDIENCE_URL: 'https://acme.my.site.com/portal/' })
    ).toBe('https://acme.my.site.com/portal');
});
