import { useMutation } from '@tanstack/react-query';
import type {
  CreateTriggerRequest,
  Trigger,
  TriggerWithSecret,
  UpdateTriggerRequest,
} from '@contract/triggers';
import { etagOf } from '@contract/versions';
import { api, unwrap } from '@/lib/api/client';
import { gitProviderKeys } from '@/entities/git-providers/api/git-provider-keys';
import { triggerKeys } from '@/entities/triggers/api/trigger-keys';

export function createTrigger({
  pipelineId,
  body,
}: {
  pipelineId: string;
  body: CreateTriggerRequest;
}): Promise<TriggerWithSecret> {
  return unwrap(
    api.POST('/api/pipelines/{id}/triggers', { params: { path: { id: pipelineId } }, body }),
  );
}

export function updateTrigger({
  id,
  version,
  body,
}: {
  id: string;
  /** The version the change is based on, sent as `If-Match`: a newer one answers 412. */
  version?: number;
  body: UpdateTriggerRequest;
}): Promise<Trigger> {
  const header = version === undefined ? {} : { 'if-match': etagOf(version) };
  return unwrap(api.PATCH('/api/triggers/{id}', { params: { path: { id }, header }, body }));
}

export async function deleteTrigger(id: string): Promise<void> {
  await unwrap(api.DELETE('/api/triggers/{id}', { params: { path: { id } } }));
}

export function rotateTriggerSecret(id: string): Promise<TriggerWithSecret> {
  return unwrap(api.POST('/api/triggers/{id}/rotate-secret', { params: { path: { id } } }));
}

function useTriggerMutation<TVariables, TData>(
  pipelineId: string,
  mutationFn: (variables: TVariables) => Promise<TData>,
  keepResult = true,
) {
  return useMutation({
    mutationFn,
    // Answers carrying a webhook secret leave the mutation cache as soon as nobody shows them.
    ...(keepResult ? {} : { gcTime: 0 }),
    // A git provider's references name the triggers that use it.
    meta: { invalidates: [triggerKeys.list({ pipelineId }), gitProviderKeys.all] },
  });
}

/**
 * Adds a git trigger to a pipeline. The answer's `secret` is the only time it is shown (with
 * rotation): show it with the webhook URL, and keep it no longer than it is shown.
 *
 * @example
 * const create = useCreateTrigger(pipeline.id);
 * create.mutate({ pipelineId: pipeline.id, body }, { onSuccess: (trigger) => show(trigger) });
 */
export const useCreateTrigger = (pipelineId: string) =>
  useTriggerMutation(pipelineId, createTrigger, false);

/**
 * Changes a trigger's provider, repository, events, runner, branch filter or glob. With
 * `version`, a change based on an older version (someone else's edit or rotation came first)
 * fails with a 412 `ApiError` and nothing is overwritten.
 *
 * @example
 * const update = useUpdateTrigger(pipelineId);
 * update.mutate({ id: trigger.id, version: trigger.version, body: { events: ['push'] } });
 */
export const useUpdateTrigger = (pipelineId: string) =>
  useTriggerMutation(pipelineId, updateTrigger);

/** Deletes a trigger: its webhook URL answers 404 from then on. */
export const useDeleteTrigger = (pipelineId: string) =>
  useTriggerMutation(pipelineId, deleteTrigger);

/** Gives a trigger a new secret (shown once); the old one stops working at once. */
export const useRotateTriggerSecret = (pipelineId: string) =>
  useTriggerMutation(pipelineId, rotateTriggerSecret, false);
