import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIngress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IService } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { KUBERNETES_DIR, render, validationErrors, type Manifest } from './manifests';
import { renderSingleForPodman } from './podman';

/**
 * The kustomizations of deploy/kubernetes, rendered as `kubectl apply -k` would render them and
 * checked against the Kubernetes API's schemas, then for what an operator counts on: one
 * replica on a volume, or three on PostgreSQL; probes on the health endpoints; a non-root,
 * read-only container; selectors that select the pods; images relocated from one place.
 */

const KUSTOMIZATIONS = ['base', 'overlays/single', 'overlays/ha', 'runner'] as const;
type Kustomization = (typeof KUSTOMIZATIONS)[number];

const rendered = new Map<Kustomization, Manifest[]>();
const renderedOf = (name: Kustomization) => {
  let objects = rendered.get(name);
  if (!objects) {
    objects = render(join(KUBERNETES_DIR, name));
    rendered.set(name, objects);
  }
  return objects;
};

function only<T>(objects: Manifest[], kind: string): T & Manifest {
  const matching = objects.filter((object) => object.kind === kind);
  expect(
    matching.map((object) => object.metadata.name),
    `one ${kind}`,
  ).toHaveLength(1);
  return matching[0] as T & Manifest;
}

const deploymentOf = (name: Kustomization) => only<IDeployment>(renderedOf(name), 'Deployment');
const podSpecOf = (name: Kustomization) => deploymentOf(name).spec!.template.spec!;
const containerOf = (name: Kustomization): IContainer => {
  const containers = podSpecOf(name).containers;
  expect(containers).toHaveLength(1);
  return containers[0]!;
};
const envOf = (name: Kustomization, variable: string) =>
  containerOf(name).env?.find((entry) => entry.name === variable);
const configMapOf = (name: Kustomization) => {
  const reference = containerOf(name).envFrom?.[0]?.configMapRef?.name;
  const configMap = renderedOf(name).find(
    (object) => object.kind === 'ConfigMap' && object.metadata.name === reference,
  ) as (Manifest & { data: Record<string, string> }) | undefined;
  expect(configMap, `the ConfigMap ${reference} the pod reads`).toBeDefined();
  return configMap!.data;
};

/** Whether a label selector's matchLabels are all among the labels. */
function selects(selector: Record<string, string> | undefined, labels: Record<string, string>) {
  expect(selector, 'a selector').toBeDefined();
  expect(Object.keys(selector!).length, 'a selector that is not empty').toBeGreaterThan(0);
  return Object.entries(selector!).every(([key, value]) => labels[key] === value);
}

