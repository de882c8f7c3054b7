import { describe, expect, it } from 'vitest';
import {
  checkClusterReferences,
  checkReferences,
  closestName,
  clusterReferences,
  completeAt,
  isQualifiedRepository,
  type AccountNames,
  type Completions,
} from './pipeline-references';
import { PLATFORM_VARIABLES } from './pipeline-variables';
import { parseYamlSource } from './yaml-source';
import { SEED_PIPELINES } from '../contract/seed-pipelines';

const SEED_CLONE_AND_BUILD = SEED_PIPELINES.cloneAndBuild;
const SEED_CLONE_BUILD_AND_PUSH = SEED_PIPELINES.cloneBuildAndPush;

const SEED_NAMES: AccountNames = {
  gitProviders: [
    { name: 'my-internal-git-provider', behindFirewall: true },
    { name: 'my-internal-git-repo', behindFirewall: true },
  ],
  registries: ['my-internal-docker-registry'],
  clusters: [],
};

const NAMES: AccountNames = {
  gitProviders: [
    { name: 'github', behindFirewall: false },
    { name: 'gitlab-onprem', behindFirewall: true },
  ],
  registries: ['dockerhub', 'quay', 'ecr-eu'],
  clusters: ['prod-eu', 'prod-us', 'staging'],
};

/** A definition from lines, so that line numbers in the tests are easy to count. */
const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

describe('checkReferences: the seeds', () => {
  it('finds nothing wrong in the two seed pipelines when the account has what they name', () => {
    expect(SEED_CLONE_BUILD_AND_PUSH).toContain('registry: my-internal-docker-registry  \n');
    expect(checkReferences(SEED_CLONE_AND_BUILD, SEED_NAMES)).toEqual([]);
    expect(checkReferences(SEED_CLONE_BUILD_AND_PUSH, SEED_NAMES)).toEqual([]);
  });

  it('takes a source parsed once, as the format check does', () => {
    expect(checkReferences(parseYamlSource(SEED_CLONE_BUILD_AND_PUSH), SEED_NAMES)).toEqual([]);
  });

  it('marks the seeds when the account lacks their integrations', () => {
    const empty: AccountNames = { gitProviders: [], registries: [], clusters: [] };
    expect(checkReferences(SEED_CLONE_BUILD_AND_PUSH, empty)).toEqual([
      {
        line: 7,
        column: 10,
        endLine: 7,
        endColumn: 30,
        code: 'unknown-git-provider',
        message:
          "No git provider named my-internal-git-repo. The account has no git providers yet; CF-default is the platform's own.",
      },
      {
        line: 18,
        column: 15,
        endLine: 18,
        endColumn: 42,
        code: 'unknown-registry',
        message:
          'No registry named my-internal-docker-registry. The account has no registries yet.',
      },
    ]);
  });
});

