import { useEffect, useState, type RefObject } from 'react';
import { useLocation } from 'react-router';

/**
 * Moves focus to `ref` (a page's h1, with tabIndex -1) when the page was reached by an in-app
 * navigation. A full page load starts screen readers at the top; an in-app navigation does not,
 * so without this they would stay wherever the previous page left them.
 *
 * @example
 * const headingRef = useRef<HTMLHeadingElement>(null);
 * useFocusOnArrival(headingRef);
 * return <h1 ref={headingRef} tabIndex={-1}>Profile</h1>;
 */
export function useFocusOnArrival(ref: RefObject<HTMLElement | null>): void {
  const { key } = useLocation();
  // Decided once, on arrival: later changes of the URL (filters, paging) must not move focus.
  const [arrivedByNavigation] = useState(() => key !== 'default');

  useEffect(() => {
    if (arrivedByNavigation) ref.current?.focus({ preventScroll: true });
  }, [arrivedByNavigation, ref]);
}
