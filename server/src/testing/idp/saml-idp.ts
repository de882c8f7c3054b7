/**
 * A real SAML 2.0 identity provider for the tests (samlify acting as the IdP), on a free
 * 127.0.0.1 port, with a key pair of its own made for the run (openssl).
 *
 * The browser journey: its single sign-on URL takes Perimeter's AuthnRequest (HTTP-Redirect
 * binding), shows a small sign-in form (an email, Sign in, Cancel), and posts a signed
 * SAMLResponse to the assertion consumer service (HTTP-POST binding, an auto-submitting form)
 * in response to that request, with the person's email, name and groups as attributes.
 *
 * The API tests: `readRequest` parses the AuthnRequest a start redirected to, and `response`
 * makes a response directly, right or wrong in one way each (unsigned, signed by another key,
 * another audience, expired, to another request, a failure status).
 *
 * samlify checks messages against the SAML schema only through a validator module; the ones it
 * offers need Java or a native build, so this test IdP (never the product) sets a validator that
 * accepts everything: the AuthnRequest it parses is Perimeter's own, made by node-saml.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { inflateRawSync } from 'node:zlib';
// Types from samlify's own modules: its index also re-exports @xmldom/xmldom's parser options,
// whose types pull the DOM library into the whole server project.
import type IdentityProviderFactory from 'samlify/types/src/entity-idp';
import type ServiceProviderFactory from 'samlify/types/src/entity-sp';
import type SamlLibType from 'samlify/types/src/libsaml';
import type * as ConstantsType from 'samlify/types/src/urn';

interface Samlify {
  IdentityProvider: typeof IdentityProviderFactory;
  ServiceProvider: typeof ServiceProviderFactory;
  SamlLib: typeof SamlLibType;
  Constants: typeof ConstantsType;
  setSchemaValidator(validator: { validate(xml: string): Promise<unknown> }): void;
}
const samlify = createRequire(import.meta.url)('samlify') as Samlify;

samlify.setSchemaValidator({ validate: () => Promise.resolve('skipped') });

const { SamlLib, Constants } = samlify;
const POST_BINDING = Constants.namespace.binding.post;
const REDIRECT_BINDING = Constants.namespace.binding.redirect;
const STATUS = 'urn:oasis:names:tc:SAML:2.0:status:';

/** A key pair and self-signed certificate (PEM), as an IdP signs with. */
export interface KeyPair {
  privateKey: string;
  certificate: string;
}