describe('checkReferences: names of the account', () => {
  it('marks an unknown registry of a build step at its value, with the closest name', () => {
    const text = yaml(
      "version: '1.0'",
      'steps:',
      '  build:',
      '    type: build',
      '    image_name: app',
      '    registry: dockerhb',
    );
    expect(checkReferences(text, NAMES)).toEqual([
      {
        line: 6,
        column: 15,
        endLine: 6,
        endColumn: 23,
        code: 'unknown-registry',
        message: 'No registry named dockerhb. Did you mean dockerhub?',
        suggestion: 'dockerhub',
      },
    ]);
  });

  it("marks a push step's and a deploy candidate's registry, inside the quotes", () => {
    const text = yaml(
      'steps:',
      '  push:',
      '    type: push',
      '    candidate: my-image',
      "    registry: 'Quay'",
      '  deploy:',
      '    type: deploy',
      '    kind: kubernetes',
      '    cluster: staging',
      '    namespace: web',
      '    candidate:',
      '      image: my-image',
      '      registry: "ecr-ue"',
    );
    const problems = checkReferences(text, NAMES);
    expect(problems).toMatchObject([
      { line: 5, column: 16, endColumn: 20, code: 'unknown-registry', suggestion: 'quay' },
      { line: 13, column: 18, endColumn: 24, code: 'unknown-registry', suggestion: 'ecr-eu' },
    ]);
    expect(problems[0]!.message).toBe('No registry named Quay. Did you mean quay?');
  });

  it('lists the names there are when none is close, and says so when there are none', () => {
    const text = yaml('steps:', '  build:', '    type: build', '    registry: artifactory');
    expect(checkReferences(text, NAMES)[0]!.message).toBe(
      "No registry named artifactory. The account's registries: dockerhub, quay, ecr-eu.",
    );
    expect(checkReferences(text, { ...NAMES, registries: [] })[0]).toMatchObject({
      message: 'No registry named artifactory. The account has no registries yet.',
    });
    expect(checkReferences(text, { ...NAMES, registries: [] })[0]).not.toHaveProperty('suggestion');
  });

  it('offers no suggestion when two names are as close', () => {
    const text = yaml(
      'steps:',
      '  deploy:',
      '    type: deploy',
      '    cluster: prod-ue',
      '    kind: kubernetes',
      '    namespace: web',
    );
    const [problem] = checkReferences(text, NAMES);
    expect(problem).not.toHaveProperty('suggestion');
    expect(problem!.message).toBe(
      'No cluster named prod-ue among the clusters you may read. You may read: prod-eu, prod-us, staging.',
    );
  });

  it('never says that a cluster the person may not read does not exist', () => {
    const text = yaml(
      'steps:',
      '  deploy:',
      '    type: deploy',
      '    kind: kubernetes',
      '    cluster: prod-e',
      '    namespace: web',
    );
    expect(checkReferences(text, NAMES)).toEqual([
      {
        line: 5,
        column: 14,
        endLine: 5,
        endColumn: 20,
        code: 'unknown-cluster',
        message: 'No cluster named prod-e among the clusters you may read. Did you mean prod-eu?',
        suggestion: 'prod-eu',
      },
    ]);
    expect(checkReferences(text, { ...NAMES, clusters: [] })[0]!.message).toBe(
      'No cluster named prod-e among the clusters you may read. You may not read any cluster yet.',
    );
  });

  it("accepts the platform's own git provider and suggests it for a case slip", () => {
    const clone = (git: string) =>
      yaml('steps:', '  clone:', '    type: git-clone', '    repo: acme/app', `    git: ${git}`);
    expect(checkReferences(clone('CF-default'), NAMES)).toEqual([]);
    expect(checkReferences(clone('github'), NAMES)).toEqual([]);
    expect(checkReferences(clone('cf-default'), NAMES)).toEqual([
      {
        line: 5,
        column: 10,
        endLine: 5,
        endColumn: 20,
        code: 'unknown-git-provider',
        message: 'No git provider named cf-default. Did you mean CF-default?',
        suggestion: 'CF-default',
      },
    ]);
    expect(checkReferences(clone('bitbucket'), NAMES)[0]!.message).toBe(
      'No git provider named bitbucket. The git providers: CF-default, github, gitlab-onprem.',
    );
  });

  it('does not check names written as expressions, nor variables', () => {
    const text = yaml(
      'steps:',
      '  clone:',
      '    type: git-clone',
      '    repo: acme/app',
      '    git: ${{GIT_PROVIDER}}',
      '  build:',
      '    type: build',
      '    image_name: app',
      "    tag: '${{MY_OWN_VARIABLE}}-${{CF_SHORT_REVISION}}'",
      '    registry: ${{REGISTRY}}',
    );
    expect(checkReferences(text, NAMES)).toEqual([]);
  });

  it('marks a cluster written as an expression: who may deploy there cannot be checked', () => {
    const text = yaml(
      'steps:',
      '  deploy:',
      '    type: deploy',
      '    kind: kubernetes',
      "    cluster: '${{CLUSTER}}'",
      '    namespace: web',
    );
    expect(checkReferences(text, NAMES)).toEqual([
      {
        line: 5,
        column: 15,
        endLine: 5,
        endColumn: 27,
        code: 'cluster-expression',
        message:
          'Name the cluster itself: ${{CLUSTER}} is only known when the pipeline runs, where access to the cluster cannot be checked.',
      },
    ]);
  });

  it('finds nothing to check in an empty or a shapeless definition', () => {
    expect(checkReferences('', NAMES)).toEqual([]);
    expect(checkReferences('- just\n- a list\n', NAMES)).toEqual([]);
    expect(checkReferences('steps: 3\n', NAMES)).toEqual([]);
    expect(checkReferences('steps:\n  odd: 3\n  freestyle:\n    image: alpine\n', NAMES)).toEqual(
      [],
    );
  });
});

