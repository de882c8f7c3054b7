import {
  createGitProviderRequestSchema,
  createRegistryRequestSchema,
  GITHUB_API_URL,
  gitProviderProblems,
  gitProviderSchema,
  registrySchema,
  updateGitProviderRequestSchema,
  updateRegistryRequestSchema,
  type ConnectionTestResult,
  type IntegrationReference,
} from '@contract/integrations';
import { db } from '../db';
import { nextId } from '../factories';
import { http, refuse, refuseUnlessAdministrator } from '../http';
import { invalid, invalidField, notFound, problemResponse } from '../problems';

const ONLY_ADMINISTRATORS = 'Only administrators change integrations.';

// A small, faithful model of the integrations API: credentials are kept aside and never
// answered, names are unique, a new address needs the credentials again, behind-the-firewall
// ones cannot be tested, and a deletion that pipelines would feel asks for `force`.

const now = () => new Date().toISOString();

/** A 422 like the server's: one error per zod issue, the path dotted. */
/** `If-Match: "<version>"`, when sent, must name the stored version. */
function stale(request: Request, version: number) {
  const ifMatch = request.headers.get('If-Match');
  if (ifMatch === null || ifMatch === `"${version}"`) return undefined;
  return problemResponse(412, 'Precondition Failed', {
    detail: 'Someone changed it meanwhile: reload to see their change.',
  });
}

function page<T extends { name: string }>(request: Request, all: T[], text: (item: T) => string) {
  const url = new URL(request.url);
  const q = url.searchParams.get('q')?.trim().toLowerCase() ?? '';
  const pageNumber = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  const items = all
    .filter((item) => text(item).toLowerCase().includes(q))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    items: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    total: items.length,
    page: pageNumber,
    pageSize,
  };
}

/** The pipelines whose triggers use a git provider, as the server lists them. */
function gitProviderReferences(id: string): IntegrationReference[] {
  return db.triggers
    .filter((trigger) => trigger.gitProvider.id === id)
    .flatMap((trigger) => {
      const pipeline = db.pipelines.find((p) => p.id === trigger.pipelineId);
      return pipeline
        ? [
            {
              pipelineId: pipeline.id,
              project: pipeline.project,
              name: pipeline.name,
              via: `trigger on ${trigger.repository}`,
            },
          ]
        : [];
    });
}

function inUse(name: string, references: IntegrationReference[]) {
  const names = references.map((r) => `${r.project}/${r.name}`).join(', ');
  return problemResponse(409, 'Conflict', {
    detail: `${name} is used by ${names}. Delete it with force=true to delete their triggers too.`,
    code: 'in-use',
    references,
  });
}

/** What a test of a reachable address finds: `.invalid` names never resolve. */
function testResult(host: string, credentialsSet: boolean): ConnectionTestResult {
  if (host.endsWith('.invalid')) {
    return { ok: false, detail: `The address ${host} could not be resolved.`, at: now() };
  }
  return {
    ok: true,
    detail: credentialsSet ? `Reached ${host}; the credentials were accepted.` : `Reached ${host}.`,
    at: now(),
  };
}

const hostOf = (address: string) =>
  new URL(address.includes('://') ? address : `https://${address}`).host;

const nameTaken = (items: { id: string; name: string }[], name: string, id?: string) =>
  items.some((item) => item.id !== id && item.name.toLowerCase() === name.toLowerCase());

