import type { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProvider } from '@/app/provider';
import { createAppRouter } from '@/app/router';
import { createQueryClient } from '@/lib/query-client';

const renderedClients = new Set<QueryClient>();

/**
 * Renders the whole console (providers and the real route tree) at `route`, with a fresh query
 * client that never retries, against the mock API of `src/testing/mocks`.
 *
 * @example
 * const { user, router } = renderApp('/profile');
 * await user.click(await screen.findByRole('button', { name: 'Save name' }));
 * expect(router.state.location.pathname).toBe('/profile');
 */
export function renderApp(route = '/') {
  const queryClient = createQueryClient({ retry: false });
  renderedClients.add(queryClient);
  const router = createAppRouter(queryClient, (routes) =>
    createMemoryRouter(routes, { initialEntries: [route] }),
  );
  const user = userEvent.setup();
  const view = render(
    <AppProvider queryClient={queryClient}>
      <RouterProvider router={router} />
    </AppProvider>,
  );
  return { ...view, user, router, queryClient };
}

/** Drops the caches of the apps rendered by the test that just ended. */
export function clearRenderedApps(): void {
  for (const client of renderedClients) client.clear();
  renderedClients.clear();
}
