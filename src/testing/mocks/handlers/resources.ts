import type { z } from 'zod';
import {
  createClusterRequestSchema,
  updateClusterRequestSchema,
  type Cluster,
} from '@contract/clusters';
import {
  createPipelineRequestSchema,
  updatePipelineRequestSchema,
  type Pipeline,
  type PipelineVersion,
} from '@contract/pipelines';
import {
  sourceDisabledReason,
  type PipelineSource,
  type PipelineSourceView,
} from '@contract/pipeline-sources';
import { etagOf } from '@contract/versions';
import { applyTagChange, normaliseTags } from '@domain/tags';
import { db } from '../db';
import { buildCluster, buildPipeline } from '../factories';
import { http, refuse, versionProblem } from '../http';
import {
  administratorsOnly,
  invalid,
  invalidField,
  missingPrivilege,
  problemResponse,
} from '../problems';

// A small model of the cluster and pipeline API over `db.clusters` and `db.pipelines`, which
// hold the resources as the signed-in person sees them (their privileges included): the
// filters, sorts and pages the lists take, validation, administrators-only actions, the 403 of
// a missing privilege, and the versions of pipelines (If-Match: 428 without, 412 when stale).

const noSuch = (kind: 'cluster' | 'pipeline') =>
  problemResponse(404, 'Not Found', { detail: `There is no such ${kind}, or you may not see it.` });

const isAdministrator = () => db.person.level === 'administrator';

/**
 * The connection settings a cluster `PATCH` sets (P-5.3), as the server checks them:
 * administrators only, and a new API server URL needs the token again. The token itself is
 * kept in `db.clusterTokens`, never answered.
 */
function clusterConnectionChange(
  cluster: Cluster,
  input: z.output<typeof updateClusterRequestSchema>,
): Partial<Cluster> | Response {
  const { apiServerUrl, caCertificate, serviceAccountToken, internal } = input;
  const touched = [apiServerUrl, caCertificate, serviceAccountToken, internal].some(
    (value) => value !== undefined,
  );
  if (!touched) return {};
  if (!isAdministrator()) {
    return administratorsOnly(
      'Only administrators change the connection settings of a cluster (API server, certificate, token, internal).',
    );
  }
  const moved = apiServerUrl !== undefined && apiServerUrl !== cluster.apiServerUrl;
  if (moved && cluster.serviceAccountTokenSet && serviceAccountToken === undefined) {
    return invalidField(
      'serviceAccountToken',
      'Give the service-account token again when the API server URL changes, so that it never goes to a new host unasked (or send null to remove it).',
    );
  }
  if (serviceAccountToken === null) delete db.clusterTokens[cluster.id];
  else if (serviceAccountToken !== undefined) db.clusterTokens[cluster.id] = serviceAccountToken;
  return {
    ...(apiServerUrl !== undefined ? { apiServerUrl } : {}),
    ...(caCertificate !== undefined ? { caCertificate } : {}),
    ...(internal !== undefined ? { internal } : {}),
    serviceAccountTokenSet:
      serviceAccountToken === undefined
        ? cluster.serviceAccountTokenSet
        : serviceAccountToken !== null,
  };
}

/** `?q=` matches a name (or project) or a tag, `?tag=` one tag or `untagged`. */
function matches(url: URL, resource: { tags: string[] }, ...texts: string[]): boolean {
  const q = url.searchParams.get('q')?.toLowerCase();
  const tag = url.searchParams.get('tag');
  const found = !q || [...texts, ...resource.tags].some((text) => text.toLowerCase().includes(q));
  const tagged =
    !tag || (tag === 'untagged' ? resource.tags.length === 0 : resource.tags.includes(tag));
  return found && tagged;
}

/** Sorts by `field` or `-field`, then pages, the way every list endpoint does. */
function page<T>(items: T[], url: URL, key: (item: T, field: string) => string) {
  const sort = url.searchParams.get('sort') ?? 'name';
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const sorted = [...items].sort((a, b) => {
    const order = key(a, field).localeCompare(key(b, field));
    return descending ? -order : order;
  });
  const pageNumber = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  return {
    items: sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    total: items.length,
    page: pageNumber,
    pageSize,
  };
}