describe.each(KUSTOMIZATIONS)('deploy/kubernetes/%s', (name) => {
  it('renders objects that the Kubernetes API schemas accept, with no unknown field', () => {
    const objects = renderedOf(name);
    expect(objects.length).toBeGreaterThan(0);
    expect(validationErrors(objects)).toEqual([]);
  });

  it('runs its one container as a non-root user on a read-only root filesystem', () => {
    const pod = podSpecOf(name);
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
      expect(container.securityContext, container.name).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 10001,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(container.securityContext?.privileged).toBeFalsy();
      expect(container.resources?.requests, `${container.name} requests`).toBeDefined();
      expect(container.resources?.limits?.memory, `${container.name} memory limit`).toBeDefined();
      // The root filesystem is read-only: /tmp is a volume of its own.
      const tmp = container.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
      expect(pod.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
    }
  });

  it('refers only to objects it renders, or to the operator’s Secrets', () => {
    const objects = renderedOf(name);
    const named = (kind: string, objectName: string | undefined) =>
      objects.some((object) => object.kind === kind && object.metadata.name === objectName);
    const pod = podSpecOf(name);
    expect(named('ServiceAccount', pod.serviceAccountName), 'its ServiceAccount').toBe(true);
    for (const volume of pod.volumes ?? []) {
      if (volume.persistentVolumeClaim) {
        expect(named('PersistentVolumeClaim', volume.persistentVolumeClaim.claimName)).toBe(true);
      }
    }
    for (const source of containerOf(name).envFrom ?? []) {
      expect(named('ConfigMap', source.configMapRef?.name), 'its ConfigMap').toBe(true);
    }
    // Secrets are created by the operator (docs/operations.md), never committed.
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it('selects its own pods from the Deployment, the PodDisruptionBudget and the NetworkPolicy', () => {
    const deployment = deploymentOf(name);
    const labels = deployment.spec!.template.metadata!.labels!;
    expect(selects(deployment.spec!.selector.matchLabels, labels)).toBe(true);
    const policy = only<INetworkPolicy>(renderedOf(name), 'NetworkPolicy');
    expect(selects(policy.spec!.podSelector?.matchLabels, labels)).toBe(true);
    expect(policy.spec!.policyTypes).toEqual(['Ingress', 'Egress']);
    for (const object of renderedOf(name).filter((o) => o.kind === 'PodDisruptionBudget')) {
      const budget = object as IPodDisruptionBudget & Manifest;
      expect(selects(budget.spec!.selector!.matchLabels, labels)).toBe(true);
    }
  });
});

describe.each(['base', 'overlays/single', 'overlays/ha'] as const)('the console in %s', (name) => {
  it('starts and is ready when /api/health/ready answers, and lives while /api/health/live does', () => {
    const container = containerOf(name);
    const http = container.ports?.find((port) => port.name === 'http');
    expect(http?.containerPort).toBe(8080);
    // By number, not by name: podman's health check would not resolve the name.
    const probe = (path: string) => ({ httpGet: { path, port: http!.containerPort } });
    expect(container.startupProbe).toMatchObject(probe('/api/health/ready'));
    expect(container.readinessProbe).toMatchObject(probe('/api/health/ready'));
    expect(container.livenessProbe).toMatchObject(probe('/api/health/live'));
    // A first start migrates an empty database: the startup probe waits minutes, not seconds.
    const startup = container.startupProbe!;
    expect((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3)).toBeGreaterThanOrEqual(
      120,
    );
  });

  it('waits for the load balancers to let go, then gives the server its 10 seconds to stop', () => {
    const spec = podSpecOf(name);
    const pause = spec.containers[0]!.lifecycle?.preStop?.sleep?.seconds ?? 0;
    // Endpoints are removed while SIGTERM is sent: a pause keeps the port open meanwhile.
    expect(pause).toBeGreaterThanOrEqual(5);
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(pause + 10);
  });

  it('serves the console and its metrics through the Service to the Deployment’s pods', () => {
    const service = only<IService>(renderedOf(name), 'Service');
    const labels = deploymentOf(name).spec!.template.metadata!.labels!;
    expect(selects(service.spec!.selector, labels)).toBe(true);
    const container = containerOf(name);
    const metricsPort = Number(configMapOf(name).METRICS_PORT);
    expect(container.ports?.find((port) => port.name === 'metrics')?.containerPort).toBe(
      metricsPort,
    );
    expect(service.spec!.ports).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'http', port: 8080, targetPort: 'http' }),
        expect.objectContaining({ name: 'metrics', port: metricsPort, targetPort: 'metrics' }),
      ]),
    );
  });

  it('lets in only the console’s two ports, and lets out DNS, PostgreSQL, mail and HTTPS', () => {
    const policy = only<INetworkPolicy>(renderedOf(name), 'NetworkPolicy');
    const ingressPorts = policy.spec!.ingress!.flatMap((rule) => rule.ports!.map((p) => p.port));
    expect(ingressPorts.sort()).toEqual(['http', 'metrics']);
    const containerPorts = containerOf(name).ports!.map((port) => port.name);
    for (const port of ingressPorts) expect(containerPorts).toContain(port);
    const egress = policy.spec!.egress!.flatMap((rule) =>
      rule.ports!.map((port) => `${port.port}/${port.protocol}`),
    );
    expect(egress.sort()).toEqual(
      ['53/UDP', '53/TCP', '5432/TCP', '25/TCP', '587/TCP', '465/TCP', '443/TCP', '80/TCP'].sort(),
    );
  });

  it('takes the secrets key from the Secret `perimeter` and the setup token if there is one', () => {
    expect(envOf(name, 'SECRETS_KEY')?.valueFrom?.secretKeyRef).toMatchObject({
      name: 'perimeter',
      key: 'secrets-key',
    });
    expect(envOf(name, 'PERIMETER_SETUP_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'perimeter',
      key: 'setup-token',
      optional: true,
    });
    // No secret value is written into a manifest.
    for (const entry of containerOf(name).env ?? []) {
      if (/KEY|TOKEN|URL|PASSWORD/.test(entry.name))
        expect(entry.value, entry.name).toBeUndefined();
    }
  });
});

