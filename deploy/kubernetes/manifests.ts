/**
 * Renders the kustomizations of deploy/kubernetes with `kubectl kustomize` (no cluster needed)
 * and checks each object against the Kubernetes API's schemas, twice:
 * - the JSON schemas of the API (the `kubernetes-models` package, one model class per kind):
 *   types, required fields, enumerations;
 * - the API's TypeScript declarations of the same package, with the object as a typed literal:
 *   the JSON schemas allow any extra field, so a misspelt one (`readinesProbe`) would pass them,
 *   be dropped by the API server's lenient decoding and leave the pod without its probe.
 *   TypeScript refuses a property that its type does not declare, at any depth.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

export const KUBERNETES_DIR = dirname(fileURLToPath(import.meta.url));
const ROOT = join(KUBERNETES_DIR, '..', '..');

/** One rendered object, as kubectl prints it. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

/** `kubectl` from PATH, or the one KUBECTL names. */
function kubectl(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

/** What `kubectl kustomize dir` prints. Throws with a sentence when kubectl is missing. */
export function renderYaml(dir: string): string {
  try {
    return execFileSync(kubectl(), ['kustomize', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
    if (code === 'ENOENT') {
      throw new Error(
        `The Kubernetes manifests are rendered with \`kubectl kustomize\`, and ${kubectl()} was not found: install kubectl (tested with 1.32; the kubernetes-client 1.20 of Debian bookworm is too old for these kustomizations) or point KUBECTL at one.`,
        { cause: error },
      );
    }
    throw new Error(`kubectl kustomize ${dir} failed:\n${stderr ?? String(error)}`, {
      cause: error,
    });
  }
}

/** The objects `kubectl kustomize dir` renders. */
export function render(dir: string): Manifest[] {
  return parseAllDocuments(renderYaml(dir)).map((document) => {
    if (document.errors.length > 0) throw document.errors[0]!;
    return document.toJS() as Manifest;
  });
}

/** The model (with its JSON schema) of each kind the manifests use. */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/ServiceAccount': ServiceAccount,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/Ingress': Ingress,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const label = (object: Manifest) => `${object.kind} ${object.metadata?.name ?? '(no name)'}`;

/** What is wrong with the objects by the API's JSON schemas: one line per object, or none. */
export function schemaErrors(objects: Manifest[]): string[] {
  const errors: string[] = [];
  for (const object of objects) {
    const Model = MODELS[`${object.apiVersion}/${object.kind}`];
    if (!Model) {
      errors.push(
        `${label(object)}: no schema for ${object.apiVersion} ${object.kind} (add its model to MODELS in deploy/kubernetes/manifests.ts)`,
      );
      continue;
    }
    try {
      new Model(structuredClone(object) as never).validate();
    } catch (error) {
      errors.push(`${label(object)}: ${(error as Error).message}`);
    }
  }
  return errors;
}

/**
 * Fields the API does not know, and values of the wrong type, by the API's TypeScript
 * declarations: each object becomes `const o: I<Kind> = {…}` in a program TypeScript checks.
 */
export function fieldErrors(objects: Manifest[]): string[] {
  const fileName = join(KUBERNETES_DIR, '__rendered_manifests__.ts');
  // One object per line, so that a diagnostic's line names its object.
  const lines = objects.map((object, index) => {
    // schemaErrors says which kinds have no model; the line stays, so that lines match objects.
    if (!MODELS[`${object.apiVersion}/${object.kind}`]) return '';
    const module = `kubernetes-models/${object.apiVersion}/${object.kind}`;
    return `const o${index}: import(${JSON.stringify(module)}).I${object.kind} = ${JSON.stringify(object)}; void o${index};`;
  });
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    baseUrl: ROOT,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName
      ? ts.createSourceFile(name, source, languageVersion)
      : getSourceFile(name, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === fileName || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? source : readFile(name));
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file?.fileName !== fileName || diagnostic.start === undefined) return message;
    const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${label(objects[line]!)}: ${message}`;
  });
}

/** Both checks; an empty list when every object is one the API would take as written. */
export function validationErrors(objects: Manifest[]): string[] {
  return [...schemaErrors(objects), ...fieldErrors(objects)];
}