/** A fresh RSA key and a self-signed certificate for it, valid for two days. */
export function makeKeyPair(commonName = 'Perimeter test IdP'): KeyPair {
  const dir = mkdtempSync(path.join(tmpdir(), 'saml-idp-'));
  try {
    const keyFile = path.join(dir, 'key.pem');
    const certFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        `/CN=${commonName}`,
      ],
      { stdio: 'ignore' },
    );
    return {
      privateKey: readFileSync(keyFile, 'utf8'),
      certificate: readFileSync(certFile, 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What the IdP says of a person. */
export interface SamlTestPerson {
  email: string;
  name?: string;
  groups?: string[];
}

/** Perimeter's AuthnRequest, as the IdP read it. */
export interface ReadRequest {
  id: string;
  spEntityId: string;
  acsUrl: string;
  relayState: string | undefined;
}

/** How `response` makes a response: right by default, wrong in the one way asked for. */
export interface ResponseOptions {
  /** The AuthnRequest's ID (`readRequest().id`); `null` for none (IdP-initiated). */
  inResponseTo: string | null;
  person?: SamlTestPerson;
  /** Defaults from the trusted SP: its entity ID and ACS URL. */
  audience?: string;
  recipient?: string;
  destination?: string;
  issuer?: string;
  /** Which part is signed: the assertion (default), only the response, or nothing. */
  signed?: 'assertion' | 'response' | 'none';
  /** Sign with another key than the IdP's certificate. */
  signingKey?: KeyPair;
  /** The assertion's window, against the real clock (node-saml reads it). */
  notBefore?: Date;
  notOnOrAfter?: Date;
  /** A failure status instead of an assertion, e.g. `AuthnFailed` (under Responder). */
  failure?: string;
  /** Names of the attributes sent (defaults: email, displayName, groups). */
  attributeNames?: { email?: string; name?: string; groups?: string };
  /** More attributes, by name. */
  extraAttributes?: Record<string, string[]>;
}

export interface SamlTestIdp {
  /** The single sign-on URL (HTTP-Redirect). */
  ssoUrl: string;
  entityId: string;
  /** The certificate its assertions are signed with (PEM). */
  certificate: string;
  /** Trusts a service provider from its metadata (Perimeter's `…/metadata`). */
  trust(metadataXml: string): void;
  /** What the sign-in form answers for an email: name and groups. */
  setPerson(person: SamlTestPerson): void;
  /** Parses the AuthnRequest of a redirect to `ssoUrl` (a start's Location). */
  readRequest(location: string): Promise<ReadRequest>;
  /** A base64 SAMLResponse, as the IdP would post it. */
  response(options: ResponseOptions): Promise<string>;
  close(): Promise<void>;
}

const escapeXml = (value: string) =>
  value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
const escapeHtml = escapeXml;

const newId = () => `_${randomBytes(16).toString('hex')}`;

function attributeStatement(
  person: SamlTestPerson,
  names: ResponseOptions['attributeNames'],
  extra: ResponseOptions['extraAttributes'] = {},
) {
  const attribute = (name: string, values: string[]) =>
    `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
      .map(
        (value) =>
          `<saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue>`,
      )
      .join('')}</saml:Attribute>`;
  const parts = [attribute(names?.email ?? 'email', [person.email])];
  if (person.name) parts.push(attribute(names?.name ?? 'displayName', [person.name]));
  if (person.groups) parts.push(attribute(names?.groups ?? 'groups', person.groups));
  for (const [name, values] of Object.entries(extra)) parts.push(attribute(name, values));
  return `<saml:AttributeStatement>${parts.join('')}</saml:AttributeStatement>`;
}

/** Starts the IdP on a free loopback port. */
export async function startSamlIdp(
  options: { keys?: KeyPair; people?: SamlTestPerson[] } = {},
): Promise<SamlTestIdp> {
  const keys = options.keys ?? makeKeyPair();
  const people = new Map((options.people ?? []).map((p) => [p.email.toLowerCase(), p]));
  let sp: ReturnType<typeof samlify.ServiceProvider> | undefined;
  let spFacts: { entityId: string; acsUrl: string } | undefined;

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`test IdP error: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const entityId = `${origin}/metadata`;
  const ssoUrl = `${origin}/sso`;

  const idpFor = (signing: KeyPair) =>
    samlify.IdentityProvider({
      entityID: entityId,
      privateKey: signing.privateKey,
      signingCert: signing.certificate,
      singleSignOnService: [{ Binding: REDIRECT_BINDING, Location: ssoUrl }],
      nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    });
  const idp = idpFor(keys);

  function trustedSp() {
    if (!sp || !spFacts) throw new Error('the test IdP trusts no service provider yet');
    return { sp, facts: spFacts };
  }

  /** The SP as samlify sees it, wanting the assertion (or only the response) signed. */
  function spSigning(wantAssertionsSigned: boolean) {
    const { facts } = trustedSp();
    return samlify.ServiceProvider({
      entityID: facts.entityId,
      wantAssertionsSigned,
      wantMessageSigned: !wantAssertionsSigned,
      assertionConsumerService: [{ Binding: POST_BINDING, Location: facts.acsUrl }],
    });
  }

  async function readRequest(location: string): Promise<ReadRequest> {
    const url = new URL(location);
    const query = Object.fromEntries(url.searchParams);
    const { sp: trusted } = trustedSp();
    const parsed = await idp.parseLoginRequest(trusted, 'redirect', { query });
    const request = parsed.extract.request as Record<string, string>;
    const issuer = parsed.extract.issuer;
    return {
      id: request.id!,
      spEntityId: Array.isArray(issuer) ? issuer[0]! : (issuer ?? ''),
      acsUrl: request.assertionConsumerServiceUrl!,
      relayState: query.RelayState,
    };
  }

  async function response(o: ResponseOptions): Promise<string> {
    const { facts } = trustedSp();
    const now = new Date();
    const notOnOrAfter = o.notOnOrAfter ?? new Date(now.getTime() + 5 * 60_000);
    const notBefore = o.notBefore ?? new Date(now.getTime() - 60_000);
    const issuer = o.issuer ?? entityId;
    const person = o.person ?? { email: 'someone@example.com' };
    const destination = o.destination ?? facts.acsUrl;
    if (o.failure) {
      const xml =
        `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${newId()}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${escapeXml(destination)}"` +
        (o.inResponseTo ? ` InResponseTo="${escapeXml(o.inResponseTo)}"` : '') +
        `><saml:Issuer>${escapeXml(issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="${STATUS}Responder"><samlp:StatusCode Value="${STATUS}${o.failure}"/></samlp:StatusCode></samlp:Status></samlp:Response>`;
      return Buffer.from(xml).toString('base64');
    }
    const template = SamlLib.defaultLoginResponseTemplate.context
      .replace(
        '{AuthnStatement}',
        `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
      )
      .replace(
        '{AttributeStatement}',
        attributeStatement(person, o.attributeNames, o.extraAttributes),
      );
    const id = newId();
    const fill = (context: string) =>
      SamlLib.replaceTagsByValue(context, {
        ID: id,
        AssertionID: newId(),
        Destination: destination,
        Audience: o.audience ?? facts.entityId,
        SubjectRecipient: o.recipient ?? facts.acsUrl,
        Issuer: issuer,
        IssueInstant: now.toISOString(),
        StatusCode: `${STATUS}Success`,
        ConditionsNotBefore: notBefore.toISOString(),
        ConditionsNotOnOrAfter: notOnOrAfter.toISOString(),
        SubjectConfirmationDataNotOnOrAfter: notOnOrAfter.toISOString(),
        NameIDFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        NameID: person.email,
        InResponseTo: o.inResponseTo ?? undefined,
      });
    if (o.signed === 'none') return Buffer.from(fill(template)).toString('base64');
    const signer = o.signingKey ? idpFor(o.signingKey) : idp;
    const made = await signer.createLoginResponse(
      spSigning(o.signed !== 'response'),
      { extract: { request: { id: o.inResponseTo ?? '' } } },
      'post',
      { email: person.email },
      { customTagReplacement: () => ({ id, context: fill(template) }) },
    );
    return made.context;
  }

  async function form(req: IncomingMessage): Promise<URLSearchParams> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
  }

  function page(res: ServerResponse, title: string, body: string) {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body><main>${body}</main></body></html>`,
    );
  }

  /** The auto-submitting HTTP-POST binding form to the ACS. */
  function postToAcs(res: ServerResponse, samlResponse: string, relayState: string | undefined) {
    const { facts } = trustedSp();
    page(
      res,
      'Signing you in',
      `<h1>Signing you in</h1><form method="post" action="${escapeHtml(facts.acsUrl)}">` +
        `<input type="hidden" name="SAMLResponse" value="${escapeHtml(samlResponse)}">` +
        (relayState
          ? `<input type="hidden" name="RelayState" value="${escapeHtml(relayState)}">`
          : '') +
        `<noscript><button type="submit">Continue</button></noscript></form>` +
        `<script>document.forms[0].submit()</script>`,
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', origin);
    if (req.method === 'GET' && url.pathname === '/sso') {
      const request = await readRequest(url.toString());
      page(
        res,
        'Test IdP sign-in',
        `<h1>Test IdP</h1><form method="post" action="/sso/login">` +
          `<input type="hidden" name="requestId" value="${escapeHtml(request.id)}">` +
          `<input type="hidden" name="RelayState" value="${escapeHtml(request.relayState ?? '')}">` +
          `<p><label for="email">Email</label> <input id="email" name="email" type="email" autocomplete="username" required></p>` +
          `<p><button type="submit" name="action" value="sign-in">Sign in</button> ` +
          `<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button></p></form>`,
      );
      return;
    }
    if (req.method === 'POST' && url.pathname === '/sso/login') {
      const body = await form(req);
      const inResponseTo = body.get('requestId') || null;
      const relayState = body.get('RelayState') || undefined;
      if (body.get('action') === 'cancel') {
        postToAcs(res, await response({ inResponseTo, failure: 'AuthnFailed' }), relayState);
        return;
      }
      const email = (body.get('email') ?? '').trim();
      const person = people.get(email.toLowerCase()) ?? { email };
      postToAcs(res, await response({ inResponseTo, person }), relayState);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  return {
    ssoUrl,
    entityId,
    certificate: keys.certificate,
    trust(metadataXml: string) {
      sp = samlify.ServiceProvider({ metadata: metadataXml });
      if (!sp.entityMeta.getAssertionConsumerService('post')) {
        throw new Error('the service provider states no HTTP-POST assertion consumer service');
      }
      spFacts = {
        entityId: sp.entityMeta.getEntityID(),
        acsUrl: sp.entityMeta.getAssertionConsumerService('post') as string,
      };
    },
    setPerson(person) {
      people.set(person.email.toLowerCase(), person);
    },
    readRequest,
    response,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The AuthnRequest XML of a redirect, for tests that look at it themselves. */
export function authnRequestXml(location: string): string {
  const encoded = new URL(location).searchParams.get('SAMLRequest') ?? '';
  return inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
}
