import { X509Certificate } from 'node:crypto';
import { and, asc, count, desc, eq, ne, sql } from 'drizzle-orm';
import {
  CLUSTER_CONNECTION_FIELDS,
  type Cluster,
  type ClusterPage,
  type CreateClusterRequest,
  type ParsedClusterListQuery,
  type UpdateClusterRequest,
} from '../../../contract/clusters';
import { normaliseTags } from '../../../domain/tags';
import type { Db } from '../../db/client';
import { clusters } from '../../db/schema';
import type { Deps, Principal } from '../../lib/context';
import { HttpProblem, invalidField } from '../../lib/problem';
import { offsetOf, parseSort } from '../../lib/sql';
import { assertCurrentVersion } from '../../lib/versions';
import {
  accessOf,
  callerAccess,
  pageFrom,
  readableOr404,
  changedTags,
  noSuch,
  readableCondition,
  requirePrivilege,
  searchOf,
  tagFilterOf,
  type Access,
} from '../access/access.service';
import { recordAudit, secretMarker } from '../audit/audit.service';

type ClusterRow = typeof clusters.$inferSelect;

/** A certificate's SHA-256 fingerprint: what the audit log shows of it (a diff of PEM helps no one). */
function fingerprintOf(pem: string | null): string | null {
  return pem === null ? null : new X509Certificate(pem).fingerprint256;
}

/**
 * What the audit log records of a cluster: its name, tags and connection, the token as a marker
 * (`[redacted]` when set, `[redacted: changed]` when the change replaced it).
 */
const clusterSnapshot = (row: ClusterRow, tokenReplaced = false) => ({
  name: row.name,
  tags: row.tags,
  apiServerUrl: row.apiServerUrl,
  caCertificate: fingerprintOf(row.caCertificate),
  serviceAccountToken: secretMarker(row.serviceAccountTokenSealed !== null, tokenReplaced),
  internal: row.internal,
});
const clusterTarget = (row: ClusterRow) =>
  ({ type: 'cluster', id: row.id, name: row.name }) as const;

function toCluster(row: ClusterRow, access: Access): Cluster {
  return {
    id: row.id,
    name: row.name,
    tags: row.tags,
    provider: 'custom',
    apiServerUrl: row.apiServerUrl,
    caCertificate: row.caCertificate,
    serviceAccountTokenSet: row.serviceAccountTokenSealed !== null,
    internal: row.internal,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    ...callerAccess(access, { type: 'cluster', tags: row.tags }),
  };
}

/** `GET /api/clusters`: the clusters the caller may read (P-2.9), filtered in the database. */
export async function listClusters(
  { db }: Deps,
  principal: Principal,
  query: ParsedClusterListQuery,
): Promise<ClusterPage> {
  const access = await accessOf(db, principal, 'cluster');
  const where = and(
    eq(clusters.accountId, principal.accountId),
    await readableCondition(db, principal.accountId, access, 'cluster', clusters),
    searchOf([clusters.name], clusters.tags, query.q),
    tagFilterOf(clusters.tags, query.tag),
  );
  const { field, descending } = parseSort(query.sort);
  const direction = descending ? desc : asc;
  const order =
    field === 'createdAt'
      ? [direction(clusters.createdAt), asc(clusters.id)]
      : [direction(sql`lower(${clusters.name})`), asc(clusters.id)];
  return pageFrom(
    db
      .select()
      .from(clusters)
      .where(where)
      .orderBy(...order)
      .limit(query.pageSize)
      .offset(offsetOf(query)),
    db.select({ value: count() }).from(clusters).where(where),
    query,
    (row) => toCluster(row, access),
  );
}

