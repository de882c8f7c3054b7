import { createRoute, z } from '@hono/zod-openapi';
import { auditEntrySchema, auditListQuerySchema, auditPageSchema } from '../../../contract/audit';
import { idParamSchema } from '../../../contract/common';
import { jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { administratorsOnly } from '../auth/auth.middleware';

const tags = ['Audit'];

export const listAuditRoute = createRoute({
  method: 'get',
  path: '/audit',
  operationId: 'listAuditEntries',
  tags,
  ...administratorsOnly,
  summary: 'The audit log: every administrative change, newest first',
  description:
    'Filtered by person (`actorId`), `action`, target kind (`targetType`), one target (`targetId`) and time (`from` inclusive, `to` exclusive). With `Accept: text/csv`, the whole filtered list as a CSV download (page and pageSize ignored). Entries cannot be changed or deleted through the API.',
  request: { query: auditListQuerySchema },
  responses: {
    200: {
      description: 'A page of entries (JSON), or every matching entry (CSV)',
      content: {
        'application/json': { schema: auditPageSchema },
        'text/csv': {
          schema: z.string().openapi({
            description:
              'A header row, then one row per entry; before and after as JSON. Cells that begin with =, +, -, @, a tab or a carriage return are prefixed with an apostrophe.',
          }),
        },
      },
    },
    ...problemResponses(401, 403, 422),
  },
});

export const getAuditEntryRoute = createRoute({
  method: 'get',
  path: '/audit/{id}',
  operationId: 'getAuditEntry',
  tags,
  ...administratorsOnly,
  summary: 'One audit entry, with its before and after values',
  request: { params: idParamSchema },
  responses: {
    200: jsonContent(auditEntrySchema, 'The entry'),
    ...problemResponses(401, 403, 404, 422),
  },
});
