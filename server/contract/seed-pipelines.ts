/**
 * The two inline pipelines of the seed documents (behind-the-firewall pages): a git-clone and a
 * build, and a git-clone, a build and a push, verbatim (trailing spaces included). They must open
 * in the editor with no marker when the account has the integrations they name (P-6.3): the
 * demo account has them, and the editor's tests and journey create them.
 */
export const SEED_INTEGRATIONS = {
  gitProviders: ['my-internal-git-provider', 'my-internal-git-repo'],
  registries: ['my-internal-docker-registry'],
} as const;

export const SEED_PIPELINES = {
  cloneAndBuild: `version: '1.0'
steps:
  main_clone:
    type: git-clone
    description: Step description
    repo: https://github-internal.example.com/my-username/my-app
    git: my-internal-git-provider
  BuildingDockerImage:
    title: Building Docker Image
    type: build
    image_name: my-image
    tag: '\${{CF_BRANCH_TAG_NORMALIZED}}-\${{CF_SHORT_REVISION}}'
    dockerfile: Dockerfile
`,
  cloneBuildAndPush: `version: '1.0'
steps:
  gitClone:
    type: git-clone
    description: Step description
    repo: https://github-internal.example.com/my-username/my-app
    git: my-internal-git-repo
  BuildingDockerImage:
    title: Building Docker Image
    type: build
    image_name: my-image
    dockerfile: Dockerfile
  PushingDockerImage:
    title: Pushing a docker image
    type: push
    candidate: '\${{BuildingDockerImage}}'
    tag: '\${{CF_BRANCH}}'
    registry: my-internal-docker-registry  
`,
} as const;
