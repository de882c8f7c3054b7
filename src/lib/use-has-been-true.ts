import { useState } from 'react';

/**
 * Whether `value` is true now or has been at any render since the component mounted: a lazily
 * loaded dialog is rendered from its first opening on, so that it loads only when asked for and
 * still plays its closing transition afterwards.
 *
 * @example
 * const mounted = useHasBeenTrue(open);
 * {mounted && <Suspense fallback={null}><LazyDialog open={open} onClose={close} /></Suspense>}
 */
export function useHasBeenTrue(value: boolean): boolean {
  const [was, setWas] = useState(value);
  // Derived state, set during render (React re-renders at once, before committing).
  if (value && !was) setWas(true);
  return was || value;
}
