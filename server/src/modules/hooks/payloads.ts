/**
 * What a webhook delivery means, read from each provider's own payload shape: the event (in the
 * provider's names, contract/triggers.ts), the repository, the branch, the revision, a message,
 * and, where the payload lists them, the modified files.
 *
 * Payloads are read defensively: any field may be missing or of the wrong type, and then counts
 * as absent; nothing here throws on a hostile body.
 */
import type { GitProviderKind } from '../../../contract/integrations';

export interface DeliveredEvent {
  /** The event in the provider's own name (`push`, `merge_request`, `repo:refs_changed`, …). */
  event: string;
  /** `owner/name` as the payload names it; null when it does not. */
  repository: string | null;
  /** The branch (or, for a tag push, the tag) the event is about. */
  branch: string | null;
  revision: string | null;
  message: string | null;
  /**
   * The files the pushed commits added, modified or removed; null when the payload does not
   * list them (pull requests, every Bitbucket Server event), so a glob cannot be applied.
   */
  files: string[] | null;
}

/** Either the event, or why the delivery queues nothing whatever the trigger selects. */
export type ReadDelivery = { ok: true; delivered: DeliveredEvent } | { ok: false; reason: string };

type Json = Record<string, unknown>;

const objectAt = (value: unknown, key: string): Json | undefined => {
  const inner = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : undefined;
};
const stringAt = (value: unknown, key: string): string | null => {
  const inner = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return typeof inner === 'string' ? inner : null;
};
const arrayAt = (value: unknown, key: string): unknown[] => {
  const inner = value && typeof value === 'object' ? (value as Json)[key] : undefined;
  return Array.isArray(inner) ? inner : [];
};

/** `refs/heads/main` → `main`, `refs/tags/v1.2` → `v1.2`; anything else as it is. */
export function branchOfRef(ref: string | null): string | null {
  if (ref === null) return null;
  const match = /^refs\/(?:heads|tags)\/(.+)$/.exec(ref);
  return match ? match[1]! : ref;
}

/** The files of GitHub's and GitLab's push commits: `added`, `modified`, `removed`. */
function filesOfCommits(payload: Json): string[] {
  const files = new Set<string>();
  for (const commit of arrayAt(payload, 'commits')) {
    for (const list of ['added', 'modified', 'removed']) {
      for (const file of arrayAt(commit, list)) if (typeof file === 'string') files.add(file);
    }
  }
  return [...files];
}

/** A commit SHA of all zeros: GitHub's and GitLab's "the branch was deleted". */
const DELETED = /^0+$/;

const ignore = (reason: string): ReadDelivery => ({ ok: false, reason });
const deliver = (delivered: DeliveredEvent): ReadDelivery => ({ ok: true, delivered });

/** GitHub actions of `pull_request` that put new code up for a run. */
const GITHUB_PR_ACTIONS = new Set(['opened', 'synchronize', 'reopened']);
/** GitLab `merge_request` actions that do the same. */
const GITLAB_MR_ACTIONS = new Set(['open', 'reopen', 'update']);

function readGitHub(payload: Json, header: (name: string) => string | undefined): ReadDelivery {
  const event = header('x-github-event');
  if (!event) return ignore('The delivery has no X-GitHub-Event header.');
  if (event === 'ping') return ignore('GitHub’s ping: the webhook reaches the platform.');
  const repository = stringAt(objectAt(payload, 'repository'), 'full_name');
  if (event === 'pull_request') {
    const pr = objectAt(payload, 'pull_request');
    const action = stringAt(payload, 'action');
    if (action !== null && !GITHUB_PR_ACTIONS.has(action)) {
      return ignore(`A pull request was ${action}: only opened, reopened and new commits run.`);
    }
    const head = objectAt(pr, 'head');
    return deliver({
      event,
      repository,
      branch: stringAt(head, 'ref'),
      revision: stringAt(head, 'sha'),
      message: stringAt(pr, 'title'),
      files: null,
    });
  }
  if (event === 'push') {
    if (payload.deleted === true || DELETED.test(stringAt(payload, 'after') ?? '')) {
      return ignore('The push deleted a branch or tag: there is nothing to run.');
    }
    return deliver({
      event,
      repository,
      branch: branchOfRef(stringAt(payload, 'ref')),
      revision: stringAt(payload, 'after'),
      message: stringAt(objectAt(payload, 'head_commit'), 'message'),
      files: filesOfCommits(payload),
    });
  }
  return deliver({ event, repository, branch: null, revision: null, message: null, files: null });
}

