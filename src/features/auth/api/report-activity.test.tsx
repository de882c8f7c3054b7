import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/testing/mocks/db';
import { renderApp } from '@/testing/test-utils';
import { ACTIVITY_SIGNAL_INTERVAL_MS } from './report-activity';

describe('activity signal', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the server about interaction at most once a minute, and never on its own', async () => {
    renderApp('/pipelines');
    await screen.findByRole('heading', { level: 1, name: 'Pipelines' });
    expect(db.activitySignals).toBe(0);

    vi.useFakeTimers({ toFake: ['Date'] });
    fireEvent.keyDown(document.body, { key: 'a' });
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(db.activitySignals).toBe(1));

    vi.setSystemTime(Date.now() + ACTIVITY_SIGNAL_INTERVAL_MS - 1000);
    fireEvent.pointerDown(document.body);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(db.activitySignals).toBe(1);

    vi.setSystemTime(Date.now() + 2000);
    fireEvent.pointerDown(document.body);
    await waitFor(() => expect(db.activitySignals).toBe(2));
  });
});