describe('overlays/single', () => {
  it('runs one replica, replaced rather than rolled (the data folder has one owner)', () => {
    const deployment = deploymentOf('overlays/single');
    expect(deployment.spec!.replicas).toBe(1);
    expect(deployment.spec!.strategy).toEqual({ type: 'Recreate' });
  });

  it('keeps the embedded database on a PersistentVolumeClaim at /data, not on PostgreSQL', () => {
    expect(envOf('overlays/single', 'DATABASE_URL')).toBeUndefined();
    const mount = containerOf('overlays/single').volumeMounts!.find((m) => m.mountPath === '/data');
    const volume = podSpecOf('overlays/single').volumes!.find((v) => v.name === mount?.name);
    expect(volume).toEqual({
      name: mount!.name,
      persistentVolumeClaim: { claimName: 'perimeter-data' },
    });
    const claim = renderedOf('overlays/single').find(
      (object) => object.kind === 'PersistentVolumeClaim',
    ) as Manifest & { spec: { accessModes: string[] } };
    expect(claim.metadata.name).toBe('perimeter-data');
    expect(claim.spec.accessModes).toEqual(['ReadWriteOnce']);
    expect(configMapOf('overlays/single').DATA_DIR).toMatch(/^\/data\//);
  });

  it('starts without any Secret: the key may live on the volume', () => {
    for (const entry of containerOf('overlays/single').env ?? []) {
      if (entry.valueFrom?.secretKeyRef) expect(entry.valueFrom.secretKeyRef.optional).toBe(true);
    }
  });
});

describe('overlays/ha', () => {
  it('runs three replicas, updated one new pod at a time with none taken out first', () => {
    const deployment = deploymentOf('overlays/ha');
    expect(deployment.spec!.replicas).toBe(3);
    expect(deployment.spec!.strategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
  });

  it('keeps two of them through a drain, on different nodes', () => {
    const budget = only<IPodDisruptionBudget>(renderedOf('overlays/ha'), 'PodDisruptionBudget');
    expect(budget.spec).toMatchObject({ minAvailable: 2 });
    expect(budget.spec!.maxUnavailable).toBeUndefined();
    const pod = podSpecOf('overlays/ha');
    const labels = deploymentOf('overlays/ha').spec!.template.metadata!.labels!;
    const byHost = pod.topologySpreadConstraints?.find(
      (constraint) => constraint.topologyKey === 'kubernetes.io/hostname',
    );
    expect(byHost?.maxSkew).toBe(1);
    expect(selects(byHost?.labelSelector?.matchLabels, labels)).toBe(true);
    const avoid = pod.affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    expect(selects(avoid?.[0]?.podAffinityTerm.labelSelector?.matchLabels, labels)).toBe(true);
  });

  it('runs on the PostgreSQL of DATABASE_URL, with the key every replica shares required', () => {
    expect(envOf('overlays/ha', 'DATABASE_URL')?.valueFrom?.secretKeyRef).toEqual({
      name: 'perimeter',
      key: 'database-url',
    });
    expect(envOf('overlays/ha', 'SECRETS_KEY')?.valueFrom?.secretKeyRef).toEqual({
      name: 'perimeter',
      key: 'secrets-key',
    });
    expect(renderedOf('overlays/ha').some((o) => o.kind === 'PersistentVolumeClaim')).toBe(false);
  });
});

describe('runner', () => {
  it('is one runner whose credential survives restarts on a volume of its own', () => {
    const deployment = deploymentOf('runner');
    expect(deployment.spec!.replicas).toBe(1);
    expect(deployment.spec!.strategy).toEqual({ type: 'Recreate' });
    const stateFile = envOf('runner', 'PERIMETER_RUNNER_STATE_FILE')?.value;
    expect(stateFile).toBe('/var/lib/perimeter-runner/state.json');
    const mount = containerOf('runner').volumeMounts!.find((m) =>
      stateFile!.startsWith(`${m.mountPath}/`),
    );
    const volume = podSpecOf('runner').volumes!.find((v) => v.name === mount?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe('perimeter-runner-state');
    expect(envOf('runner', 'PERIMETER_REGISTRATION_TOKEN')?.valueFrom?.secretKeyRef).toEqual({
      name: 'perimeter-runner',
      key: 'registration-token',
      optional: true,
    });
  });

  it('reaches the console’s Service, and the NetworkPolicy lets it out to the console pods only', () => {
    const service = only<IService>(renderedOf('base'), 'Service');
    const http = service.spec!.ports!.find((port) => port.name === 'http')!;
    expect(configMapOf('runner').PERIMETER_URL).toBe(
      `http://${service.metadata!.name}:${http.port}`,
    );

    const policy = only<INetworkPolicy>(renderedOf('runner'), 'NetworkPolicy');
    expect(policy.spec!.ingress ?? []).toEqual([]);
    const consoleLabels = deploymentOf('base').spec!.template.metadata!.labels!;
    const runnerLabels = deploymentOf('runner').spec!.template.metadata!.labels!;
    const toConsole = policy.spec!.egress!.filter((rule) => rule.to);
    expect(toConsole).toHaveLength(1);
    expect(selects(toConsole[0]!.to![0]!.podSelector?.matchLabels, consoleLabels)).toBe(true);
    expect(selects(toConsole[0]!.to![0]!.podSelector?.matchLabels, runnerLabels)).toBe(false);
    expect(toConsole[0]!.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    // The console's own policy does not take the runner's pods in, nor the other way round.
    const consolePolicy = only<INetworkPolicy>(renderedOf('base'), 'NetworkPolicy');
    expect(selects(consolePolicy.spec!.podSelector?.matchLabels, runnerLabels)).toBe(false);
    expect(selects(policy.spec!.podSelector?.matchLabels, consoleLabels)).toBe(false);
  });
});

describe('images', () => {
  const IMAGES: Record<Exclude<Kustomization, 'base'>, string> = {
    'overlays/single': 'perimeter/console',
    'overlays/ha': 'perimeter/console',
    runner: 'perimeter/runner',
  };
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perimeter-kustomize-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(Object.entries(IMAGES))('%s names its image and tag in `images:`', (name, image) => {
    const images = [...podSpecOf(name as Kustomization).containers].map((c) => c.image);
    expect(images).toEqual([`${image}:0.1.0`]);
  });

  it.each(Object.entries(IMAGES))(
    '%s is relocated to an internal registry by `images:` alone',
    (name, image) => {
      // An operator's overlay on top of ours, as docs/operations.md tells them to write it.
      const overlay = join(dir, name.replaceAll('/', '-'));
      const kustomization = [
        'apiVersion: kustomize.config.k8s.io/v1beta1',
        'kind: Kustomization',
        'resources:',
        `  - ${relative(overlay, join(KUBERNETES_DIR, name))}`,
        'images:',
        `  - name: ${image}`,
        `    newName: registry.internal.example/mirror/${image}`,
        '    newTag: 9.9.9',
      ].join('\n');
      mkdirSync(overlay, { recursive: true });
      writeFileSync(join(overlay, 'kustomization.yaml'), `${kustomization}\n`);
      const containers = only<IDeployment>(render(overlay), 'Deployment').spec!.template.spec!
        .containers;
      expect(containers.map((container) => container.image)).toEqual([
        `registry.internal.example/mirror/${image}:9.9.9`,
      ]);
    },
  );
});

describe('rendering', () => {
  it('says what is missing when there is no kubectl', () => {
    const saved = process.env.KUBECTL;
    process.env.KUBECTL = '/nonexistent/kubectl';
    try {
      expect(() => render(join(KUBERNETES_DIR, 'base'))).toThrow(
        /rendered with `kubectl kustomize`, and \/nonexistent\/kubectl was not found: install kubectl/,
      );
    } finally {
      if (saved === undefined) delete process.env.KUBECTL;
      else process.env.KUBECTL = saved;
    }
  });
});

describe('the validation', () => {
  const brokenDeployment = (change: (deployment: IDeployment) => void) => {
    const objects = structuredClone(renderedOf('overlays/ha'));
    change(objects.find((object) => object.kind === 'Deployment') as unknown as IDeployment);
    return validationErrors(objects);
  };

  it('refuses a value of the wrong type', () => {
    const errors = brokenDeployment((deployment) => {
      (deployment.spec as { replicas: unknown }).replicas = 'three';
    });
    expect(errors).toContain('Deployment perimeter: data/spec/replicas must be integer');
  });

  it('refuses a misspelt field, which the API server would silently drop', () => {
    const errors = brokenDeployment((deployment) => {
      const container = deployment.spec!.template.spec!.containers[0]! as unknown as Record<
        string,
        unknown
      >;
      container.readinesProbe = container.readinessProbe;
      delete container.readinessProbe;
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^Deployment perimeter: .*'"?readinesProbe"?' does not exist/);
  });

  it('refuses an object without a required field, and a kind it has no schema for', () => {
    const errors = brokenDeployment((deployment) => {
      delete (deployment.spec as { selector?: unknown }).selector;
    });
    expect(errors).toContain(
      'Deployment perimeter: data/spec must have required property selector',
    );
    expect(
      validationErrors([{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]),
    ).toEqual([
      'Widget w: no schema for example.com/v1 Widget (add its model to MODELS in deploy/kubernetes/manifests.ts)',
    ]);
  });
});

describe('the single overlay for podman play kube', () => {
  const play = renderSingleForPodman({
    image: 'localhost:5000/perimeter/console:test',
    httpHostPort: 18280,
    metricsHostPort: 18281,
    namePrefix: 'itest-',
    settings: { PERIMETER_PLAN: 'team' },
    secret: { 'secrets-key': 'a2V5', 'setup-token': 'token' },
  });
  const objects = parseAllDocuments(play.yaml).map((document) => document.toJS() as Manifest);
  const deployment = only<IDeployment>(objects, 'Deployment');
  const container = deployment.spec!.template.spec!.containers[0]!;

  it('is still objects the API accepts', () => {
    expect(validationErrors(objects)).toEqual([]);
  });

  it('runs the image under test, publishing the console on the given host ports only', () => {
    expect(container.image).toBe('localhost:5000/perimeter/console:test');
    expect(
      container.ports!.map(({ containerPort, hostPort }) => [containerPort, hostPort]),
    ).toEqual([
      [8080, 18280],
      [9464, 18281],
    ]);
  });

  it('names its pod, volume, settings and secret with the prefix', () => {
    expect(deployment.metadata!.name).toBe('itest-perimeter');
    const claim = objects.find((object) => object.kind === 'PersistentVolumeClaim');
    expect(claim?.metadata.name).toBe('itest-perimeter-data');
    const volume = deployment.spec!.template.spec!.volumes!.find((v) => v.persistentVolumeClaim);
    expect(volume?.persistentVolumeClaim?.claimName).toBe('itest-perimeter-data');
    const configMap = objects.find(
      (object) =>
        object.kind === 'ConfigMap' &&
        object.metadata.name === container.envFrom![0]!.configMapRef!.name,
    ) as Manifest & { data: Record<string, string> };
    expect(configMap.data).toMatchObject({ PERIMETER_PLAN: 'team', DATA_DIR: '/data/perimeter' });
    for (const entry of container.env!) {
      expect(entry.valueFrom?.secretKeyRef?.name, entry.name).toBe(play.secret!.name);
    }
  });

  it('hands the Secret over as a podman secret of base64 values, not in the played file', () => {
    expect(objects.some((object) => object.kind === 'Secret')).toBe(false);
    expect(play.secret!.name).toBe('itest-perimeter');
    expect(JSON.parse(play.secret!.content)).toEqual({
      'secrets-key': Buffer.from('a2V5').toString('base64'),
      'setup-token': Buffer.from('token').toString('base64'),
    });
  });
});

describe('the components, in an overlay of the operator’s', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'perimeter-components-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Renders `overlay` with the components, as an operator's kustomization would. */
  function withComponents(overlay: string, components: string[]): Manifest[] {
    const target = join(dir, `${overlay.replaceAll('/', '-')}-${components.join('-')}`);
    mkdirSync(target, { recursive: true });
    const path = (to: string) => relative(target, join(KUBERNETES_DIR, to));
    const kustomization = [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      'resources:',
      `  - ${path(overlay)}`,
      'components:',
      ...components.map((component) => `  - ${path(`components/${component}`)}`),
    ].join('\n');
    writeFileSync(join(target, 'kustomization.yaml'), `${kustomization}\n`);
    return render(target);
  }

  const deploymentIn = (objects: Manifest[]) => only<IDeployment>(objects, 'Deployment');
  const dataOf = (objects: Manifest[]) => {
    const container = deploymentIn(objects).spec!.template.spec!.containers[0]!;
    const name = container.envFrom![0]!.configMapRef!.name;
    return (
      objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name) as Manifest & {
        data: Record<string, string>;
      }
    ).data;
  };

  it.each([
    ['overlays/ha', ['ingress']],
    ['overlays/ha', ['ingress', 'sub-path']],
    ['overlays/single', ['sub-path']],
  ])('%s with %j renders objects the API accepts', (overlay, components) => {
    expect(validationErrors(withComponents(overlay, components))).toEqual([]);
  });

  it.each([
    ['overlays/ha', ['ingress']],
    ['overlays/ha', ['ingress', 'sub-path']],
    ['overlays/single', ['sub-path']],
  ])('%s with %j probes the health endpoints under BASE_PATH', (overlay, components) => {
    const objects = withComponents(overlay, components);
    const base = dataOf(objects).BASE_PATH ?? '';
    expect(base).toBe(components.includes('sub-path') ? '/perimeter' : '');
    const container = deploymentIn(objects).spec!.template.spec!.containers[0]!;
    expect(container.startupProbe!.httpGet!.path).toBe(`${base}/api/health/ready`);
    expect(container.readinessProbe!.httpGet!.path).toBe(`${base}/api/health/ready`);
    expect(container.livenessProbe!.httpGet!.path).toBe(`${base}/api/health/live`);
  });

  it.each([[['ingress']], [['ingress', 'sub-path']]])(
    'the Ingress with %j routes the sub-path, unchanged, to the console’s Service',
    (components) => {
      const objects = withComponents('overlays/ha', components);
      const ingress = only<IIngress>(objects, 'Ingress');
      const service = only<IService>(objects, 'Service');
      const [path] = ingress.spec!.rules![0]!.http!.paths;
      expect(path!.path).toBe(dataOf(objects).BASE_PATH ?? '/');
      expect(path!.pathType).toBe('Prefix');
      expect(path!.backend.service!.name).toBe(service.metadata!.name);
      expect(service.spec!.ports!.map((port) => port.name)).toContain(
        path!.backend.service!.port!.name,
      );
      // A rewrite would strip the prefix the console expects.
      expect(JSON.stringify(ingress.metadata!.annotations ?? {})).not.toMatch(/rewrite/);
    },
  );
});
