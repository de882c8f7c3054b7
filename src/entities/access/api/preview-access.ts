import { useMutation } from '@tanstack/react-query';
import type { Preview, PreviewRequest } from '@contract/access';
import { api, unwrap } from '@/lib/api/client';

export function previewAccess(request: PreviewRequest): Promise<Preview> {
  return unwrap(api.POST('/api/access/preview', { body: request }));
}

/**
 * Asks the server who would gain and who would lose which privileges if a rule were saved or
 * deleted, or tags changed. Nothing is saved, so nothing in the cache changes: this is a
 * mutation only because it is a POST asked for on demand. Most screens want
 * `useImpactConfirmation` (components/impact-preview.tsx), which runs it and asks the person.
 *
 * @example
 * const preview = usePreviewAccess();
 * preview.mutate(
 *   { change: 'tags', resourceType: 'cluster', resources: [{ id, tags: ['production'] }] },
 *   { onSuccess: (result) => result.needsConfirmation && askFirst(result) },
 * );
 */
export function usePreviewAccess() {
  return useMutation({ mutationFn: previewAccess });
}
