import { useMatches } from 'react-router';

/** The route `handle` of a screen: its name, which is the page's heading. */
export type ScreenHandle = { title: string };

function isScreenHandle(handle: unknown): handle is ScreenHandle {
  return typeof handle === 'object' && handle !== null && 'title' in handle;
}

/** The title of the deepest matched route that names one. */
export function useScreenTitle(): string {
  const handle = useMatches()
    .map((match) => match.handle)
    .findLast(isScreenHandle);
  return handle?.title ?? '';
}