/** GitLab's `X-Gitlab-Event` names, for payloads without `object_kind`. */
const GITLAB_EVENT_HEADERS: Record<string, string> = {
  'Push Hook': 'push',
  'Tag Push Hook': 'tag_push',
  'Merge Request Hook': 'merge_request',
};

function readGitLab(payload: Json, header: (name: string) => string | undefined): ReadDelivery {
  const event =
    stringAt(payload, 'object_kind') ?? GITLAB_EVENT_HEADERS[header('x-gitlab-event') ?? ''];
  if (!event) return ignore('The delivery names no event (object_kind or X-Gitlab-Event).');
  const project = objectAt(payload, 'project');
  const repository = stringAt(project, 'path_with_namespace');
  if (event === 'merge_request') {
    const attributes = objectAt(payload, 'object_attributes');
    const action = stringAt(attributes, 'action');
    if (action !== null && !GITLAB_MR_ACTIONS.has(action)) {
      return ignore(`A merge request was ${action}: only opened, reopened and updated ones run.`);
    }
    // GitLab sends `update` for a new title or label too; only new commits carry `oldrev`.
    if (action === 'update' && stringAt(attributes, 'oldrev') === null) {
      return ignore('A merge request was updated without new commits: there is nothing to run.');
    }
    return deliver({
      event,
      repository,
      branch: stringAt(attributes, 'source_branch'),
      revision: stringAt(objectAt(attributes, 'last_commit'), 'id'),
      message: stringAt(attributes, 'title'),
      files: null,
    });
  }
  if (event === 'push' || event === 'tag_push') {
    // A deletion has no checkout_sha and an `after` of zeros.
    const revision = stringAt(payload, 'checkout_sha') ?? stringAt(payload, 'after');
    if (revision === null || DELETED.test(revision)) {
      return ignore('The push deleted a branch or tag: there is nothing to run.');
    }
    const commits = arrayAt(payload, 'commits');
    const head = commits.find((commit) => stringAt(commit, 'id') === revision) ?? commits.at(-1);
    return deliver({
      event,
      repository,
      branch: branchOfRef(stringAt(payload, 'ref')),
      revision,
      message: stringAt(head, 'message'),
      files: filesOfCommits(payload),
    });
  }
  return deliver({ event, repository, branch: null, revision: null, message: null, files: null });
}

/** `PROJECT/repo` of a Bitbucket Server repository object. */
function bitbucketRepository(repository: Json | undefined): string | null {
  const key = stringAt(objectAt(repository, 'project'), 'key');
  const slug = stringAt(repository, 'slug');
  return key && slug ? `${key}/${slug}` : null;
}

function readBitbucketServer(
  payload: Json,
  header: (name: string) => string | undefined,
): ReadDelivery {
  const event = header('x-event-key');
  if (!event) return ignore('The delivery has no X-Event-Key header.');
  if (event === 'diagnostics:ping') {
    return ignore('Bitbucket Server’s test connection: the webhook reaches the platform.');
  }
  if (event === 'repo:refs_changed') {
    const change = arrayAt(payload, 'changes')[0];
    if (stringAt(change, 'type') === 'DELETE') {
      return ignore('The push deleted a branch or tag: there is nothing to run.');
    }
    const ref = objectAt(change, 'ref');
    return deliver({
      event,
      repository: bitbucketRepository(objectAt(payload, 'repository')),
      branch: stringAt(ref, 'displayId') ?? branchOfRef(stringAt(change, 'refId')),
      revision: stringAt(change, 'toHash'),
      message: null,
      // Bitbucket Server's push payload lists refs, not files.
      files: null,
    });
  }
  if (event.startsWith('pr:')) {
    const pr = objectAt(payload, 'pullRequest');
    const from = objectAt(pr, 'fromRef');
    const to = objectAt(pr, 'toRef');
    return deliver({
      event,
      repository: bitbucketRepository(objectAt(to, 'repository')),
      branch: stringAt(from, 'displayId') ?? branchOfRef(stringAt(from, 'id')),
      revision: stringAt(from, 'latestCommit'),
      message: stringAt(pr, 'title'),
      files: null,
    });
  }
  return deliver({
    event,
    repository: null,
    branch: null,
    revision: null,
    message: null,
    files: null,
  });
}

export function readDelivery(
  kind: GitProviderKind,
  payload: Json,
  header: (name: string) => string | undefined,
): ReadDelivery {
  switch (kind) {
    case 'github':
    case 'github-enterprise':
      return readGitHub(payload, header);
    case 'gitlab':
      return readGitLab(payload, header);
    case 'bitbucket-server':
      return readBitbucketServer(payload, header);
  }
}