/** The cluster, if it exists and the caller may read it; otherwise 404, whichever it is. */
async function readableCluster(
  db: Db,
  principal: Principal,
  access: Access,
  id: string,
  forUpdate = false,
): Promise<ClusterRow> {
  const query = db
    .select()
    .from(clusters)
    .where(and(eq(clusters.id, id), eq(clusters.accountId, principal.accountId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return readableOr404(row, access, 'cluster');
}

export async function getCluster({ db }: Deps, principal: Principal, id: string): Promise<Cluster> {
  const access = await accessOf(db, principal, 'cluster');
  return toCluster(await readableCluster(db, principal, access, id), access);
}

async function assertNameFree(db: Db, accountId: string, name: string, except?: string) {
  const [clash] = await db
    .select({ id: clusters.id })
    .from(clusters)
    .where(
      and(
        eq(clusters.accountId, accountId),
        sql`lower(${clusters.name}) = lower(${name})`,
        except ? ne(clusters.id, except) : undefined,
      ),
    );
  if (clash) throw invalidField('name', `A cluster named ${name} already exists.`);
}

type ConnectionInput = Pick<
  UpdateClusterRequest,
  'apiServerUrl' | 'caCertificate' | 'serviceAccountToken' | 'internal'
>;

/**
 * The stored connection columns a request sets (P-5.3): the certificate must parse, the token is
 * sealed (`null` clears it, left out keeps it), and a new API server URL needs the token again,
 * so that it never goes to a new host unasked.
 */
function connectionColumns(
  { secrets }: Deps,
  input: ConnectionInput,
  current?: ClusterRow,
): Partial<ClusterRow> {
  if (input.caCertificate) {
    try {
      new X509Certificate(input.caCertificate);
    } catch {
      throw invalidField('caCertificate', 'This is not a certificate that can be read (PEM).');
    }
  }
  const moved =
    current !== undefined &&
    input.apiServerUrl !== undefined &&
    input.apiServerUrl !== current.apiServerUrl;
  if (
    moved &&
    current.serviceAccountTokenSealed !== null &&
    input.serviceAccountToken === undefined
  ) {
    throw invalidField(
      'serviceAccountToken',
      'Give the service-account token again when the API server URL changes, so that it never goes to a new host unasked (or send null to remove it).',
    );
  }
  const token = input.serviceAccountToken;
  return {
    ...(input.apiServerUrl !== undefined ? { apiServerUrl: input.apiServerUrl } : {}),
    ...(input.caCertificate !== undefined ? { caCertificate: input.caCertificate } : {}),
    ...(token !== undefined
      ? { serviceAccountTokenSealed: token === null ? null : secrets.seal(token) }
      : {}),
    ...(input.internal !== undefined ? { internal: input.internal } : {}),
  };
}

/** Connection settings are administrators' whatever the rules say (P-5.3). */
function assertMayChangeConnection(principal: Principal, input: ConnectionInput) {
  const touched = CLUSTER_CONNECTION_FIELDS.filter((field) => input[field] !== undefined);
  if (touched.length > 0 && principal.level !== 'administrator') {
    throw new HttpProblem(
      403,
      'Only administrators change the connection settings of a cluster (API server, certificate, token, internal).',
      { code: 'administrators-only' },
    );
  }
}

/** `POST /api/clusters`: administrators only (P-2.7), enforced by the route. */
export async function createCluster(
  deps: Deps,
  principal: Principal,
  input: CreateClusterRequest,
): Promise<Cluster> {
  const { db, clock } = deps;
  const access = await accessOf(db, principal, 'cluster');
  const connection = connectionColumns(deps, input);
  const row = await db.transaction(async (tx) => {
    await assertNameFree(tx, principal.accountId, input.name);
    const now = clock.now();
    const [created] = await tx
      .insert(clusters)
      .values({
        accountId: principal.accountId,
        name: input.name,
        tags: normaliseTags(input.tags ?? []),
        ...connection,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await recordAudit(tx, principal, {
      at: now,
      action: 'cluster.created',
      target: clusterTarget(created!),
      before: null,
      after: clusterSnapshot(created!),
    });
    return created!;
  });
  return toCluster(row, access);
}

/**
 * `PATCH /api/clusters/:id`: needs update; a tag change needs an administrator, whatever the
 * rules say (P-2.7). An `If-Match` (optional) must name the current version.
 */
export async function updateCluster(
  deps: Deps,
  principal: Principal,
  id: string,
  change: UpdateClusterRequest,
  ifMatch?: string,
): Promise<Cluster> {
  const { db, clock } = deps;
  const access = await accessOf(db, principal, 'cluster');
  const row = await db.transaction(async (tx) => {
    const current = await readableCluster(tx, principal, access, id, true);
    const label = `cluster ${current.name}`;
    requirePrivilege(access, { type: 'cluster', tags: current.tags }, 'update', label);
    assertCurrentVersion(ifMatch, current.version, `The ${label}`);
    const tags = changedTags(current.tags, change);
    const retagged = tags.join(',') !== current.tags.join(',');
    if (retagged && principal.level !== 'administrator') {
      throw new HttpProblem(403, 'Only administrators change the tags of a cluster.', {
        code: 'administrators-only',
      });
    }
    assertMayChangeConnection(principal, change);
    if (change.name !== undefined && change.name !== current.name) {
      await assertNameFree(tx, principal.accountId, change.name, id);
    }
    const connection = connectionColumns(deps, change, current);
    const [updated] = await tx
      .update(clusters)
      .set({
        name: change.name ?? current.name,
        tags,
        ...connection,
        version: current.version + 1,
        updatedAt: clock.now(),
      })
      .where(eq(clusters.id, id))
      .returning();
    const tokenReplaced = typeof change.serviceAccountToken === 'string';
    await recordAudit(tx, principal, {
      at: updated!.updatedAt,
      action: 'cluster.updated',
      target: clusterTarget(updated!),
      before: clusterSnapshot(current),
      after: clusterSnapshot(updated!, tokenReplaced),
    });
    return updated!;
  });
  return toCluster(row, access);
}

/**
 * `DELETE /api/clusters/:id`: administrators only (P-2.7), enforced by the route. An `If-Match`
 * (optional) must name the current version.
 */
export async function deleteCluster(
  { db, clock }: Deps,
  principal: Principal,
  id: string,
  ifMatch?: string,
) {
  await db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(clusters)
      .where(and(eq(clusters.id, id), eq(clusters.accountId, principal.accountId)))
      .for('update');
    if (!current) throw noSuch('cluster');
    assertCurrentVersion(ifMatch, current.version, `The cluster ${current.name}`);
    await tx.delete(clusters).where(eq(clusters.id, id));
    await recordAudit(tx, principal, {
      at: clock.now(),
      action: 'cluster.deleted',
      target: clusterTarget(current),
      before: clusterSnapshot(current),
      after: null,
    });
  });
}
