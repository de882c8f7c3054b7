/**
 * The variables the platform gives every run, written `${{NAME}}` in a pipeline definition
 * (pipeline-format.md, "Variables"), with what each holds. The inline editor offers them after
 * `${{` and shows the description beside each name.
 */
export const PLATFORM_VARIABLES = {
  CF_ACCOUNT: 'The name of the account the run belongs to.',
  CF_BASE_BRANCH: 'The branch a tag was created from, when a tag started the run.',
  CF_BRANCH: 'The branch of the commit that started the run.',
  CF_BRANCH_TAG_NORMALIZED:
    'The branch name made usable as an image tag (characters a tag may not hold replaced).',
  CF_BRANCH_TAG_NORMALIZED_LOWER_CASE:
    'The branch name made usable as an image tag, in lower case.',
  CF_BUILD_ID: 'The unique id of this run.',
  CF_BUILD_INITIATOR: 'Who started the run: the person, or the trigger acting for them.',
  CF_BUILD_TIMESTAMP: 'When the run started, in milliseconds since the Unix epoch.',
  CF_BUILD_TRIGGER: 'How the run was started: by hand (build) or by a git event (webhook).',
  CF_BUILD_URL: "The address of the run's page in the console.",
  CF_COMMIT_AUTHOR: 'The author of the commit the run builds.',
  CF_COMMIT_MESSAGE: 'The message of the commit the run builds.',
  CF_COMMIT_URL: "The address of the commit's page at the git provider.",
  CF_KUBECONFIG_PATH: 'The path of a kubeconfig file with the clusters connected to the account.',
  CF_PIPELINE_NAME: "The pipeline's full name: its project and its own name.",
  CF_PULL_REQUEST_ACTION: 'The pull-request event that started the run (opened, synchronize, …).',
  CF_PULL_REQUEST_ID: "The pull request's id at the git provider.",
  CF_PULL_REQUEST_NUMBER: "The pull request's number in its repository.",
  CF_PULL_REQUEST_TARGET: 'The branch the pull request would merge into.',
  CF_PULL_REQUEST_TITLE: "The pull request's title.",
  CF_RELEASE_TAG: 'The git tag of the release that started the run.',
  CF_REPO_NAME: "The repository's name, without its owner.",
  CF_REPO_OWNER: 'The user or organisation that owns the repository.',
  CF_REVISION: 'The full hash of the commit the run builds.',
  CF_SHORT_REVISION: 'The commit hash shortened to its first seven characters.',
  CF_STEP_NAME: 'The name of the step that is running.',
  CF_URL: "The address of the platform's console.",
  CF_VOLUME_NAME: "The name of the run's shared volume, to mount it in a container of your own.",
  CF_VOLUME_PATH: 'Where the shared volume is mounted in every step (the working directory).',
} as const satisfies Record<string, string>;

export type PlatformVariableName = keyof typeof PLATFORM_VARIABLES;
