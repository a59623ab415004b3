/**
 * How the CLI gets a session, in this order:
 *  1. `--target-org <alias|username>`: the sf CLI's stored auth, read with @salesforce/core (AuthInfo) exactly as
 *     `sf` does; tokens refresh through the stored refresh token or JWT config when the org has one.
 *  2. OAuth 2.0 JWT bearer for unattended runs: client id + private key file + username (flags or
 *     SF_CLIENT_ID / SF_JWT_KEY_FILE / SF_USERNAME, login URL SF_LOGIN_URL); re-signed when the session expires.
 *  3. An access token and instance URL from the environment: SF_ACCESS_TOKEN + SF_INSTANCE_URL.
 * Tokens are never printed or written: `describe` names the org, never the session.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Connection } from 'jsforce';
import { AuthError, errorCodeOf, redact } from './errors';

export const DEFAULT_API_VERSION = '66.0';

export interface AuthRequest {
    targetOrg?: string;
    clientId?: string;
    jwtKeyFile?: string;
    username?: string;
    loginUrl?: string;
    apiVersion?: string;
    env?: NodeJS.ProcessEnv;
    /** Told about risky but usable setups (a JWT key file other users can read). */
    onWarning?: (message: string) => void;
}

export interface Session {
    connection: Connection;
    method: 'sf-cli' | 'jwt' | 'access-token';
    /** Human description without secrets, e.g. "sf CLI org 'demo' (http://127.0.0.1:4711)". */
    describe: string;
}

type RefreshFn = (conn: Connection, callback: (error: Error | null, accessToken?: string) => void) => void;

