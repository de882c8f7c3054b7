import type { AuditAction } from '../../../contract/audit';
import type { ConnectionTestResult, IntegrationReference } from '../../../contract/integrations';
import type { Db } from '../../db/client';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { assertCurrentVersion } from '../../lib/versions';
import { recordAudit, secretMarker, type Snapshot } from '../audit/audit.service';
import type { CheckOptions, CheckOutcome } from './connection-checks';

/**
 * What git providers (P-5.1) and container registries (P-5.2) have in common: write-only
 * credentials sealed with the deployment's key, a unique name per account, an optional
 * `If-Match`, a real connection test (refused when behind the firewall), the pipelines that use
 * one, and a deletion that asks first when there are any. Each kind brings its table through an
 * `IntegrationStore`; this module holds the rules once.
 */

/** The columns both tables have. */
export interface IntegrationRow {
  id: string;
  name: string;
  credentialsSealed: string | null;
  behindFirewall: boolean;
  lastTest: ConnectionTestResult | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How many rows per page, and which, as every list endpoint reads them. */
export interface IntegrationPageQuery {
  page: number;
  pageSize: number;
  q?: string | undefined;
}

/** The stored columns a request sets, beyond name and credentials. */
export type IntegrationValues<Row extends IntegrationRow> = Partial<
  Omit<Row, 'id' | 'credentialsSealed' | 'lastTest' | 'version' | 'createdAt' | 'updatedAt'>
>;

/** One kind of integration: its words, its table and its connection check. */
export interface IntegrationStore<Row extends IntegrationRow, Item, Credentials> {
  /** "git provider", "registry": in sentences. */
  noun: string;
  target: 'git-provider' | 'registry';
  actions: { created: AuditAction; updated: AuditAction; deleted: AuditAction };
  /** The field whose change sends the credentials to a new host: `baseUrl`, `domain`. */
  addressOf(row: Row): string;
  /** What the API answers: never the credentials. */
  toItem(row: Row): Item;
  /** The audited fields (the credentials are added as a marker by this module). */
  snapshot(row: Row): Snapshot;
  /** 422 on the field that breaks a rule of the whole record (behindFirewall without onPremise). */
  validate(row: Row): HttpProblem | undefined;
  find(db: Db, accountId: string, id: string, forUpdate?: boolean): Promise<Row | undefined>;
  nameTaken(db: Db, accountId: string, name: string, except?: string): Promise<boolean>;
  page(
    db: Db,
    accountId: string,
    query: IntegrationPageQuery,
  ): Promise<{ rows: Row[]; total: number }>;
  insert(
    db: Db,
    values: Omit<Row, 'id' | 'lastTest' | 'version'> & { accountId: string },
  ): Promise<Row>;
  update(db: Db, id: string, values: Partial<Row>): Promise<Row>;
  /** Deletes the row and whatever only served it (a git provider's triggers, by cascade). */
  remove(db: Db, id: string): Promise<void>;
  /** The pipelines that use it. */
  references(db: Db, accountId: string, id: string): Promise<IntegrationReference[]>;
  /** What a forced deletion takes along, for the 409's sentence. */
  forceNote: string;
  check(row: Row, credentials: Credentials | null, options: CheckOptions): Promise<CheckOutcome>;
}

type Store<Row extends IntegrationRow, Item, Credentials> = IntegrationStore<
  Row,
  Item,
  Credentials
>;

function noSuch(store: { noun: string }): HttpProblem {
  return new HttpProblem(404, `There is no such ${store.noun}.`);
}

async function existing<Row extends IntegrationRow>(
  store: Store<Row, unknown, unknown>,
  db: Db,
  accountId: string,
  id: string,
  forUpdate = false,
): Promise<Row> {
  const row = await store.find(db, accountId, id, forUpdate);
  if (!row) throw noSuch(store);
  return row;
}

async function assertNameFree(
  store: Store<IntegrationRow, unknown, unknown>,
  db: Db,
  accountId: string,
  name: string,
  except?: string,
) {
  if (await store.nameTaken(db, accountId, name, except)) {
    throw invalidField('name', `A ${store.noun} named ${name} already exists.`);
  }
}

/** The audited fields with the credentials as `[redacted]`, `[redacted: changed]` or null. */
function snapshotOf<Row extends IntegrationRow>(
  store: Store<Row, unknown, unknown>,
  row: Row,
  credentialsReplaced = false,
): Snapshot {
  return {
    ...store.snapshot(row),
    credentials: secretMarker(row.credentialsSealed !== null, credentialsReplaced),
  };
}

function targetOf(store: Store<IntegrationRow, unknown, unknown>, row: IntegrationRow) {
  return { type: store.target, id: row.id, name: row.name };
}

function seal(deps: Deps, credentials: unknown): string {
  return deps.secrets.seal(JSON.stringify(credentials));
}

export async function listIntegrations<Row extends IntegrationRow, Item>(
  store: Store<Row, Item, unknown>,
  { db }: Deps,
  principal: Principal,
  query: IntegrationPageQuery,
) {
  const { rows, total } = await store.page(db, principal.accountId, query);
  return { items: rows.map(store.toItem), total, page: query.page, pageSize: query.pageSize };
}

export async function getIntegration<Row extends IntegrationRow, Item>(
  store: Store<Row, Item, unknown>,
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<Item> {
  return store.toItem(await existing(store, db, principal.accountId, id));
}

/** Creates one; `values` has passed the request schema (and its record-wide rules). */
export async function createIntegration<Row extends IntegrationRow, Item, Credentials>(
  store: Store<Row, Item, Credentials>,
  deps: Deps,
  principal: Principal,
  values: IntegrationValues<Row> & { name: string },
  credentials: Credentials | undefined,
): Promise<Item> {
  const row = await deps.db.transaction(async (tx) => {
    await assertNameFree(store, tx, principal.accountId, values.name);
    const now = deps.clock.now();
    const created = await store.insert(tx, {
      ...(values as Omit<Row, 'id' | 'lastTest' | 'version'>),
      accountId: principal.accountId,
      credentialsSealed: credentials === undefined ? null : seal(deps, credentials),
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, principal, {
      at: now,
      action: store.actions.created,
      target: targetOf(store, created),
      before: null,
      after: snapshotOf(store, created),
    });
    return created;
  });
  return store.toItem(row);
}

/**
 * Changes one. `credentials`: replaces them; `null`: clears them; undefined: keeps them, which
 * is refused when the address changes (they must not go to a new host unasked). A change of the
 * address or the credentials forgets the last test, which was about the old ones.
 */
export async function updateIntegration<Row extends IntegrationRow, Item, Credentials>(
  store: Store<Row, Item, Credentials>,
  deps: Deps,
  principal: Principal,
  id: string,
  change: IntegrationValues<Row>,
  credentials: Credentials | null | undefined,
  ifMatch: string | undefined,
): Promise<Item> {
  const row = await deps.db.transaction(async (tx) => {
    const current = await existing(store, tx, principal.accountId, id, true);
    assertCurrentVersion(ifMatch, current.version, `The ${store.noun} ${current.name}`);
    const defined = Object.fromEntries(
      Object.entries(change).filter(([, value]) => value !== undefined),
    ) as Partial<Row>;
    const merged: Row = { ...current, ...defined };
    const problem = store.validate(merged);
    if (problem) throw problem;
    if (merged.name.toLowerCase() !== current.name.toLowerCase()) {
      await assertNameFree(store, tx, principal.accountId, merged.name, id);
    }
    const moved = store.addressOf(merged) !== store.addressOf(current);
    if (moved && current.credentialsSealed !== null && credentials === undefined) {
      throw invalidField(
        'credentials',
        'Give the credentials again when the address changes, so that they never go to a new host unasked (or send null to remove them).',
      );
    }
    const sealed =
      credentials === undefined
        ? current.credentialsSealed
        : credentials === null
          ? null
          : seal(deps, credentials);
    const fieldsChanged = Object.entries(defined).some(
      ([key, value]) => current[key as keyof Row] !== value,
    );
    if (!fieldsChanged && credentials === undefined) return current;
    const updated = await store.update(tx, id, {
      ...defined,
      credentialsSealed: sealed,
      ...(moved || credentials !== undefined ? { lastTest: null } : {}),
      version: current.version + 1,
      updatedAt: deps.clock.now(),
    } as Partial<Row>);
    await recordAudit(tx, principal, {
      at: updated.updatedAt,
      action: store.actions.updated,
      target: targetOf(store, updated),
      before: snapshotOf(store, current),
      after: snapshotOf(store, updated, credentials !== undefined && credentials !== null),
    });
    return updated;
  });
  return store.toItem(row);
}

/**
 * The stored credentials in the clear, for a test. A value sealed under another key (the
 * deployment's SECRETS_KEY changed, or servers sharing a database hold different keys) cannot be
 * opened: 409 asking for them again, rather than a 500.
 */
function openCredentials<Credentials>(
  deps: Deps,
  store: { noun: string },
  row: IntegrationRow,
): Credentials | null {
  if (row.credentialsSealed === null) return null;
  try {
    return JSON.parse(deps.secrets.open(row.credentialsSealed)) as Credentials;
  } catch {
    throw new HttpProblem(
      409,
      `The stored credentials of the ${store.noun} ${row.name} cannot be opened with this server's key (SECRETS_KEY): enter them again.`,
      { code: 'credentials-unreadable' },
    );
  }
}

/**
 * "Test connection": 409 behind the firewall; otherwise the real check, outside any
 * transaction (it may take seconds), its outcome kept as `lastTest` unless the integration
 * changed meanwhile. A test changes no setting, so it writes no audit entry.
 */
export async function testIntegration<Row extends IntegrationRow, Item, Credentials>(
  store: Store<Row, Item, Credentials>,
  deps: Deps,
  principal: Principal,
  id: string,
  options: Partial<CheckOptions> = {},
): Promise<ConnectionTestResult> {
  const row = await existing(store, deps.db, principal.accountId, id);
  if (row.behindFirewall) {
    throw new HttpProblem(
      409,
      `The platform cannot reach a ${store.noun} behind the firewall: only runners inside that network can. Test it from there.`,
      { code: 'behind-firewall' },
    );
  }
  const credentials = openCredentials<Credentials>(deps, store, row);
  const outcome = await store.check(row, credentials, {
    allowPrivate: deps.env.ALLOW_PRIVATE_NETWORK_TESTS,
    ...options,
  });
  const result: ConnectionTestResult = { ...outcome, at: deps.clock.now().toISOString() };
  await deps.db.transaction(async (tx) => {
    const latest = await store.find(tx, principal.accountId, id, true);
    if (latest?.version === row.version)
      await store.update(tx, id, { lastTest: result } as Partial<Row>);
  });
  return result;
}

export async function integrationReferences(
  store: Store<IntegrationRow, unknown, unknown>,
  { db }: Deps,
  principal: Principal,
  id: string,
): Promise<{ items: IntegrationReference[] }> {
  await existing(store, db, principal.accountId, id);
  return { items: await store.references(db, principal.accountId, id) };
}

/** "payments/api (trigger on acme/api), …": at most five, then how many more. */
function namesOf(references: IntegrationReference[]): string {
  const shown = references
    .slice(0, 5)
    .map((ref) => `${ref.project}/${ref.name} (${ref.via})`)
    .join(', ');
  return references.length > 5 ? `${shown} and ${references.length - 5} more` : shown;
}

/**
 * Deletes one. When pipelines use it and `force` is not given: 409 `in-use` with the list,
 * so that the console can show it and ask.
 */
export async function deleteIntegration<Row extends IntegrationRow>(
  store: Store<Row, unknown, unknown>,
  deps: Deps,
  principal: Principal,
  id: string,
  force: boolean,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const row = await existing(store, tx, principal.accountId, id, true);
    const references = await store.references(tx, principal.accountId, id);
    if (references.length > 0 && !force) {
      const pipelines = new Set(references.map((ref) => ref.pipelineId)).size;
      throw new HttpProblem(
        409,
        `The ${store.noun} ${row.name} is used by ${pipelines === 1 ? 'a pipeline' : `${pipelines} pipelines`}: ${namesOf(references)}. ${store.forceNote}`,
        { code: 'in-use', references },
      );
    }
    await store.remove(tx, id);
    await recordAudit(tx, principal, {
      at: deps.clock.now(),
      action: store.actions.deleted,
      target: targetOf(store, row),
      before: snapshotOf(store, row),
      after: null,
    });
  });
}
