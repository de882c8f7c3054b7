import { z } from 'zod';
import { POLICY_YAML_TYPE, policyDocumentSchema } from '@contract/policy';
import { db } from '../db';
import { buildAuditEntry } from '../factories';
import { http, refuse, refuseUnlessAdministrator } from '../http';
import { problemResponse } from '../problems';

// Policy as code (issue 20): the export with its version, the schema, and the import, planned
// (`dryRun=true`) or applied with If-Match. The plan is the scene's (`db.policy.plan`): the mock
// does not diff documents; the server's tests cover the plan itself.

const ADMINISTRATORS_ONLY = 'Only administrators can export or import the policy.';
const policyEtag = () => `"policy-${db.policy.version}"`;

export const policyHandlers = [
  http.get('/api/policy', ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ADMINISTRATORS_ONLY);
    if (refused) return response.untyped(refused);
    return response.untyped(
      new Response(db.policy.text, {
        headers: { 'Content-Type': POLICY_YAML_TYPE, ETag: policyEtag() },
      }),
    );
  }),

  // Open to anyone, as on the server: editors fetch it without credentials.
  http.get('/api/policy/schema.json', ({ response }) =>
    response.untyped(Response.json(z.toJSONSchema(policyDocumentSchema))),
  ),

  http.post('/api/policy/import', async ({ request, response }) => {
    const refused = refuse(request) ?? refuseUnlessAdministrator(ADMINISTRATORS_ONLY);
    if (refused) return response.untyped(refused);
    const text = await request.text();
    const plan = { ...db.policy.plan, version: policyEtag() };
    if (new URL(request.url).searchParams.get('dryRun') === 'true') {
      return response.untyped(Response.json(plan, { headers: { ETag: policyEtag() } }));
    }
    const ifMatch = request.headers.get('If-Match');
    if (ifMatch === null) {
      return response.untyped(
        problemResponse(428, 'Precondition Required', {
          detail: 'Send If-Match with the ETag of the policy this import is based on.',
          code: 'if-match-required',
        }),
      );
    }
    if (ifMatch !== policyEtag()) {
      return response.untyped(
        problemResponse(
          412,
          'Precondition Failed',
          {
            detail: 'The policy changed since this plan was made: plan again.',
            code: 'stale-version',
          },
          { ETag: policyEtag() },
        ),
      );
    }
    if (plan.problems.length > 0) {
      return response.untyped(
        problemResponse(422, 'Invalid policy', {
          detail: plan.problems[0]!.message,
          code: 'policy-invalid',
          problems: plan.problems,
        }),
      );
    }
    db.policy = { ...db.policy, text, version: db.policy.version + 1 };
    db.auditEntries = [
      ...db.auditEntries,
      buildAuditEntry({
        actor: { kind: 'person', id: db.person.id, name: db.person.name, email: db.person.email },
        action: 'policy.imported',
        target: { type: 'account', id: db.person.account.id, name: db.person.account.name },
      }),
    ];
    return response.untyped(Response.json({ applied: true, version: policyEtag(), plan }));
  }),
];
