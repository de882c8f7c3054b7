import { db } from '../db';
import { http, refuse, refuseUnlessAdministrator } from '../http';
import { notFound } from '../problems';

// Sessions (issue 19): the signed-in person's own, a person's (administrators), everyone's.
// Like the server, ending the current session with DELETE signs this browser out.

export const sessionHandlers = [
  http.get('/api/me/sessions', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    return response(200).json({ items: db.sessions, total: db.sessions.length });
  }),

  http.delete('/api/me/sessions/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const session = db.sessions.find((s) => s.id === params.id);
    if (!session) return response.untyped(notFound('session of yours'));
    db.sessions = db.sessions.filter((s) => s.id !== params.id);
    if (session.current) db.signedIn = false;
    return response(204).empty();
  }),

  http.post('/api/me/sessions/end-others', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const ended = db.sessions.filter((s) => !s.current).length;
    db.sessions = db.sessions.filter((s) => s.current);
    return response(200).json({ ended });
  }),

  http.delete('/api/users/{id}/sessions', ({ request, params, response }) => {
    const refused =
      refuse(request) ?? refuseUnlessAdministrator('Only administrators can do this.');
    if (refused) return response.untyped(refused);
    if (!db.people.some((p) => p.id === params.id)) return response.untyped(notFound('person'));
    db.sessionsEndedOf = [...db.sessionsEndedOf, params.id];
    return response(200).json({ ended: 1 });
  }),

  http.post('/api/settings/security/end-sessions', ({ request, response }) => {
    const refused =
      refuse(request) ?? refuseUnlessAdministrator('Only administrators can do this.');
    if (refused) return response.untyped(refused);
    db.everyoneSignedOut += 1;
    return response(200).json({ ended: 3 });
  }),
];
