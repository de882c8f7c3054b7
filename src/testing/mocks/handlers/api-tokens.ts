import type { AccountApiToken } from '@contract/api-tokens';
import { db } from '../db';
import { buildProblem } from '../factories';
import { http, refuse, refuseUnlessAdministrator } from '../http';
import { problemInit } from '../problems';

// Every API token of the account (issue 20, administrators): the person's own (`db.tokens`)
// and everyone else's (`db.othersTokens`), newest first, searched like the server.

const ADMINISTRATORS_ONLY = 'Only administrators can do this.';

function accountTokens(): AccountApiToken[] {
  const owner = {
    id: db.person.id,
    name: db.person.name,
    email: db.person.email,
    level: db.person.level,
  };
  return [...db.tokens.map((token) => ({ ...token, owner })), ...db.othersTokens].sort((a, b) =>
    b.createdAt.localeCompare(a.createdAt),
  );
}

export const apiTokenHandlers = [
  http.get('/api/api-tokens', ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ADMINISTRATORS_ONLY);
    if (refused) return response.untyped(refused);
    const params = new URL(request.url).searchParams;
    const page = Number(params.get('page') ?? 1);
    const pageSize = Number(params.get('pageSize') ?? 20);
    const q = params.get('q')?.toLowerCase();
    const matching = accountTokens().filter(
      (token) =>
        !q ||
        [token.name, token.prefix, token.owner.name, token.owner.email].some((text) =>
          text.toLowerCase().includes(q),
        ),
    );
    return response(200).json({
      items: matching.slice((page - 1) * pageSize, page * pageSize),
      total: matching.length,
      page,
      pageSize,
    });
  }),

  http.delete('/api/api-tokens/{id}', ({ request, params, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ADMINISTRATORS_ONLY);
    if (refused) return response.untyped(refused);
    if (!accountTokens().some((token) => token.id === params.id)) {
      const detail = 'There is no such token.';
      return response(404).json(buildProblem(404, 'Not Found', { detail }), problemInit);
    }
    db.tokens = db.tokens.filter((token) => token.id !== params.id);
    db.othersTokens = db.othersTokens.filter((token) => token.id !== params.id);
    return response(204).empty();
  }),
];
