import type { PolicyApplyResult, PolicyPlan, PolicyProblem } from '../../contract/policy';
import { POLICY_SECTIONS } from '../../contract/policy';

/*
 * `npm run policy -- export|plan|apply [file]`: the policy as code from a shell or a CI job,
 * through the HTTP API with a personal API token (PERIMETER_URL, PERIMETER_TOKEN). The logic is
 * here, with its inputs and outputs passed in, so that the tests drive it against the test app.
 */

export interface CliIo {
  env: Record<string, string | undefined>;
  fetch: (url: string, init?: RequestInit) => Promise<Response>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readFile: (path: string) => Promise<string>;
  writeFile: (path: string, text: string) => Promise<void>;
  readStdin: () => Promise<string>;
}

export const USAGE = `Usage: npm run policy -- <command> [file] [options]

Commands:
  export [file]                 Write the account's policy (YAML; .json file: JSON) to the file
                                or to standard output. Its version goes to standard error.
  plan [file]                   Plan the document (the file, or standard input): what changes,
                                who gains or loses what, and every problem with its line.
                                Exits 1 when the document has problems.
  apply [file]                  Apply the document. Exits 1 when it has problems or the policy
                                changed since the version it is applied against.

Options:
  --if-match <version>          apply: apply only if the policy is still at this version (the
                                "Version" a plan printed), so that a CI job applies exactly what
                                was reviewed. Without it, the current version is used.
  --json                        plan, apply: print the answer as JSON.

Environment:
  PERIMETER_URL                 The console's address, with its base path (https://perimeter.example.com).
  PERIMETER_TOKEN               A personal API token of an administrator (Profile → API tokens).`;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

interface Parsed {
  command: string;
  file?: string;
  ifMatch?: string;
  json: boolean;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  let ifMatch: string | undefined;
  let json = false;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index]!;
    if (arg === '--if-match') {
      ifMatch = argv[(index += 1)];
      if (!ifMatch) throw new CliError('--if-match needs a version.');
    } else if (arg.startsWith('--if-match=')) ifMatch = arg.slice('--if-match='.length);
    else if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') positional.unshift('help');
    else if (arg.startsWith('--')) throw new CliError(`Unknown option ${arg}.`);
    else positional.push(arg);
  }
  const [command = 'help', file, ...rest] = positional;
  if (rest.length > 0) throw new CliError(`One file at most; also got ${rest.join(' ')}.`);
  return { command, file, ifMatch, json };
}

const isJsonFile = (file: string | undefined) => file?.toLowerCase().endsWith('.json') ?? false;

