import { screen, waitFor, within } from '@testing-library/react';
import { useImperativeHandle, useRef } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { db, MOCK_POLICY_TEXT } from '@/testing/mocks/db';
import { buildPolicyPlan, buildUser } from '@/testing/mocks/factories';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

/**
 * Monaco needs layout and workers that jsdom lacks: a text area with the same props stands in
 * (as in the editor's tests). Its markers are a list beside it, and `reveal` puts the caret at
 * the line and column.
 */
vi.mock('@/features/pipeline-editor/components/code-editor', () => ({
  CodeEditor: function TextAreaEditor(props: {
    value: string;
    label: string;
    onChange?: (text: string) => void;
    markers?: { line: number; column: number; message: string }[];
    ref?: React.Ref<{ reveal(line: number, column: number): void }>;
  }) {
    const area = useRef<HTMLTextAreaElement>(null);
    useImperativeHandle(props.ref, () => ({
      reveal(line, column) {
        const lines = props.value.split('\n');
        const offset =
          lines.slice(0, line - 1).reduce((sum, text) => sum + text.length + 1, 0) + column - 1;
        area.current?.focus();
        area.current?.setSelectionRange(offset, offset);
      },
    }));
    return (
      <>
        <textarea
          ref={area}
          aria-label={props.label}
          value={props.value}
          onChange={(event) => props.onChange?.(event.target.value)}
        />
        <ul aria-label="Editor markers">
          {props.markers?.map((marker) => (
            <li key={marker.message}>{`${marker.line}:${marker.column} ${marker.message}`}</li>
          ))}
        </ul>
      </>
    );
  },
}));

const CHANGED = MOCK_POLICY_TEXT.replace(
  '  - name: users\n',
  '  - name: users\n  - name: release-managers\n    members: [ada@example.com]\n',
);

const PLAN = buildPolicyPlan({
  sections: {
    ...buildPolicyPlan().sections,
    teams: {
      added: [
        {
          key: 'release-managers',
          summary: 'Team release-managers with 1 member (ada@example.com).',
        },
      ],
      changed: [],
      removed: [],
    },
    rules: {
      added: [
        {
          key: 'release-managers pipeline approve prod',
          summary: 'Team release-managers can approve pipelines tagged prod.',
        },
      ],
      changed: [],
      removed: [{ key: 'qa pipeline run prod', summary: 'Team qa can run pipelines tagged prod.' }],
    },
  },
  impact: {
    gains: [
      {
        person: { id: 'p-ada', name: 'Ada Lovelace', email: 'ada@example.com' },
        privilege: 'approve',
        resourceType: 'pipeline',
        count: 7,
        resources: [
          { id: 'x1', name: 'payments/api' },
          { id: 'x2', name: 'payments/web' },
        ],
      },
    ],
    losses: [
      {
        person: { id: 'p-alan', name: 'Alan Turing', email: 'alan@example.com' },
        privilege: 'run',
        resourceType: 'pipeline',
        count: 1,
        resources: [{ id: 'x1', name: 'payments/api' }],
      },
    ],
    truncated: false,
  },
});

const PROBLEMS = [
  {
    code: 'unknown-person' as const,
    message: 'Nobody in the account has the email grace@example.com.',
    path: ['teams', 2, 'members', 0],
    line: 12,
    column: 15,
  },
  {
    code: 'unknown-team' as const,
    message: 'There is no team called qa.',
    path: ['rules', 0, 'team'],
    line: 3,
    column: 1,
  },
];

type Sent = { dryRun: boolean; ifMatch: string | null; contentType: string | null; body: string };

/** The imports sent, planned or applied. */
function recordImports(): Sent[] {
  const sent: Sent[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method !== 'POST' || url.pathname !== '/api/policy/import') return;
    void request
      .clone()
      .text()
      .then((body) =>
        sent.push({
          dryRun: url.searchParams.get('dryRun') === 'true',
          ifMatch: request.headers.get('If-Match'),
          contentType: request.headers.get('Content-Type'),
          body,
        }),
      );
  });
  return sent;
}

async function openPolicy() {
  const app = renderApp('/admin/policy');
  expect(await screen.findByRole('heading', { level: 1, name: 'Policy' })).toBeInTheDocument();
  await waitFor(() => expect(documentField()).toHaveValue(MOCK_POLICY_TEXT));
  return app;
}