function base64url(input: Buffer | string): string {
    return Buffer.from(input).toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** Signs the RS256 assertion of the OAuth 2.0 JWT bearer flow with node:crypto (jsforce has no helper). */
export function signJwtAssertion(options: {
    clientId: string;
    username: string;
    audience: string;
    privateKeyPem: string;
    lifetimeSeconds?: number;
}): string {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
    const claims = base64url(
        JSON.stringify({
            iss: options.clientId,
            sub: options.username,
            aud: options.audience,
            exp: Math.floor(Date.now() / 1000) + (options.lifetimeSeconds ?? 180)
        })
    );
    const signature = crypto
        .createSign('RSA-SHA256')
        .update(`${header}.${claims}`)
        .sign(options.privateKeyPem);
    return `${header}.${claims}.${base64url(signature)}`;
}

/**
 * The JWT `aud` claim for a login URL. Salesforce accepts only https://login.salesforce.com,
 * https://test.salesforce.com or an Experience Cloud site URL as the audience, whatever host the token request
 * goes to (Salesforce Help: OAuth 2.0 JWT Bearer Flow for Server-to-Server Integration). Like the sf CLI
 * (`SfdcUrl.getJwtAudienceUrl`), SF_AUDIENCE_URL overrides it (e.g. an Experience Cloud site); sandbox hosts
 * (test.salesforce.com, *.sandbox.my.salesforce.com) get https://test.salesforce.com, everything else
 * (login.salesforce.com, My Domain) https://login.salesforce.com.
 */
export function jwtAudience(loginUrl: string, env: NodeJS.ProcessEnv = process.env): string {
    const override = env.SF_AUDIENCE_URL?.trim();
    if (override) return override.replace(/\/+$/, '');
    let host = '';
    try {
        host = new URL(loginUrl).hostname.toLowerCase();
    } catch {
        host = '';
    }
    return host === 'test.salesforce.com' || host.endsWith('.sandbox.my.salesforce.com')
        ? 'https://test.salesforce.com'
        : 'https://login.salesforce.com';
}

async function jwtSession(
    request: Required<Pick<AuthRequest, 'clientId' | 'jwtKeyFile' | 'username'>> & AuthRequest,
    version: string
): Promise<Session> {
    let privateKeyPem: string;
    try {
        privateKeyPem = fs.readFileSync(request.jwtKeyFile, 'utf8');
    } catch {
        throw new AuthError(
            'JWT_KEY_UNREADABLE',
            `cannot read the JWT private key file ${request.jwtKeyFile}`,
            'pass --jwt-key-file (or SF_JWT_KEY_FILE) pointing at the PEM key of the connected app certificate'
        );
    }
    try {
        crypto.createPrivateKey(privateKeyPem);
    } catch {
        throw new AuthError(
            'JWT_KEY_INVALID',
            `the JWT key file ${request.jwtKeyFile} does not hold a private key`,
            'pass the PEM private key (-----BEGIN PRIVATE KEY----- or RSA PRIVATE KEY) whose certificate is in the connected app'
        );
    }
    if (process.platform !== 'win32') {
        const mode = fs.statSync(request.jwtKeyFile).mode;
        if (mode & 0o077)
            request.onWarning?.(
                `the JWT key file ${request.jwtKeyFile} can be read by other users (mode ${(mode & 0o777).toString(8)}): chmod 600 ${request.jwtKeyFile}`
            );
    }
    const loginUrl = (request.loginUrl ?? 'https://login.salesforce.com').replace(/\/$/, '');
    const authorize = async (): Promise<{ accessToken: string; instanceUrl: string }> => {
        const assertion = signJwtAssertion({
            clientId: request.clientId,
            username: request.username,
            audience: jwtAudience(loginUrl, request.env ?? process.env),
            privateKeyPem
        });
        const login = new Connection({ loginUrl, version });
        try {
            await login.authorize({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
        } catch (error) {
            const message = redact(error instanceof Error ? error.message : String(error));
            throw new AuthError(
                'JWT_REJECTED',
                `the org refused the JWT bearer login for ${request.username}: ${message}`,
                'check the connected app consumer key, that its certificate matches the key file, that the user is pre-authorized, and the login URL'
            );
        }
        return { accessToken: login.accessToken ?? '', instanceUrl: login.instanceUrl };
    };
    const first = await authorize();
    // A fresh assertion is the JWT flow's refresh: jsforce calls refreshFn on 401 INVALID_SESSION_ID.
    const refreshFn: RefreshFn = (_conn, callback) => {
        authorize().then(
            ({ accessToken }) => callback(null, accessToken),
            (error: Error) => callback(error)
        );
    };
    const connection = new Connection({
        instanceUrl: first.instanceUrl,
        accessToken: first.accessToken,
        version,
        refreshFn
    });
    return {
        connection,
        method: 'jwt',
        describe: redact(`JWT bearer as ${request.username} (${connection.instanceUrl})`)
    };
}

async function sfCliSession(targetOrg: string, version: string): Promise<Session> {
    // @salesforce/core is what `sf` itself uses to read ~/.sf; loaded only for this path (it is heavy).
    let core: typeof import('@salesforce/core');
    try {
        core = await import('@salesforce/core');
    } catch {
        throw new AuthError(
            'SF_CORE_MISSING',
            'cannot load @salesforce/core to read the sf CLI stored auth',
            'run npm install (it comes with @salesforce/cli), or use SF_ACCESS_TOKEN + SF_INSTANCE_URL'
        );
    }
    try {
        const stateAggregator = await core.StateAggregator.getInstance();
        const username = stateAggregator.aliases.resolveUsername(targetOrg);
        const authInfo = await core.AuthInfo.create({ username });
        const options = authInfo.getConnectionOptions();
        const connection = new Connection({
            instanceUrl: options.instanceUrl,
            accessToken: options.accessToken,
            version,
            ...(options.refreshFn ? { refreshFn: options.refreshFn as unknown as RefreshFn } : {})
        });
        return {
            connection,
            method: 'sf-cli',
            describe: redact(`sf CLI org '${targetOrg}' (${options.instanceUrl ?? 'unknown instance'})`)
        };
    } catch (error) {
        if (error instanceof AuthError) throw error;
        throw new AuthError(
            'ORG_NOT_AUTHORIZED',
            `no usable sf CLI authorization for '${targetOrg}': ${redact(error instanceof Error ? error.message : String(error))}`,
            `log in first: sf org login web --alias ${targetOrg} (or sf org login jwt / sf org login access-token), then check with sf org list`
        );
    }
}

/** Resolves credentials into a jsforce Connection (no API call is made here except the JWT token exchange). */
export async function connect(request: AuthRequest): Promise<Session> {
    const env = request.env ?? process.env;
    const version = request.apiVersion ?? DEFAULT_API_VERSION;
    if (request.targetOrg) return sfCliSession(request.targetOrg, version);
    const clientId = request.clientId ?? env.SF_CLIENT_ID;
    const jwtKeyFile = request.jwtKeyFile ?? env.SF_JWT_KEY_FILE;
    const username = request.username ?? env.SF_USERNAME;
    if (clientId || jwtKeyFile) {
        if (!clientId || !jwtKeyFile || !username) {
            throw new AuthError(
                'JWT_INCOMPLETE',
                'JWT bearer login needs a client id, a key file and a username',
                'set --client-id, --jwt-key-file and --username (or SF_CLIENT_ID, SF_JWT_KEY_FILE, SF_USERNAME)'
            );
        }
        return jwtSession(
            { ...request, clientId, jwtKeyFile, username, loginUrl: request.loginUrl ?? env.SF_LOGIN_URL },
            version
        );
    }
    const accessToken = env.SF_ACCESS_TOKEN;
    const instanceUrl = env.SF_INSTANCE_URL ?? env.SF_ORG_INSTANCE_URL;
    if (accessToken && instanceUrl) {
        return {
            connection: new Connection({ instanceUrl, accessToken, version }),
            method: 'access-token',
            describe: redact(`access token for ${instanceUrl}`)
        };
    }
    throw new AuthError(
        'NO_AUTH',
        'no org to talk to',
        'pass --target-org <alias|username> of an org logged in with the sf CLI, or set SF_ACCESS_TOKEN and SF_INSTANCE_URL, or SF_CLIENT_ID, SF_JWT_KEY_FILE and SF_USERNAME for JWT bearer'
    );
}

/** Turns a 401 from the org into an AuthError with a hint that fits how the session was obtained. */
export function authFailure(
    error: unknown,
    session: Pick<Session, 'method' | 'describe'>
): AuthError | undefined {
    const code = errorCodeOf(error);
    if (code !== 'INVALID_SESSION_ID' && code !== 'INVALID_AUTH_HEADER' && code !== 'ERROR_HTTP_401')
        return undefined;
    const hint =
        session.method === 'sf-cli'
            ? 'the stored session is expired or revoked: log in again with sf org login web (or jwt) for this alias'
            : session.method === 'access-token'
              ? 'SF_ACCESS_TOKEN is expired or wrong: get a fresh one (sf org display --target-org <alias>) or use JWT bearer for unattended runs'
              : 'the JWT session could not be renewed: check the connected app and the user';
    return new AuthError(
        'SESSION_INVALID',
        `the org rejected the session (${session.describe}): INVALID_SESSION_ID`,
        hint
    );
}
