/**
 * The reference runner's loop (P-5.4), apart from its command line (scripts/runner.ts) so that a
 * server test can drive it in-process through `app.request`. It only ever makes outbound
 * requests: register once with the one-time token, then poll, claim, and report.
 *
 * It simulates the steps of a job (each runs for `stepMs` and succeeds); a real runner would run
 * them in the customer's cluster. What it does with a job's plan:
 * - a `pending-approval` step: it reports the job `pending-approval` and lets go of it (polling
 *   on); once a person approves, the server hands the job back to this runner with the steps
 *   before it `succeeded`, and it carries on from the first `pending` step;
 * - debug mode (`job.debug`): it pauses `debugPauseMs` before each step, saying which;
 * - a git or url definition comes with no steps (the server cannot reach it). A real runner
 *   would fetch the file from inside the network; this one cannot fetch anything here, so it
 *   reports the steps of `loadSteps` — by default a simulated definition
 *   (`simulatedDefinitionSteps`) — as the steps it loaded.
 */

/** What it needs of `fetch`: the real one, or a test's `app.request`. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export const RUNNER_VERSION = 'perimeter-reference-runner/1.0.0';

/** What the runner keeps between starts (the state file): its credential, for this server. */
export interface SavedRunner {
  url: string;
  runnerId: string;
  credential: string;
}

export interface RunnerOptions {
  /** The console's origin, `http://host:port`. */
  url: string;
  fetch: FetchLike;
  /** The one-time registration token; not needed when `saved` holds a credential. */
  registrationToken?: string;
  saved?: SavedRunner | null;
  /** Called once after registering, to keep the credential. */
  save?: (saved: SavedRunner) => void | Promise<void>;
  appProxy?: boolean;
  /** Exit after one job has finished (a job waiting for approval has not). */
  once?: boolean;
  /** How long each simulated step takes. */
  stepMs?: number;
  /** How long to pause before each step of a job in debug mode. */
  debugPauseMs?: number;
  /** The steps of a git or url definition (one the server could not read); simulated by default. */
  loadSteps?: (source: JobSource) => PlannedStep[] | Promise<PlannedStep[]>;
  /** How long each poll waits on the server (≤ 25 s). */
  waitSeconds?: number;
  /** Waiting after a failed request before trying again. */
  retryMs?: number;
  log?: (line: string) => void;
  /** Aborting it stops the loop: between jobs at once, during a job after reporting it failed. */
  signal?: AbortSignal;
}

/** Where the definition comes from (contract/runners.ts `jobSourceSchema`). */
export type JobSource =
  | { type: 'inline'; yaml: string }
  | {
      type: 'git';
      gitProvider: { name: string; kind: string; baseUrl: string } | null;
      repository: string;
      branch: string;
      path: string;
    }
  | { type: 'url'; url: string };

export interface PlannedStep {
  name: string;
  type?: string;
}

interface Job {
  id: string;
  number: number;
  pipeline: { id: string; project: string; name: string };
  trigger: { branch?: string | null; revision?: string | null; repository?: string };
  debug?: boolean;
  source?: JobSource;
  steps: string[];
  /** The steps with their states: a resumed job has the steps before its approval succeeded. */
  plan?: Step[];
}

interface Step {
  name: string;
  type?: string;
  state: 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt?: string | null;
  finishedAt?: string | null;
  message?: string | null;
}

/** The outcome of a run of the loop. */
export interface RunnerResult {
  jobs: number;
  /** Why it stopped: stopped (signal), once (one job done), refused (credential no longer valid). */
  reason: 'stopped' | 'once' | 'refused';
}

export class RunnerRefused extends Error {}

/**
 * What the reference runner pretends a git or url definition holds, since it cannot fetch one
 * here: a clone of the repository then one freestyle step, or one freestyle step for a URL.
 */
export function simulatedDefinitionSteps(source: JobSource): PlannedStep[] {
  return source.type === 'git'
    ? [
        { name: 'clone', type: 'git-clone' },
        { name: 'run', type: 'freestyle' },
      ]
    : [{ name: 'run', type: 'freestyle' }];
}

/** The server answered a report with a 4xx other than 401: sending it again would not help. */
class ReportRefused extends Error {}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * How long to wait after the n-th failure in a row: doubling from `baseMs`, at most a minute,
 * with jitter so that many runners cut off together do not come back together.
 */
