import { z } from 'zod';

export const MAX_PAGE_SIZE = 100;

/** `?page=` (1-based), `?pageSize=` and `?q=` as every list endpoint reads them. */
export const listQuerySchema = z.object({
  page: z.coerce.number().int().min(1, 'Page numbers start at 1.').default(1),
  pageSize: z.coerce
    .number()
    .int()
    .min(1, 'A page holds at least one item.')
    .max(MAX_PAGE_SIZE, `A page holds at most ${MAX_PAGE_SIZE} items.`)
    .default(20),
  q: z.string().trim().max(200, 'Search for at most 200 characters.').optional(),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

/** The envelope of every list answer: `{ items, total, page, pageSize }`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