/** An `If-Match` value from what people paste: `"abc"`, `abc` or `W/"abc"`. */
function quoted(version: string): string {
  const trimmed = version.trim().replace(/^W\//, '');
  return trimmed.startsWith('"') ? trimmed : `"${trimmed}"`;
}

function problemLine(problem: PolicyProblem, file = 'document'): string {
  return `  ${file}:${problem.line}:${problem.column}  ${problem.code}  ${problem.message}`;
}

/** The plan as people read it in a CI log or a pull request comment. */
export function formatPlan(plan: PolicyPlan, file?: string): string {
  const out: string[] = [`Version: ${plan.version}`];
  if (plan.problems.length > 0) {
    out.push('', `Problems (${plan.problems.length}):`);
    for (const problem of plan.problems) out.push(problemLine(problem, file));
  }
  let changes = 0;
  for (const section of POLICY_SECTIONS) {
    const { added, changed, removed } = plan.sections[section];
    if (added.length + changed.length + removed.length === 0) continue;
    out.push('', `${section}:`);
    for (const item of added) out.push(`  + ${item.summary}`);
    for (const item of changed) out.push(`  ~ ${item.summary}`);
    for (const item of removed) out.push(`  - ${item.summary}`);
    changes += added.length + changed.length + removed.length;
  }
  if (changes === 0 && plan.problems.length === 0) out.push('', 'No changes.');
  const { gains, losses, truncated } = plan.impact;
  if (gains.length + losses.length > 0) {
    out.push('', 'Impact:');
    const line = (sign: string, l: PolicyPlan['impact']['gains'][number]) =>
      `  ${sign} ${l.person.name} <${l.person.email}> ${sign === '+' ? 'gains' : 'loses'} ${l.privilege} on ${l.count} ${l.resourceType}${l.count === 1 ? '' : 's'}${l.resources.length ? ` (${l.resources.map((r) => r.name).join(', ')}${l.count > l.resources.length ? ', …' : ''})` : ''}`;
    for (const l of losses) out.push(line('-', l));
    for (const l of gains) out.push(line('+', l));
    if (truncated) out.push('  … and more (the impact was cut short).');
  }
  return `${out.join('\n')}\n`;
}

export async function runPolicyCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(parseArgs(argv), io);
  } catch (error) {
    if (error instanceof CliError) {
      io.stderr(`${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

async function run(args: Parsed, io: CliIo): Promise<number> {
  if (args.command === 'help') {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!['export', 'plan', 'apply'].includes(args.command)) {
    throw new CliError(`Unknown command ${args.command}.\n\n${USAGE}`);
  }
  const base = io.env.PERIMETER_URL?.replace(/\/+$/, '');
  const token = io.env.PERIMETER_TOKEN;
  if (!base) throw new CliError('Set PERIMETER_URL to the console’s address.');
  if (!token) throw new CliError('Set PERIMETER_TOKEN to an administrator’s API token.');
  const auth = { authorization: `Bearer ${token}` };

  const call = async (path: string, init: RequestInit = {}) => {
    let res: Response;
    try {
      res = await io.fetch(`${base}${path}`, {
        ...init,
        headers: { ...auth, ...(init.headers as Record<string, string>) },
      });
    } catch (error) {
      throw new CliError(
        `Cannot reach ${base}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    return res;
  };
  const failure = async (res: Response): Promise<CliError> => {
    const body = (await res.json().catch(() => ({}))) as {
      detail?: string;
      title?: string;
      problems?: PolicyProblem[];
    };
    const lines = [`${res.status} ${body.title ?? res.statusText}: ${body.detail ?? ''}`.trim()];
    for (const problem of body.problems ?? []) lines.push(problemLine(problem, args.file));
    return new CliError(lines.join('\n'), res.status === 412 || res.status === 422 ? 1 : 2);
  };

  if (args.command === 'export') {
    const json = isJsonFile(args.file);
    const res = await call('/api/policy', {
      headers: { accept: json ? 'application/json' : 'application/yaml' },
    });
    if (!res.ok) throw await failure(res);
    const text = json ? `${JSON.stringify(await res.json(), null, 2)}\n` : await res.text();
    if (args.file) await io.writeFile(args.file, text);
    else io.stdout(text);
    io.stderr(`Version: ${res.headers.get('etag')}\n`);
    return 0;
  }

  const document = args.file ? await io.readFile(args.file) : await io.readStdin();
  const contentType = isJsonFile(args.file) ? 'application/json' : 'application/yaml';

  if (args.command === 'plan') {
    const res = await call('/api/policy/import?dryRun=true', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: document,
    });
    if (!res.ok) throw await failure(res);
    const plan = (await res.json()) as PolicyPlan;
    io.stdout(args.json ? `${JSON.stringify(plan, null, 2)}\n` : formatPlan(plan, args.file));
    return plan.problems.length > 0 ? 1 : 0;
  }

  let ifMatch = args.ifMatch ? quoted(args.ifMatch) : undefined;
  if (!ifMatch) {
    const current = await call('/api/policy', { headers: { accept: 'application/json' } });
    if (!current.ok) throw await failure(current);
    ifMatch = current.headers.get('etag') ?? undefined;
    if (!ifMatch) throw new CliError('The server answered no version (ETag).');
  }
  const res = await call('/api/policy/import', {
    method: 'POST',
    headers: { 'content-type': contentType, 'if-match': ifMatch },
    body: document,
  });
  if (!res.ok) throw await failure(res);
  const result = (await res.json()) as PolicyApplyResult;
  if (args.json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else {
    io.stdout(formatPlan(result.plan, args.file));
    io.stdout(`\nApplied. The policy is now at version ${result.version}.\n`);
  }
  return 0;
}
