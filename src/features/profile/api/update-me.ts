import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Me, UpdateMeRequest } from '@contract/me';
import { api, unwrap } from '@/lib/api/client';
import { meQueryOptions } from '@/entities/me/api/get-me';
import { meKeys } from '@/entities/me/api/me-keys';

export function updateMe(body: UpdateMeRequest): Promise<Me> {
  return unwrap(api.PATCH('/api/me', { body }));
}

/**
 * Changes the signed-in person's name or notification settings. Notification changes show at
 * once (a switch must follow the click) and are undone in the cache if the server refuses.
 *
 * @example
 * const update = useUpdateMe();
 * update.mutate({ notifications: { buildFailed: true } }, {
 *   onSuccess: () => toast.success('Notification settings saved'),
 * });
 */
export function useUpdateMe() {
  const queryClient = useQueryClient();
  const { queryKey } = meQueryOptions();
  return useMutation({
    mutationKey: meKeys.profileUpdate(),
    mutationFn: updateMe,
    onMutate: async ({ notifications }) => {
      if (!notifications) return undefined;
      await queryClient.cancelQueries({ queryKey });
      const before = queryClient.getQueryData(queryKey)?.notifications;
      queryClient.setQueryData(
        queryKey,
        (me) => me && { ...me, notifications: { ...me.notifications, ...notifications } },
      );
      return { before };
    },
    onError: (_error, { notifications }, context) => {
      const before = context?.before;
      if (!notifications || !before) return;
      // Undo only the settings this request changed: another toggle may be on its way.
      const undone = Object.fromEntries(
        Object.keys(notifications).map((key) => [key, before[key as keyof typeof before]]),
      );
      queryClient.setQueryData(
        queryKey,
        (me) => me && { ...me, notifications: { ...me.notifications, ...undone } },
      );
    },
    onSuccess: (me) => {
      // With another change still in flight this answer is already stale; the last one wins.
      if (queryClient.isMutating({ mutationKey: meKeys.profileUpdate() }) === 1) {
        queryClient.setQueryData(queryKey, me);
      }
    },
  });
}