export function backoff(baseMs: number, failures: number): number {
  const ceiling = Math.min(60_000, baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

async function problemOf(res: Response): Promise<string> {
  const text = await res.text().catch(() => '');
  try {
    const problem = JSON.parse(text) as { detail?: string; title?: string };
    return `${res.status} ${problem.detail ?? problem.title ?? ''}`.trim();
  } catch {
    return `${res.status} ${text.slice(0, 200)}`.trim();
  }
}

/** Trades the one-time registration token for the runner's credential. */
export async function registerRunner(
  options: Pick<RunnerOptions, 'url' | 'fetch' | 'appProxy' | 'signal'> & {
    registrationToken: string;
  },
): Promise<SavedRunner> {
  const res = await options.fetch(`${options.url}/api/runner/v1/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      registrationToken: options.registrationToken,
      version: RUNNER_VERSION,
      appProxy: options.appProxy ?? false,
    }),
    signal: options.signal,
  });
  if (res.status === 401) throw new RunnerRefused(`Registration refused: ${await problemOf(res)}`);
  if (res.status !== 201) throw new Error(`Registration failed: ${await problemOf(res)}`);
  const { runnerId, credential } = (await res.json()) as { runnerId: string; credential: string };
  return { url: options.url, runnerId, credential };
}

/**
 * Registers (or reuses the saved credential), then polls and runs jobs until stopped, until one
 * job is done with `once`, or until the server refuses the credential (revoked: 401).
 */
export async function runRunner(options: RunnerOptions): Promise<RunnerResult> {
  const log = options.log ?? (() => undefined);
  const { signal } = options;
  const stepMs = options.stepMs ?? 500;
  const debugPauseMs = options.debugPauseMs ?? 2_000;
  const loadSteps = options.loadSteps ?? simulatedDefinitionSteps;
  const retryMs = options.retryMs ?? 5_000;

  let saved = options.saved && options.saved.url === options.url ? options.saved : null;
  if (saved) log(`Using the saved credential of runner ${saved.runnerId}.`);
  else {
    if (!options.registrationToken) {
      throw new RunnerRefused('No saved credential: give the registration token (--token).');
    }
    saved = await registerRunner({ ...options, registrationToken: options.registrationToken });
    await options.save?.(saved);
    log(`Registered as runner ${saved.runnerId}.`);
  }
  const credential = saved.credential;

  const waitSeconds = options.waitSeconds ?? 25;
  // Every request has a deadline: a connection a proxy or a network silently dropped must not
  // hang the runner. A poll may take as long as the server waits, plus some slack.
  const deadline = (seconds: number, stop?: AbortSignal) =>
    stop
      ? AbortSignal.any([stop, AbortSignal.timeout(seconds * 1000)])
      : AbortSignal.timeout(seconds * 1000);

  const call = (path: string, body: unknown) =>
    options.fetch(`${options.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify(body),
      signal: deadline(waitSeconds + 15, signal),
    });

  const reportOnce = async (jobId: string, state: string, steps: Step[]) => {
    // A report is sent even while stopping, so that a job is not left running.
    const res = await options.fetch(`${options.url}/api/runner/v1/jobs/${jobId}/status`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
      body: JSON.stringify({ state, steps }),
      signal: deadline(15),
    });
    if (res.status === 401) throw new RunnerRefused(`Report refused: ${await problemOf(res)}`);
    if (res.status >= 500) throw new Error(`the server answered ${await problemOf(res)}`);
    if (res.status !== 204) {
      throw new ReportRefused(`Report on job ${jobId} failed: ${await problemOf(res)}`);
    }
  };

  /** A report lost to the network or a server error is sent again, up to five times. */
  const report = async (jobId: string, state: string, steps: Step[]) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await reportOnce(jobId, state, steps);
      } catch (error) {
        if (error instanceof RunnerRefused || error instanceof ReportRefused || attempt === 5) {
          throw error;
        }
        log(`Report on job ${jobId} failed (${messageOf(error)}); sending it again.`);
        await sleep(backoff(retryMs, attempt), signal?.aborted ? undefined : signal);
      }
    }
  };

  let jobs = 0;
  let failures = 0;
  while (!signal?.aborted) {
    let res: Response;
    try {
      res = await call('/api/runner/v1/poll', {
        waitSeconds: options.waitSeconds ?? 25,
        version: RUNNER_VERSION,
        appProxy: options.appProxy ?? false,
      });
    } catch (error) {
      if (signal?.aborted) break;
      failures += 1;
      log(`Poll failed (${messageOf(error)}); retrying.`);
      await sleep(backoff(retryMs, failures), signal);
      continue;
    }
    if (res.status < 500) failures = 0;
    if (res.status === 204) continue;
    if (res.status === 401) {
      log(`The server refused the credential: ${await problemOf(res)}. Was the runner revoked?`);
      return { jobs, reason: 'refused' };
    }
    if (res.status !== 200) {
      failures += 1;
      log(`Poll answered ${await problemOf(res)}; retrying.`);
      await sleep(backoff(retryMs, failures), signal);
      continue;
    }
    const { job } = (await res.json()) as { job: Job };
    jobs += 1;
    let outcome: 'finished' | 'waiting' = 'finished';
    try {
      outcome = await runJob(job);
    } catch (error) {
      if (error instanceof RunnerRefused) {
        log(error.message);
        return { jobs, reason: 'refused' };
      }
      log(`Job ${job.id} could not be reported: ${messageOf(error)}`);
    }
    if (options.once && outcome === 'finished') return { jobs, reason: 'once' };
  }
  log('Stopped.');
  return { jobs, reason: 'stopped' };

  /** The job's steps: its plan, or for a git or url definition the steps the runner loads. */
  async function stepsOf(job: Job): Promise<Step[]> {
    if (job.plan && job.plan.length > 0) return job.plan.map((step) => ({ ...step }));
    if (job.source && job.source.type !== 'inline') {
      const loaded = await loadSteps(job.source);
      log(`  loaded ${loaded.length} step(s) from the ${job.source.type} definition.`);
      return loaded.map((step) => ({ ...step, state: 'pending' }));
    }
    return job.steps.map((name) => ({ name, state: 'pending' }));
  }

  /** Runs the job's pending steps; stops at a pending-approval step, letting go of the job. */
  async function runJob(job: Job): Promise<'finished' | 'waiting'> {
    const label = `${job.pipeline.project}/${job.pipeline.name} #${job.number}`;
    const where = [job.trigger.repository, job.trigger.branch, job.trigger.revision?.slice(0, 12)]
      .filter(Boolean)
      .join(' ');
    const steps = await stepsOf(job);
    const resumed = steps.some((step) => step.state !== 'pending');
    log(
      `Claimed ${label} (${where || 'no revision'}), ${steps.length} step(s)${
        resumed ? ', resuming at the first pending one' : ''
      }${job.debug ? ', in debug mode' : ''}.`,
    );
    await report(job.id, 'running', steps);
    for (const step of steps) {
      if (step.state !== 'pending') continue;
      if (step.type === 'pending-approval') {
        await report(job.id, 'pending-approval', steps);
        log(`  ${step.name}: waiting for approval; ${label} is released until someone decides.`);
        return 'waiting';
      }
      if (job.debug && !signal?.aborted) {
        log(`  debug: pausing ${debugPauseMs} ms before ${step.name}.`);
        await sleep(debugPauseMs, signal);
      }
      const started = Date.now();
      if (!signal?.aborted) {
        step.state = 'running';
        step.startedAt = new Date(started).toISOString();
        await report(job.id, 'running', steps);
        log(`  ${step.name}: running`);
        await sleep(stepMs, signal);
      }
      if (signal?.aborted) {
        // Stopped before or during this step: it failed, the rest never ran.
        step.state = 'failed';
        step.finishedAt = new Date().toISOString();
        step.message = 'The runner was stopped.';
        for (const rest of steps) if (rest.state === 'pending') rest.state = 'skipped';
        await report(job.id, 'failed', steps);
        log(`Stopped during ${label}: reported it failed.`);
        return 'finished';
      }
      step.state = 'succeeded';
      step.finishedAt = new Date().toISOString();
      step.message = `Simulated by the reference runner in ${Date.now() - started} ms.`;
      await report(job.id, 'running', steps);
      log(`  ${step.name}: succeeded`);
    }
    await report(job.id, 'succeeded', steps);
    log(`Finished ${label}: succeeded.`);
    return 'finished';
  }
}