const now = () => new Date().toISOString();

function replaceCluster(cluster: Cluster) {
  db.clusters = db.clusters.map((c) => (c.id === cluster.id ? cluster : c));
}

function replacePipeline(pipeline: Pipeline) {
  db.pipelines = db.pipelines.map((p) => (p.id === pipeline.id ? pipeline : p));
}

/**
 * A saved definition as the server keeps it (issue 20): the next version, unless the text is the
 * newest version's. The digest stands for the server's SHA-256 (the tests compare no digests).
 */
function saveVersion(pipelineId: string, definition: string) {
  const versions = db.pipelineVersions[pipelineId] ?? [];
  const newest = versions.at(-1);
  if (newest?.definition === definition) return;
  const version: PipelineVersion = {
    n: (newest?.n ?? 0) + 1,
    who: { id: db.person.id, name: db.person.name, email: db.person.email },
    when: now(),
    lines: definition === '' ? 0 : definition.replace(/\n$/, '').split('\n').length,
    digest: [...definition]
      .reduce((hash, c) => (hash * 31 + c.charCodeAt(0)) >>> 0, 7)
      .toString(16)
      .padStart(64, '0'),
    definition,
  };
  db.pipelineVersions[pipelineId] = [...versions, version];
}

/** 422 on `source.type` when the account turned that source off, as the server answers it. */
function sourceProblem(source: PipelineSource | undefined) {
  if (!source || db.person.account.pipelineSources[source.type]) return undefined;
  return invalidField('source.type', sourceDisabledReason(source.type));
}

/** A source as the API answers it: a git source names its provider. */
function sourceViewOf(source: PipelineSource): PipelineSourceView {
  if (source.type !== 'git') return source;
  const provider = db.gitProviders.find((p) => p.id === source.gitProviderId);
  return { ...source, gitProviderName: provider?.name ?? null };
}

/** Lists leave the inline YAML out. */
const listed = (pipeline: Pipeline): Pipeline =>
  pipeline.source.type === 'inline' ? { ...pipeline, source: { type: 'inline' } } : pipeline;

/** 428 without `If-Match`, 412 when it names another version than the stored one. */
const pipelineVersionProblem = (request: Request, pipeline: Pipeline) =>
  versionProblem(request, {
    version: pipeline.version,
    subject: `pipeline ${pipeline.project}/${pipeline.name}`,
    required: true,
  });