describe('checkReferences: stages', () => {
  it('marks a stage that is not declared, with the closest one', () => {
    const text = yaml(
      'stages: [clone, build]',
      'steps:',
      '  clone:',
      '    type: git-clone',
      '    repo: acme/app',
      '    stage: clon',
      '  build:',
      '    type: build',
      '    image_name: app',
      '    stage: build',
    );
    expect(checkReferences(text, NAMES)).toEqual([
      {
        line: 6,
        column: 12,
        endLine: 6,
        endColumn: 16,
        code: 'unknown-stage',
        message: 'No stage named clon. Did you mean clone?',
        suggestion: 'clone',
      },
    ]);
  });

  it('says to declare the stages when the definition has none', () => {
    const text = yaml('steps:', '  test:', '    image: node:24', '    stage: test');
    expect(checkReferences(text, NAMES)).toEqual([
      {
        line: 4,
        column: 12,
        endLine: 4,
        endColumn: 16,
        code: 'unknown-stage',
        message: 'The pipeline declares no stages: add a top-level stages: list that names test.',
      },
    ]);
  });
});

describe('checkReferences: behind-the-firewall git providers', () => {
  const clone = (repo: string, git = 'gitlab-onprem') =>
    yaml('steps:', '  clone:', '    type: git-clone', `    repo: ${repo}`, `    git: ${git}`);

  it('wants a fully qualified repository URL, and marks the repo value otherwise', () => {
    expect(checkReferences(clone('acme/app'), NAMES)).toEqual([
      {
        line: 4,
        column: 11,
        endLine: 4,
        endColumn: 19,
        code: 'repository-not-qualified',
        message:
          'acme/app is not a full repository address. gitlab-onprem is behind the firewall, so the clone needs the whole URL, such as https://<host>/acme/app.',
      },
    ]);
    expect(checkReferences(clone("'acme/app'"), NAMES)[0]).toMatchObject({ column: 12 });
  });

  it.each([
    'https://gitlab.internal.example.com/acme/app',
    'http://10.0.0.7/acme/app.git',
    'ssh://git@gitlab.internal.example.com:2222/acme/app.git',
    'git@gitlab.internal.example.com:acme/app.git',
    'https://${{GIT_HOST}}/acme/app',
    '${{REPOSITORY_URL}}',
  ])('accepts %s', (repo) => {
    expect(checkReferences(clone(repo), NAMES)).toEqual([]);
  });

  it('leaves owner/repo alone for a provider that is not behind the firewall', () => {
    expect(checkReferences(clone('acme/app', 'github'), NAMES)).toEqual([]);
    expect(checkReferences(clone('acme/app', 'CF-default'), NAMES)).toEqual([]);
  });

  it('tells a full address from owner/repo', () => {
    expect(isQualifiedRepository('https://git.example.com/acme/app')).toBe(true);
    expect(isQualifiedRepository('git@git.example.com:acme/app')).toBe(true);
    expect(isQualifiedRepository('acme/app')).toBe(false);
    expect(isQualifiedRepository('https://git.example.com')).toBe(false);
    expect(isQualifiedRepository('git.example.com/acme/app')).toBe(false);
  });
});

