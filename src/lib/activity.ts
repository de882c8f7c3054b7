/**
 * What counts as a person interacting (P-3.2). Background requests, polling and refetches never
 * reach these; nor does focus moved by the console itself (`focusin` would count a dialog's
 * autofocus), so only the window gaining focus counts.
 */
const INTERACTION_EVENTS = ['pointerdown', 'pointermove', 'keydown', 'touchstart', 'wheel'];

/**
 * Calls `onInteract` on every interaction with the page, and `onWake` when the page comes back
 * into view (a tab brought forward, a laptop opened, a page restored from the back-forward
 * cache). Returns the function that stops watching. The idle timer throttles and decides.
 *
 * @example
 * useEffect(() => watchActivity({ onInteract: timer.interact, onWake: timer.check }), [timer]);
 */
export function watchActivity({
  onInteract,
  onWake,
}: {
  onInteract: () => void;
  onWake: () => void;
}): () => void {
  const options = { capture: true, passive: true } as const;
  // Not captured: element focus events do not bubble, so this hears the window's own focus.
  const onFocus = (event: FocusEvent) => {
    if (event.target === window) onInteract();
  };
  const onVisibility = () => {
    if (document.visibilityState === 'visible') onWake();
  };
  for (const event of INTERACTION_EVENTS) window.addEventListener(event, onInteract, options);
  window.addEventListener('focus', onFocus);
  window.addEventListener('pageshow', onWake);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    for (const event of INTERACTION_EVENTS) window.removeEventListener(event, onInteract, options);
    window.removeEventListener('focus', onFocus);
    window.removeEventListener('pageshow', onWake);
    document.removeEventListener('visibilitychange', onVisibility);
  };
}