export const integrationHandlers = [
  /* Git providers ------------------------------------------------------------------------- */

  http.get('/api/git-providers', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    return response(200).json(
      page(request, db.gitProviders, (provider) => `${provider.name} ${provider.baseUrl}`),
    );
  }),

  http.get('/api/git-providers/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const provider = db.gitProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(notFound('git provider'));
    return response(200).json(provider);
  }),

  http.post('/api/git-providers', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const parsed = createGitProviderRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const input = parsed.data;
    if (nameTaken(db.gitProviders, input.name)) {
      return response.untyped(
        invalidField('name', `A git provider named ${input.name} already exists.`),
      );
    }
    const id = nextId();
    if (input.credentials) db.integrationCredentials[id] = input.credentials;
    const provider = gitProviderSchema.parse({
      id,
      name: input.name,
      kind: input.kind,
      baseUrl: input.baseUrl ?? GITHUB_API_URL,
      credentialsSet: input.credentials !== undefined,
      onPremise: input.onPremise ?? false,
      behindFirewall: input.behindFirewall ?? false,
      lastTest: null,
      version: 1,
      createdAt: now(),
      updatedAt: now(),
    });
    db.gitProviders = [...db.gitProviders, provider];
    return response(201).json(provider);
  }),

  http.patch('/api/git-providers/{id}', async ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const current = db.gitProviders.find((p) => p.id === params.id);
    if (!current) return response.untyped(notFound('git provider'));
    const preconditionFailed = stale(request, current.version);
    if (preconditionFailed) return response.untyped(preconditionFailed);
    const parsed = updateGitProviderRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { credentials, ...change } = parsed.data;
    if (change.name && nameTaken(db.gitProviders, change.name, current.id)) {
      return response.untyped(
        invalidField('name', `A git provider named ${change.name} already exists.`),
      );
    }
    const next = { ...current, ...change };
    const problem = gitProviderProblems(next);
    if (problem) return response.untyped(invalidField(problem.path, problem.message));
    if (next.baseUrl !== current.baseUrl && current.credentialsSet && credentials === undefined) {
      return response.untyped(
        invalidField('credentials', 'Give the credentials again when the address changes.'),
      );
    }
    if (credentials === null) delete db.integrationCredentials[current.id];
    else if (credentials) db.integrationCredentials[current.id] = credentials;
    const saved = gitProviderSchema.parse({
      ...next,
      credentialsSet: current.id in db.integrationCredentials,
      lastTest: next.baseUrl === current.baseUrl ? current.lastTest : null,
      version: current.version + 1,
      updatedAt: now(),
    });
    db.gitProviders = db.gitProviders.map((p) => (p.id === saved.id ? saved : p));
    return response(200).json(saved);
  }),

  http.post('/api/git-providers/{id}/test', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const provider = db.gitProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(notFound('git provider'));
    if (provider.behindFirewall) {
      return response.untyped(
        problemResponse(409, 'Conflict', {
          detail: 'The platform cannot reach a provider behind the firewall.',
        }),
      );
    }
    const lastTest = testResult(hostOf(provider.baseUrl), provider.credentialsSet);
    db.gitProviders = db.gitProviders.map((p) => (p.id === provider.id ? { ...p, lastTest } : p));
    return response(200).json(lastTest);
  }),

  http.get('/api/git-providers/{id}/references', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    if (!db.gitProviders.some((p) => p.id === params.id)) {
      return response.untyped(notFound('git provider'));
    }
    return response(200).json({ items: gitProviderReferences(params.id) });
  }),

  http.delete('/api/git-providers/{id}', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const provider = db.gitProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(notFound('git provider'));
    const references = gitProviderReferences(provider.id);
    const force = new URL(request.url).searchParams.get('force') === 'true';
    if (references.length > 0 && !force) return response.untyped(inUse(provider.name, references));
    db.gitProviders = db.gitProviders.filter((p) => p.id !== provider.id);
    db.triggers = db.triggers.filter((t) => t.gitProvider.id !== provider.id);
    delete db.integrationCredentials[provider.id];
    return response(204).empty();
  }),

  /* Container registries ------------------------------------------------------------------ */

  http.get('/api/registries', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    return response(200).json(
      page(request, db.registries, (registry) => `${registry.name} ${registry.domain}`),
    );
  }),

  http.get('/api/registries/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const registry = db.registries.find((r) => r.id === params.id);
    if (!registry) return response.untyped(notFound('registry'));
    return response(200).json(registry);
  }),

  http.post('/api/registries', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const parsed = createRegistryRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const input = parsed.data;
    if (nameTaken(db.registries, input.name)) {
      return response.untyped(
        invalidField('name', `A registry named ${input.name} already exists.`),
      );
    }
    const id = nextId();
    if (input.credentials) db.integrationCredentials[id] = input.credentials;
    const registry = registrySchema.parse({
      id,
      name: input.name,
      domain: input.domain,
      credentialsSet: input.credentials !== undefined,
      behindFirewall: input.behindFirewall ?? false,
      lastTest: null,
      version: 1,
      createdAt: now(),
      updatedAt: now(),
    });
    db.registries = [...db.registries, registry];
    return response(201).json(registry);
  }),

  http.patch('/api/registries/{id}', async ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const current = db.registries.find((r) => r.id === params.id);
    if (!current) return response.untyped(notFound('registry'));
    const preconditionFailed = stale(request, current.version);
    if (preconditionFailed) return response.untyped(preconditionFailed);
    const parsed = updateRegistryRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { credentials, ...change } = parsed.data;
    if (change.name && nameTaken(db.registries, change.name, current.id)) {
      return response.untyped(
        invalidField('name', `A registry named ${change.name} already exists.`),
      );
    }
    const next = { ...current, ...change };
    if (next.domain !== current.domain && current.credentialsSet && credentials === undefined) {
      return response.untyped(
        invalidField('credentials', 'Give the credentials again when the domain changes.'),
      );
    }
    if (credentials === null) delete db.integrationCredentials[current.id];
    else if (credentials) db.integrationCredentials[current.id] = credentials;
    const saved = registrySchema.parse({
      ...next,
      credentialsSet: current.id in db.integrationCredentials,
      lastTest: next.domain === current.domain ? current.lastTest : null,
      version: current.version + 1,
      updatedAt: now(),
    });
    db.registries = db.registries.map((r) => (r.id === saved.id ? saved : r));
    return response(200).json(saved);
  }),

  http.post('/api/registries/{id}/test', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    const registry = db.registries.find((r) => r.id === params.id);
    if (!registry) return response.untyped(notFound('registry'));
    if (registry.behindFirewall) {
      return response.untyped(
        problemResponse(409, 'Conflict', {
          detail: 'The platform cannot reach a registry behind the firewall.',
        }),
      );
    }
    const lastTest = testResult(hostOf(registry.domain), registry.credentialsSet);
    db.registries = db.registries.map((r) => (r.id === registry.id ? { ...r, lastTest } : r));
    return response(200).json(lastTest);
  }),

  // Push steps name registries once pipelines have definitions (a later issue): until then no
  // pipeline refers to one, as on the server.
  http.get('/api/registries/{id}/references', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    if (!db.registries.some((r) => r.id === params.id)) {
      return response.untyped(notFound('registry'));
    }
    return response(200).json({ items: [] });
  }),

  http.delete('/api/registries/{id}', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ONLY_ADMINISTRATORS);
    if (refused) return response.untyped(refused);
    if (!db.registries.some((r) => r.id === params.id)) {
      return response.untyped(notFound('registry'));
    }
    db.registries = db.registries.filter((r) => r.id !== params.id);
    delete db.integrationCredentials[params.id];
    return response(204).empty();
  }),
];
