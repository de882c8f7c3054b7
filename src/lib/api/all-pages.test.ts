import { describe, expect, it } from 'vitest';
import { MAX_PAGE_SIZE as CONTRACT_MAX_PAGE_SIZE } from '@contract/pagination';
import { allPages, MAX_PAGE_SIZE } from './all-pages';

describe('allPages', () => {
  it('asks for pages as large as the contract allows', () => {
    expect(MAX_PAGE_SIZE).toBe(CONTRACT_MAX_PAGE_SIZE);
  });

  it('reads full pages until it has them all', async () => {
    const pages: number[] = [];
    const items = await allPages(async ({ page, pageSize }) => {
      pages.push(page);
      const start = (page - 1) * pageSize;
      const total = 250;
      const count = Math.max(0, Math.min(pageSize, total - start));
      return { items: Array.from({ length: count }, (_, index) => start + index), total };
    });
    expect(pages).toEqual([1, 2, 3]);
    expect(items).toHaveLength(250);
  });
});
