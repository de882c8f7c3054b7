/**
 * The `single` overlay as `podman play kube` runs it (podman 4.3, Debian bookworm), for the image
 * test: the same Deployment, volume claim and ConfigMap a cluster gets, with what a test on a
 * shared machine must change on top, written as a kustomization over the overlay:
 * - the image under test (`images:`, as an operator relocates it);
 * - host ports: podman publishes every container port on the host, on its own number when the
 *   port has no hostPort, so without them the console would take the host's 8080 and 9464;
 * - a prefix for the names, so that the pod, the volume (a PersistentVolumeClaim becomes a named
 *   volume) and the ConfigMap are the test's own;
 * - settings for the ConfigMap;
 * - the Secret `perimeter`, as a podman secret: podman 4.3 stores a Secret of the played file as
 *   YAML and then cannot read it for a `secretKeyRef` ("is not valid JSON"); a secret made with
 *   `podman secret create NAME FILE` from a JSON object of base64 values works. podman leaves out
 *   an optional `secretKeyRef` whose secret or key it does not have, as Kubernetes does.
 * podman ignores the Service, ServiceAccount, PodDisruptionBudget and NetworkPolicy. It turns the
 * liveness probe into a health check run with curl inside the container, which needs systemd to
 * be scheduled: on a machine without systemd it never runs (and never restarts the container).
 * `podman play kube --down` removes the pod and the emptyDir's volume, but keeps the claim's
 * volume and the secret: `podman volume rm` and `podman secret rm` them after the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import { KUBERNETES_DIR, renderYaml } from './manifests';

export interface PodmanPlayOptions {
  /** The console image to run, e.g. `localhost/perimeter/console:test`. */
  image: string;
  /** The host's ports for the console (8080 in the pod) and for its metrics (9464). */
  httpHostPort: number;
  metricsHostPort: number;
  /** Put before every name: the pod is `<prefix>perimeter-pod-0`, the volume `<prefix>perimeter-data`. */
  namePrefix?: string;
  /** Added to the ConfigMap the console reads its settings from. */
  settings?: Record<string, string>;
  /** The Secret `perimeter` (keys `secrets-key`, `setup-token`), when the test gives one. */
  secret?: Record<string, string>;
}

export interface PodmanPlay {
  /** The file to give `podman play kube`. */
  yaml: string;
  /** To create first: `podman secret create <name> <file>` with `content` in the file. */
  secret?: { name: string; content: string };
}

/** `name[:tag]` (a registry's `host:port/` is part of the name) as kustomize's newName/newTag. */
export function splitImage(image: string): { newName: string; newTag?: string } {
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  return colon > slash
    ? { newName: image.slice(0, colon), newTag: image.slice(colon + 1) }
    : { newName: image };
}

/** The YAML to give `podman play kube`, and the podman secret to create before. */
export function renderSingleForPodman(options: PodmanPlayOptions): PodmanPlay {
  const dir = mkdtempSync(join(tmpdir(), 'perimeter-podman-'));
  try {
    const kustomization = {
      apiVersion: 'kustomize.config.k8s.io/v1beta1',
      kind: 'Kustomization',
      resources: [relative(dir, join(KUBERNETES_DIR, 'overlays', 'single'))],
      ...(options.namePrefix ? { namePrefix: options.namePrefix } : {}),
      images: [{ name: 'perimeter/console', ...splitImage(options.image) }],
      patches: [
        {
          target: { kind: 'Deployment', name: 'perimeter' },
          patch: stringify({
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'perimeter' },
            spec: {
              template: {
                spec: {
                  containers: [
                    {
                      name: 'console',
                      // Matched by port and protocol: kustomize merges nothing without the
                      // protocol when the original names it.
                      ports: [
                        { containerPort: 8080, protocol: 'TCP', hostPort: options.httpHostPort },
                        { containerPort: 9464, protocol: 'TCP', hostPort: options.metricsHostPort },
                      ],
                    },
                  ],
                },
              },
            },
          }),
        },
      ],
      ...(options.settings
        ? {
            configMapGenerator: [
              {
                name: 'perimeter-config',
                behavior: 'merge',
                literals: Object.entries(options.settings).map(([key, value]) => `${key}=${value}`),
              },
            ],
          }
        : {}),
      // A Secret named here has its references renamed with the prefix; it is taken out of the
      // played file again below.
      secretGenerator: [{ name: 'perimeter', options: { disableNameSuffixHash: true } }],
    };
    writeFileSync(join(dir, 'kustomization.yaml'), stringify(kustomization));
    const yaml = parseAllDocuments(renderYaml(dir))
      .map((document) => document.toJS() as { kind: string })
      .filter((object) => object.kind !== 'Secret')
      .map((object) => stringify(object))
      .join('---\n');
    if (!options.secret) return { yaml };
    const content = JSON.stringify(
      Object.fromEntries(
        Object.entries(options.secret).map(([key, value]) => [
          key,
          Buffer.from(value).toString('base64'),
        ]),
      ),
    );
    return { yaml, secret: { name: `${options.namePrefix ?? ''}perimeter`, content } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