const documentField = () => screen.getByRole('textbox', { name: 'Policy document, YAML' });
const planRegion = () => screen.getByRole('region', { name: 'Plan' });

async function typeDocument(user: ReturnType<typeof renderApp>['user'], text: string) {
  await user.clear(documentField());
  // user.type reads braces and brackets as keys; the text is pasted instead.
  documentField().focus();
  await user.paste(text);
}

afterEach(() => server.events.removeAllListeners());

describe('policy: export', () => {
  it('shows the current version and downloads the policy as a YAML file', async () => {
    const saved: { name: string }[] = [];
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:policy';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ name: this.download });
    });
    const { user } = await openPolicy();

    const exportSection = screen.getByRole('region', { name: 'Export' });
    expect(exportSection).toHaveTextContent('Current version: "policy-1"');
    await user.click(within(exportSection).getByRole('button', { name: 'Download policy' }));

    expect(await screen.findByText('Downloaded perimeter-policy.yaml')).toBeInTheDocument();
    expect(saved).toEqual([{ name: 'perimeter-policy.yaml' }]);
    expect(await blobs[0]!.text()).toBe(MOCK_POLICY_TEXT);
  });
});

describe('policy: plan', () => {
  it('plans the edited document and shows the changes per section, the impact, and no problem', async () => {
    db.policy.plan = PLAN;
    const sent = recordImports();
    const { user } = await openPolicy();
    expect(planRegion()).toHaveTextContent('No plan yet');

    await typeDocument(user, CHANGED);
    await user.click(screen.getByRole('button', { name: 'Plan' }));

    expect(await within(planRegion()).findByRole('status')).toHaveTextContent(
      'Plan against version "policy-1": 2 added, 0 changed, 1 removed; 1 person gains privileges, 1 person loses some; no problems.',
    );
    expect(sent).toEqual([
      { dryRun: true, ifMatch: null, contentType: 'application/yaml', body: CHANGED },
    ]);
    const teams = screen.getByRole('region', { name: 'Teams' });
    expect(teams).toHaveTextContent('1 added, 0 changed, 0 removed.');
    expect(within(teams).getByRole('list', { name: 'Added (1)' })).toHaveTextContent(
      'Team release-managers with 1 member (ada@example.com).',
    );
    const rules = screen.getByRole('region', { name: 'Rules' });
    expect(within(rules).getByRole('list', { name: 'Removed (1)' })).toHaveTextContent(
      'Team qa can run pipelines tagged prod.',
    );
    expect(screen.getByRole('region', { name: 'Settings' })).toHaveTextContent('No change.');
    expect(screen.getByRole('list', { name: 'Gains (1)' })).toHaveTextContent(
      'Ada Lovelace (ada@example.com)approve on 7 pipelines: payments/api, payments/web, …',
    );
    expect(screen.getByRole('list', { name: 'Losses (1)' })).toHaveTextContent(
      'Alan Turing (alan@example.com)run on 1 pipeline: payments/api',
    );
    expect(screen.getByRole('region', { name: 'Problems' })).toHaveTextContent(
      'None: the document can be applied.',
    );
    // Nothing is applied by planning.
    expect(db.policy.version).toBe(1);
    expect(screen.getByRole('button', { name: 'Apply…' })).toBeEnabled();
  });

  it('lists the problems with their line and column, as markers too; choosing one moves the cursor there', async () => {
    db.policy.plan = buildPolicyPlan({ problems: PROBLEMS });
    const { user } = await openPolicy();

    await user.click(screen.getByRole('button', { name: 'Plan' }));

    const problems = await screen.findByRole('region', { name: 'Problems' });
    expect(problems).toHaveTextContent('2 problems: fix them in the document and plan again.');
    const buttons = within(problems).getAllByRole('button');
    expect(buttons.map((button) => button.textContent)).toEqual([
      'ErrorNobody in the account has the email grace@example.com.Line 12, column 15',
      'ErrorThere is no team called qa.Line 3, column 1',
    ]);
    expect(screen.getByRole('list', { name: 'Editor markers' })).toHaveTextContent(
      '12:15 Nobody in the account has the email grace@example.com.',
    );
    expect(screen.getByRole('button', { name: 'Apply…' })).toBeDisabled();

    await user.click(buttons[1]!);
    expect(documentField()).toHaveFocus();
    const offsetOfLine3 = MOCK_POLICY_TEXT.split('\n').slice(0, 2).join('\n').length + 1;
    expect((documentField() as HTMLTextAreaElement).selectionStart).toBe(offsetOfLine3);
  });

  it('asks to plan again when the document changes after the plan', async () => {
    db.policy.plan = PLAN;
    const { user } = await openPolicy();
    await user.click(screen.getByRole('button', { name: 'Plan' }));
    await screen.findByRole('region', { name: 'Teams' });

    await user.type(documentField(), '#');

    expect(within(planRegion()).getByRole('status')).toHaveTextContent(
      'The document has changed since this plan: plan again before applying.',
    );
    expect(screen.getByRole('button', { name: 'Apply…' })).toBeDisabled();
  });

  it('plans an uploaded file', async () => {
    db.policy.plan = PLAN;
    const sent = recordImports();
    const { user } = await openPolicy();

    const json = JSON.stringify({ version: 1 });
    // The button opens the browser's file picker, which is the hidden input's.
    await user.upload(
      screen.getByLabelText('Policy file'),
      new File([json], 'policy.json', { type: 'application/json' }),
    );
    await waitFor(() => expect(documentField()).toHaveValue(json));
    await user.click(screen.getByRole('button', { name: 'Plan' }));

    await screen.findByRole('region', { name: 'Teams' });
    expect(sent).toEqual([
      { dryRun: true, ifMatch: null, contentType: 'application/json', body: json },
    ]);
  });
});