describe('checkReferences: a push step’s candidate', () => {
  const pipeline = (candidate: string) =>
    yaml(
      'steps:',
      '  clone:',
      '    type: git-clone',
      '    repo: acme/app',
      '  build:',
      '    type: build',
      '    image_name: app',
      '  push:',
      '    type: push',
      `    candidate: ${candidate}`,
      '    registry: quay',
      '  later:',
      '    type: build',
      '    image_name: other',
    );

  it('accepts a build step above it, quoted or not, and a literal image', () => {
    expect(checkReferences(pipeline("'${{build}}'"), NAMES)).toEqual([]);
    expect(checkReferences(pipeline('${{ build }}'), NAMES)).toEqual([]);
    expect(checkReferences(pipeline('quay.io/acme/app:1.2'), NAMES)).toEqual([]);
    expect(checkReferences(pipeline('${{REGISTRY}}/app:${{TAG}}'), NAMES)).toEqual([]);
    expect(checkReferences(pipeline('${{steps.build.imageId}}'), NAMES)).toEqual([]);
  });

  it('marks a build step defined below it', () => {
    expect(checkReferences(pipeline("'${{later}}'"), NAMES)).toEqual([
      {
        line: 10,
        column: 20,
        endLine: 10,
        endColumn: 25,
        code: 'candidate-defined-later',
        message:
          'later is defined after push: a push step can only push the image of a build step above it. Move later before push.',
      },
    ]);
  });

  it('marks a step that is not a build step', () => {
    expect(checkReferences(pipeline('${{clone}}'), NAMES)).toEqual([
      {
        line: 10,
        column: 19,
        endLine: 10,
        endColumn: 24,
        code: 'candidate-not-build-step',
        message:
          'clone is a git-clone step, not a build step: a push step pushes the image a build step above it made. The build steps above push: build.',
      },
    ]);
    expect(checkReferences(pipeline('${{push}}'), NAMES)[0]).toMatchObject({
      code: 'candidate-not-build-step',
      message: expect.stringMatching(/^push is a push step, not a build step/),
    });
  });

  it('marks an unknown step at its name inside ${{…}}, with the closest build step above', () => {
    expect(checkReferences(pipeline("'${{biuld}}'"), NAMES)).toEqual([
      {
        line: 10,
        column: 20,
        endLine: 10,
        endColumn: 25,
        code: 'unknown-step',
        message: 'No step named biuld. Did you mean build?',
        suggestion: 'build',
      },
    ]);
    expect(checkReferences(pipeline('${{image}}'), NAMES)[0]!.message).toBe(
      'No step named image. The build steps above push: build.',
    );
  });

  it('says when there is no build step above at all', () => {
    const text = yaml('steps:', '  push:', '    type: push', "    candidate: '${{build}}'");
    expect(checkReferences(text, NAMES)[0]!.message).toBe(
      'No step named build, and no build step above this one whose image it could push.',
    );
  });
});

describe('checkReferences: parallel steps', () => {
  const text = yaml(
    "version: '1.0'",
    'stages: [build, push]',
    'steps:',
    '  images:',
    '    type: parallel',
    '    stage: build',
    '    steps:',
    '      api:',
    '        type: build',
    '        image_name: api',
    '        registry: quay',
    '        stage: biuld',
    '      web:',
    '        type: build',
    '        image_name: web',
    '        registry: dockerhb',
    '  publish:',
    '    type: parallel',
    '    steps:',
    '      push_api:',
    '        type: push',
    "        candidate: '${{api}}'",
    '        registry: quay',
    '      push_worker:',
    '        type: push',
    "        candidate: '${{worker}}'",
    '        registry: quay',
    '      deploy:',
    '        type: deploy',
    '        kind: kubernetes',
    '        cluster: prod-eux',
    '        namespace: api',
    '  worker:',
    '    type: build',
    '    image_name: worker',
  );

  it('checks the nested steps, and counts nested build steps as above a later push', () => {
    expect(checkReferences(text, NAMES)).toMatchObject([
      { line: 12, column: 16, code: 'unknown-stage', suggestion: 'build' },
      { line: 16, column: 19, code: 'unknown-registry', suggestion: 'dockerhub' },
      { line: 26, column: 24, endColumn: 30, code: 'candidate-defined-later' },
      { line: 31, column: 18, code: 'unknown-cluster', suggestion: 'prod-eu' },
    ]);
  });
});

