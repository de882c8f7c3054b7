/** What counts as a person interacting (P-3.2); background requests never reach these. */
const ACTIVITY_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel', 'focusin'];

/**
 * Calls `onActive` when the person interacts with the page, at most once per `intervalMs`
 * (the first interaction is reported at once). Returns the function that stops watching.
 *
 * @example
 * useEffect(() => watchActivity(() => void reportActivity(), 60_000), []);
 */
export function watchActivity(onActive: () => void, intervalMs: number): () => void {
  let last = -Infinity;
  const handler = () => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    onActive();
  };
  const options = { capture: true, passive: true } as const;
  for (const event of ACTIVITY_EVENTS) window.addEventListener(event, handler, options);
  return () => {
    for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, handler, options);
  };
}