export const resourceHandlers = [
  http.get('/api/clusters', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const clusters = db.clusters.filter((cluster) => matches(url, cluster, cluster.name));
    return response(200).json(
      page(clusters, url, (cluster, field) =>
        field === 'createdAt' ? cluster.createdAt : cluster.name.toLowerCase(),
      ),
    );
  }),

  http.post('/api/clusters', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!isAdministrator()) {
      return response.untyped(administratorsOnly('Only administrators add clusters.'));
    }
    const parsed = createClusterRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { name, tags = [] } = parsed.data;
    if (db.clusters.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      return response.untyped(invalidField('name', `A cluster named ${name} already exists.`));
    }
    const cluster = buildCluster({ name, tags: normaliseTags(tags) });
    db.clusters = [...db.clusters, cluster];
    return response(201).json(cluster);
  }),

  http.get('/api/clusters/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const cluster = db.clusters.find((c) => c.id === params.id);
    return cluster
      ? response(200).json(cluster, { headers: { ETag: etagOf(cluster.version) } })
      : response.untyped(noSuch('cluster'));
  }),

  http.patch('/api/clusters/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const cluster = db.clusters.find((c) => c.id === params.id);
    if (!cluster) return response.untyped(noSuch('cluster'));
    const parsed = updateClusterRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    if (!cluster.privileges.includes('update')) {
      return response.untyped(missingPrivilege('update', `cluster ${cluster.name}`));
    }
    const stale = versionProblem(request, {
      version: cluster.version,
      subject: `The cluster ${cluster.name}`,
    });
    if (stale) return response.untyped(stale);
    const tags = applyTagChange(cluster.tags, parsed.data);
    if (tags.join(',') !== cluster.tags.join(',') && !isAdministrator()) {
      return response.untyped(
        administratorsOnly('Only administrators change the tags of a cluster.'),
      );
    }
    const name = parsed.data.name ?? cluster.name;
    if (
      db.clusters.some((c) => c.id !== cluster.id && c.name.toLowerCase() === name.toLowerCase())
    ) {
      return response.untyped(invalidField('name', `A cluster named ${name} already exists.`));
    }
    const connection = clusterConnectionChange(cluster, parsed.data);
    if (connection instanceof Response) return response.untyped(connection);
    const changed = {
      ...cluster,
      ...connection,
      name,
      tags,
      version: cluster.version + 1,
      updatedAt: now(),
    };
    replaceCluster(changed);
    return response(200).json(changed, { headers: { ETag: etagOf(changed.version) } });
  }),

  http.delete('/api/clusters/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!isAdministrator()) {
      return response.untyped(administratorsOnly('Only administrators delete clusters.'));
    }
    if (!db.clusters.some((c) => c.id === params.id)) return response.untyped(noSuch('cluster'));
    db.clusters = db.clusters.filter((c) => c.id !== params.id);
    return response(204).empty();
  }),

  http.get('/api/pipelines', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const project = url.searchParams.get('project')?.toLowerCase();
    const source = url.searchParams.get('source');
    const pipelines = db.pipelines.filter(
      (pipeline) =>
        matches(url, pipeline, pipeline.name, pipeline.project) &&
        (!project || pipeline.project.toLowerCase() === project) &&
        (!source || pipeline.source.type === source),
    );
    const answered = page(pipelines, url, (pipeline, field) =>
      field === 'updatedAt'
        ? pipeline.updatedAt
        : field === 'project'
          ? `${pipeline.project.toLowerCase()}/${pipeline.name.toLowerCase()}`
          : pipeline.name.toLowerCase(),
    );
    return response(200).json({ ...answered, items: answered.items.map(listed) });
  }),

  http.post('/api/pipelines', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = createPipelineRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { name, project, tags = [], source } = parsed.data;
    const refusedSource = sourceProblem(source);
    if (refusedSource) return response.untyped(refusedSource);
    const taken = db.pipelines.some(
      (p) =>
        p.project.toLowerCase() === project.toLowerCase() &&
        p.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) {
      return response.untyped(
        invalidField('name', `A pipeline named ${name} already exists in project ${project}.`),
      );
    }
    const pipeline = buildPipeline({
      name,
      project,
      tags: normaliseTags(tags),
      source: sourceViewOf(source),
    });
    db.pipelines = [...db.pipelines, pipeline];
    return response(201).json(pipeline, { headers: { ETag: etagOf(pipeline.version) } });
  }),

  http.get('/api/pipelines/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    return pipeline
      ? response(200).json(pipeline, { headers: { ETag: etagOf(pipeline.version) } })
      : response.untyped(noSuch('pipeline'));
  }),

  http.patch('/api/pipelines/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    if (!pipeline) return response.untyped(noSuch('pipeline'));
    const parsed = updatePipelineRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const label = `pipeline ${pipeline.project}/${pipeline.name}`;
    if (!pipeline.privileges.includes('update')) {
      return response.untyped(missingPrivilege('update', label));
    }
    const stale = pipelineVersionProblem(request, pipeline);
    if (stale) return response.untyped(stale);
    const refusedSource = sourceProblem(parsed.data.source);
    if (refusedSource) return response.untyped(refusedSource);
    const name = parsed.data.name ?? pipeline.name;
    const project = parsed.data.project ?? pipeline.project;
    const taken = db.pipelines.some(
      (p) =>
        p.id !== pipeline.id &&
        p.project.toLowerCase() === project.toLowerCase() &&
        p.name.toLowerCase() === name.toLowerCase(),
    );
    if (taken) {
      return response.untyped(
        invalidField('name', `A pipeline named ${name} already exists in project ${project}.`),
      );
    }
    const changed: Pipeline = {
      ...pipeline,
      name,
      project,
      tags: applyTagChange(pipeline.tags, parsed.data),
      ...(parsed.data.source ? { source: sourceViewOf(parsed.data.source) } : {}),
      version: pipeline.version + 1,
      updatedAt: now(),
    };
    // A dry run: every check made, nothing saved (the version stays).
    if (new URL(request.url).searchParams.get('dryRun') === 'true') {
      const preview = { ...changed, version: pipeline.version, updatedAt: pipeline.updatedAt };
      return response(200).json(preview, { headers: { ETag: etagOf(pipeline.version) } });
    }
    replacePipeline(changed);
    if (parsed.data.source?.type === 'inline') saveVersion(pipeline.id, parsed.data.source.yaml);
    return response(200).json(changed, { headers: { ETag: etagOf(changed.version) } });
  }),

  http.get('/api/pipelines/{id}/versions', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.pipelines.some((p) => p.id === params.id)) {
      return response.untyped(noSuch('pipeline'));
    }
    const url = new URL(request.url);
    const newestFirst = [...(db.pipelineVersions[params.id] ?? [])].reverse();
    const pageNumber = Number(url.searchParams.get('page') ?? 1);
    const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
    return response(200).json({
      items: newestFirst
        .slice((pageNumber - 1) * pageSize, pageNumber * pageSize)
        .map(({ definition: _definition, ...summary }) => summary),
      total: newestFirst.length,
      page: pageNumber,
      pageSize,
    });
  }),

  http.get('/api/pipelines/{id}/versions/{n}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const version = db.pipelines.some((p) => p.id === params.id)
      ? db.pipelineVersions[params.id]?.find((v) => v.n === Number(params.n))
      : undefined;
    return version
      ? response(200).json(version)
      : response.untyped(
          problemResponse(404, 'Not Found', {
            detail: `This pipeline has no definition version ${params.n}.`,
          }),
        );
  }),

  http.post('/api/pipelines/{id}/versions/{n}/restore', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    if (!pipeline) return response.untyped(noSuch('pipeline'));
    const version = db.pipelineVersions[params.id]?.find((v) => v.n === Number(params.n));
    if (!version) return response.untyped(noSuch('pipeline'));
    if (!pipeline.privileges.includes('update')) {
      return response.untyped(
        missingPrivilege('update', `pipeline ${pipeline.project}/${pipeline.name}`),
      );
    }
    const stale = pipelineVersionProblem(request, pipeline);
    if (stale) return response.untyped(stale);
    const refusedSource = sourceProblem({ type: 'inline', yaml: version.definition });
    if (refusedSource) return response.untyped(refusedSource);
    const changed: Pipeline = {
      ...pipeline,
      source: { type: 'inline', yaml: version.definition },
      version: pipeline.version + 1,
      updatedAt: now(),
    };
    replacePipeline(changed);
    saveVersion(pipeline.id, version.definition);
    return response(200).json(changed, { headers: { ETag: etagOf(changed.version) } });
  }),

  http.delete('/api/pipelines/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const pipeline = db.pipelines.find((p) => p.id === params.id);
    if (!pipeline) return response.untyped(noSuch('pipeline'));
    if (!pipeline.privileges.includes('delete')) {
      return response.untyped(
        missingPrivilege('delete', `pipeline ${pipeline.project}/${pipeline.name}`),
      );
    }
    const stale = pipelineVersionProblem(request, pipeline);
    if (stale) return response.untyped(stale);
    db.pipelines = db.pipelines.filter((p) => p.id !== pipeline.id);
    return response(204).empty();
  }),
];
