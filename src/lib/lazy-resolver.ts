import type { FieldValues, Resolver } from 'react-hook-form';

/**
 * A react-hook-form resolver whose code arrives later: the contract's zod schemas weigh more
 * than the whole sign-in page may (docs/QUALITY.md), so the pages before sign-in fetch them
 * after they become interactive. Call `preload` on mount so validation rarely waits.
 *
 * @example
 * const signInResolver = lazyResolver(() => import('./auth-resolvers').then((m) => m.loginResolver));
 * useEffect(() => signInResolver.preload(), []);
 * useForm({ resolver: signInResolver });
 */
export function lazyResolver<T extends FieldValues, Context = unknown, Output = T>(
  load: () => Promise<Resolver<T, Context, Output>>,
): Resolver<T, Context, Output> & { preload: () => void } {
  let loading: Promise<Resolver<T, Context, Output>> | undefined;
  const get = () => (loading ??= load());
  const resolver: Resolver<T, Context, Output> = async (values, context, options) =>
    (await get())(values, context, options);
  return Object.assign(resolver, {
    preload: () => {
      get().catch(() => {
        // Retried at the next validation; the failure shows there.
        loading = undefined;
      });
    },
  });
}