describe('closestName', () => {
  it('suggests the one name clearly closest, ignoring case', () => {
    expect(closestName('dockerhb', ['dockerhub', 'quay'])).toBe('dockerhub');
    expect(closestName('dokcerhub', ['dockerhub', 'quay'])).toBe('dockerhub'); // a transposition
    expect(closestName('PROD-EU', ['prod-eu', 'prod-us'])).toBe('prod-eu');
    expect(closestName('Quay', ['quay', 'quayy'])).toBe('quay');
  });

  it('suggests nothing for a tie, a name too far, or a name that is there', () => {
    expect(closestName('prod-ue', ['prod-eu', 'prod-us'])).toBeUndefined();
    expect(closestName('prod', ['prod-eu', 'prod-us'])).toBeUndefined();
    expect(closestName('artifactory', ['dockerhub', 'quay'])).toBeUndefined();
    expect(closestName('ab', ['xy'])).toBeUndefined();
    expect(closestName('quay', ['quay', 'quai'])).toBeUndefined();
    expect(closestName('x', [])).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Completions
// ---------------------------------------------------------------------------------------------

/** Completions where `‸` stands in the text (the cursor, which the source does not contain). */
function completeHere(textWithCursor: string, names = NAMES): Completions | undefined {
  const lines = textWithCursor.split('\n');
  const line = lines.findIndex((text) => text.includes('‸'));
  const column = lines[line]!.indexOf('‸') + 1;
  return completeAt(textWithCursor.replace('‸', ''), line + 1, column, names);
}

const labels = (offer: Completions | undefined) => offer?.items.map((item) => item.label);

const STEPS = [
  "version: '1.0'",
  'stages: [prepare, build, ship]',
  'steps:',
  '  clone:',
  '    title: Clone the app',
  '    type: git-clone',
  '    repo: acme/app',
  '  api:',
  '    type: build',
  '    title: Build the API',
  '    image_name: api',
  '  images:',
  '    type: parallel',
  '    steps:',
  '      web:',
  '        type: build',
  '        image_name: web',
  '      lint:',
  '        image: node:24',
];

describe('completeAt: names after a key', () => {
  it("offers the platform's and the account's git providers after git:", () => {
    const offer = completeHere(yaml(...STEPS, '  other:', '    type: git-clone', '    git: ‸'));
    expect(offer).toEqual({
      replaceFrom: 10,
      items: [
        {
          label: 'CF-default',
          detail: "The platform's built-in git provider",
          insertText: 'CF-default',
          kind: 'git-provider',
        },
        { label: 'github', detail: 'Git provider', insertText: 'github', kind: 'git-provider' },
        {
          label: 'gitlab-onprem',
          detail: 'Git provider behind the firewall',
          insertText: 'gitlab-onprem',
          kind: 'git-provider',
        },
      ],
    });
  });

  it('offers the registries after registry:, from where the typed word starts', () => {
    const offer = completeHere(yaml('steps:', '  push:', '    type: push', '    registry: doc‸'));
    expect(offer?.replaceFrom).toBe(15);
    expect(offer?.items).toEqual(
      NAMES.registries.map((name) => ({
        label: name,
        detail: 'Registry',
        insertText: name,
        kind: 'registry',
      })),
    );
  });

  it('starts the word after an opening quote, whatever follows the cursor', () => {
    expect(completeHere("    registry: 'doc‸'")?.replaceFrom).toBe(16);
    expect(completeHere('    registry: "‸"')?.replaceFrom).toBe(16);
    expect(completeHere('    registry: "doc‸kerhub"')?.replaceFrom).toBe(16);
  });

  it('puts the space in when the cursor is right after the colon', () => {
    const offer = completeHere('    registry:‸');
    expect(offer?.replaceFrom).toBe(14);
    expect(offer?.items[0]?.insertText).toBe(' dockerhub');
  });

  it('offers the clusters the person may read after cluster:', () => {
    const offer = completeHere(yaml('steps:', '  deploy:', '    type: deploy', '    cluster: pr‸'));
    expect(offer?.replaceFrom).toBe(14);
    expect(offer?.items.map(({ label, kind, detail }) => [label, kind, detail])).toEqual([
      ['prod-eu', 'cluster', 'Cluster you may read'],
      ['prod-us', 'cluster', 'Cluster you may read'],
      ['staging', 'cluster', 'Cluster you may read'],
    ]);
  });

  it('offers the declared stages after stage:', () => {
    const offer = completeHere(yaml(...STEPS, '        stage: b‸'));
    expect(offer?.replaceFrom).toBe(16);
    expect(offer?.items).toEqual(
      ['prepare', 'build', 'ship'].map((name) => ({
        label: name,
        detail: 'Stage declared in stages',
        insertText: name,
        kind: 'stage',
      })),
    );
    const blockList = yaml('stages:', '  - one', "  - 'two'", 'steps:', '  a:', '    stage: ‸');
    expect(labels(completeHere(blockList))).toEqual(['one', 'two']);
    expect(labels(completeHere(yaml('steps:', '  a:', '    stage: ‸')))).toEqual([]);
  });

  it('offers the stages while the definition does not parse', () => {
    const broken = yaml('stages: [one, "two"]', 'steps:', '  a:', "    image: 'alpine", '  b:');
    expect(labels(completeHere(`${broken}    stage: ‸`))).toEqual(['one', 'two']);
  });
});

describe('completeAt: candidate', () => {
  it('offers the build steps above the cursor’s step, nested ones included, as ${{Name}}', () => {
    const offer = completeHere(
      yaml(...STEPS, '  push:', '    type: push', '    candidate: ‸', '  late:', '    type: build'),
    );
    expect(offer).toEqual({
      replaceFrom: 16,
      items: [
        {
          label: 'api',
          detail: 'build step: Build the API',
          insertText: '${{api}}',
          kind: 'step',
        },
        { label: 'web', detail: 'build step', insertText: '${{web}}', kind: 'step' },
      ],
    });
  });

  it('completes what is missing of ${{…}} around a partly typed name', () => {
    const push = (value: string) =>
      yaml(...STEPS, '  push:', '    type: push', `    candidate: ${value}`);
    const insertOf = (value: string) => completeHere(push(value))?.items[0]?.insertText;
    expect(insertOf("'${{a‸")).toBe('api}}');
    expect(insertOf("'${{a‸}}'")).toBe('api');
    expect(insertOf('${{ ‸}')).toBe('api}');
    expect(insertOf('${‸}')).toBe('{api}');
    expect(insertOf('$‸')).toBe('{{api}}');
    expect(insertOf("'a‸'")).toBe('${{api}}');
    expect(completeHere(push("'${{a‸"))?.replaceFrom).toBe(20);
    expect(completeHere(push("'a‸'"))?.replaceFrom).toBe(17);
  });

  it('offers only the build steps above a push step inside a parallel step', () => {
    const text = yaml(
      'steps:',
      '  first:',
      '    type: build',
      '  group:',
      '    type: parallel',
      '    steps:',
      '      inner:',
      '        type: build',
      '      push:',
      '        type: push',
      '        candidate: ‸',
      '      sibling:',
      '        type: build',
      '  after:',
      '    type: build',
    );
    expect(labels(completeHere(text))).toEqual(['first', 'inner']);
  });

  it('finds the steps by their indentation while the definition does not parse', () => {
    const text = yaml(
      'steps:',
      '  build:',
      '    type: build',
      "    image_name: 'unfinished",
      '  "quoted build":',
      '    type: build',
      '  run:',
      '    image: alpine',
      '  par:',
      '    type: parallel',
      '    steps:',
      '      nested:',
      '        type: "build"',
      '      push:',
      '        type: push',
      "        candidate: '${{‸",
    );
    expect(parseYamlSource(text.replace('‸', '')).syntaxProblems).not.toEqual([]);
    expect(completeHere(text)?.items.map((item) => item.insertText)).toEqual([
      'build}}',
      'quoted build}}',
      'nested}}',
    ]);
  });
});

describe('completeAt: ${{ expressions', () => {
  it('offers the platform variables and the steps above, mid-string', () => {
    const offer = completeHere(
      yaml(...STEPS, '  push:', '    type: push', "    tag: '${{CF_BR‸", '  late:', '    image: x'),
    );
    expect(offer?.replaceFrom).toBe(14);
    const byLabel = new Map(offer?.items.map((item) => [item.label, item]));
    expect(byLabel.get('CF_BRANCH')).toEqual({
      label: 'CF_BRANCH',
      detail: PLATFORM_VARIABLES.CF_BRANCH,
      insertText: 'CF_BRANCH}}',
      kind: 'variable',
    });
    expect(offer?.items.filter((item) => item.kind === 'variable')).toHaveLength(
      Object.keys(PLATFORM_VARIABLES).length,
    );
    expect(offer?.items.filter((item) => item.kind === 'step').map((item) => item.label)).toEqual([
      'clone',
      'api',
      'images',
      'web',
      'lint',
    ]);
  });

  it('closes the expression exactly once', () => {
    const insertOf = (line: string) =>
      completeHere(line)?.items.find((item) => item.label === 'CF_BRANCH')?.insertText;
    expect(insertOf("    tag: '${{CF_BR‸'")).toBe('CF_BRANCH}}');
    expect(insertOf("    tag: '${{CF_BR‸}}'")).toBe('CF_BRANCH');
    expect(insertOf("    tag: '${{‸}'")).toBe('CF_BRANCH}');
    expect(insertOf("    tag: '${{CF_BR‸ANCH}}-${{CF_SHORT_REVISION}}'")).toBe('CF_BRANCH');
    expect(insertOf('      - echo ${{CF_SHORT_REVISION}} ${{‸')).toBe('CF_BRANCH}}');
    expect(insertOf("    registry: '${{‸")).toBe('CF_BRANCH}}');
  });

  it('offers nothing once the expression is closed', () => {
    expect(completeHere("    tag: '${{CF_BRANCH}}‸'")).toBeUndefined();
    expect(completeHere("    tag: '${{CF_BRANCH}}-‸'")).toBeUndefined();
  });
});

describe('completeAt: where nothing is offered', () => {
  it.each([
    ['a key being typed', '    regis‸'],
    ['a key without its colon', '    registry‸'],
    ['the start of a key', '    ‸registry: quay'],
    ['the middle of a key', '    regi‸stry: quay'],
    ['a plain scalar with a colon in it', '    registry:doc‸'],
    ['the value of another key', '    image_name: ‸'],
    ['a value already complete', '    registry: quay ‸'],
    ['after a closed expression', '    registry: ${{REGISTRY}}‸'],
    ['a comment', '    # registry: ‸'],
    ['an empty line', '‸'],
  ])('in %s', (_, line) => {
    expect(completeHere(yaml(...STEPS, '  push:', '    type: push', line))).toBeUndefined();
  });

  it('outside the text', () => {
    expect(completeAt('registry: ', 3, 1, NAMES)).toBeUndefined();
    expect(completeAt('registry: ', 1, 40, NAMES)).toBeUndefined();
  });
});

describe('clusterReferences and checkClusterReferences', () => {
  it('finds every deploy step’s cluster, nested and through aliases, in the order of the text', () => {
    const text = yaml(
      "version: '1.0'",
      'steps:',
      '  ship:',
      '    type: deploy',
      '    kind: kubernetes',
      '    cluster: &target prod-eu',
      '    namespace: api',
      '  fan_out:',
      '    type: parallel',
      '    steps:',
      '      ship_us:',
      '        type: deploy',
      '        kind: kubernetes',
      '        cluster: "prod-us"',
      '        namespace: api',
      '      ship_again:',
      '        type: deploy',
      '        kind: kubernetes',
      '        cluster: *target',
      '        namespace: web',
      '  build:',
      '    image: alpine',
      '    cluster: not-a-deploy-step',
    );
    expect(clusterReferences(text)).toEqual([
      { name: 'prod-eu', expression: false, line: 6, column: 22, endLine: 6, endColumn: 29 },
      { name: 'prod-us', expression: false, line: 14, column: 19, endLine: 14, endColumn: 26 },
      // The alias is judged by what it stands for, marked where that is written.
      { name: 'prod-eu', expression: false, line: 6, column: 22, endLine: 6, endColumn: 29 },
    ]);
  });

  it('follows a whole step written as an alias, and a type given through one', () => {
    const text = yaml(
      'templates:',
      '  - &deploy { type: deploy, kind: kubernetes, cluster: secret-prod, namespace: x }',
      '  - &kind deploy',
      'steps:',
      '  copy: *deploy',
      '  other: { type: *kind, kind: kubernetes, cluster: dev, namespace: y }',
    );
    expect(clusterReferences(text).map((ref) => ref.name)).toEqual(['secret-prod', 'dev']);
    expect(checkClusterReferences(text, ['dev'])).toMatchObject([
      {
        line: 2,
        code: 'unknown-cluster',
        message: 'No cluster named secret-prod among the clusters you may read. You may read: dev.',
      },
    ]);
  });

  it('gives a cluster one may not read and one that does not exist the same sentence', () => {
    const text = (cluster: string) =>
      yaml('steps:', '  ship:', '    type: deploy', `    cluster: ${cluster}`);
    // Whether prod-zz exists or not, only the readable names shape the sentence.
    const [unreadable] = checkClusterReferences(text('prod-zz'), ['dev', 'staging']);
    const [missing] = checkClusterReferences(text('prod-yy'), ['dev', 'staging']);
    expect(unreadable!.message).toBe(
      'No cluster named prod-zz among the clusters you may read. You may read: dev, staging.',
    );
    expect({ ...missing, message: missing!.message.replace('prod-yy', 'prod-zz') }).toEqual(
      unreadable,
    );
    expect(checkClusterReferences(text('dev'), ['dev', 'staging'])).toEqual([]);
  });

  it('leaves values that are no names to the format check', () => {
    const text = yaml(
      'steps:',
      '  a: { type: deploy, cluster: [prod-eu] }',
      '  b: { type: deploy, cluster: }',
      '  c: { type: deploy, cluster: { name: prod-eu } }',
    );
    expect(clusterReferences(text)).toEqual([]);
  });
});