describe('policy: apply', () => {
  async function planned() {
    db.policy.plan = PLAN;
    const sent = recordImports();
    const app = await openPolicy();
    await typeDocument(app.user, CHANGED);
    await app.user.click(screen.getByRole('button', { name: 'Plan' }));
    await screen.findByRole('region', { name: 'Teams' });
    await app.user.click(screen.getByRole('button', { name: 'Apply…' }));
    const dialog = await screen.findByRole('dialog', { name: 'Apply the policy?' });
    return { ...app, sent, dialog };
  }

  it('restates the counts, applies with If-Match of the planned version, and refreshes the export', async () => {
    const { user, sent, dialog } = await planned();

    expect(dialog).toHaveTextContent(
      'This applies the plan made against version "policy-1": 2 added, 0 changed and 1 removed; 1 person gains privileges and 1 person loses some.',
    );
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    expect(await screen.findByText('The policy was applied.')).toBeInTheDocument();
    expect(within(planRegion()).getByRole('status')).toHaveTextContent(
      'The policy was applied; it is now at version "policy-2".',
    );
    expect(sent.at(-1)).toEqual({
      dryRun: false,
      ifMatch: '"policy-1"',
      contentType: 'application/yaml',
      body: CHANGED,
    });
    expect(db.policy.text).toBe(CHANGED);
    // Every cache is invalidated: the export shows the new version.
    await waitFor(() =>
      expect(screen.getByRole('region', { name: 'Export' })).toHaveTextContent(
        'Current version: "policy-2"',
      ),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says that someone changed the policy since the plan (412), and applies nothing', async () => {
    const { user, dialog } = await planned();
    // Someone else applies in between.
    db.policy.version = 2;

    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(planRegion()).getByRole('status')).toHaveTextContent(
      'Someone changed the policy since this plan was made, so nothing was applied. Plan again',
    );
    expect(db.policy.text).toBe(MOCK_POLICY_TEXT);
    expect(screen.getByRole('button', { name: 'Apply…' })).toBeDisabled();
  });

  it('shows the problems of a refused document (422)', async () => {
    const { user, dialog } = await planned();
    // The account changed in a way that makes the document wrong, at the same version.
    db.policy.plan = buildPolicyPlan({ problems: PROBLEMS });

    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(within(planRegion()).getByRole('status')).toHaveTextContent(
      'The policy was not applied: the document has 2 problems. Nothing was changed.',
    );
    expect(screen.getByRole('region', { name: 'Problems' })).toHaveTextContent(
      'There is no team called qa.Line 3, column 1',
    );
    expect(screen.getByRole('list', { name: 'Editor markers' })).toHaveTextContent(
      '3:1 There is no team called qa.',
    );
    expect(db.policy.text).toBe(MOCK_POLICY_TEXT);
  });
});

describe('policy: access', () => {
  it('is in the administration navigation', async () => {
    await openPolicy();
    expect(screen.getByRole('link', { name: 'Policy' })).toHaveAttribute('aria-current', 'page');
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/policy');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Policy screen belongs/)).toBeInTheDocument();
  });
});
