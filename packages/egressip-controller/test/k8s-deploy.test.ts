// deploy/: the CRD, least-privilege RBAC and the two-replica Deployment, parsed and checked
// for the structure the controller relies on.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { parseAllDocuments } from 'yaml';

const deploy = join(dirname(fileURLToPath(import.meta.url)), '../../../deploy');
// biome-ignore lint/suspicious/noExplicitAny: parsed YAML is checked field by field below
type Doc = Record<string, any>;
const load = (file: string): Doc[] =>
  parseAllDocuments(readFileSync(join(deploy, file), 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS() as Doc;
  });
const all = [...load('egressip-crd.yaml'), ...load('rbac.yaml'), ...load('deployment.yaml')];
const find = (kind: string, name?: string) =>
  all.filter((d) => d.kind === kind && (name === undefined || d.metadata.name === name));

describe('deploy/egressip-crd.yaml', () => {
  const [crd] = find('CustomResourceDefinition');
  it("defines the cluster-scoped k8s.ovn.org/v1 EgressIP with short name eip and, as upstream's CRD, no subresources", () => {
    expect(crd?.metadata.name).toBe('egressips.k8s.ovn.org');
    expect(crd?.spec.group).toBe('k8s.ovn.org');
    expect(crd?.spec.scope).toBe('Cluster');
    expect(crd?.spec.names).toMatchObject({ plural: 'egressips', kind: 'EgressIP', shortNames: ['eip'] });
    const v1 = crd?.spec.versions.find((v: Doc) => v.name === 'v1');
    expect(v1).toMatchObject({ served: true, storage: true });
    expect(v1.subresources).toEqual({});
  });

  it('prints EGRESSIPS, ASSIGNED NODE and ASSIGNED EGRESSIPS columns', () => {
    const cols = crd?.spec.versions[0].additionalPrinterColumns.map((c: Doc) => [
      c.name.toUpperCase(),
      c.jsonPath,
    ]);
    expect(cols).toEqual([
      ['EGRESSIPS', '.spec.egressIPs[*]'],
      ['ASSIGNED NODE', '.status.items[*].node'],
      ['ASSIGNED EGRESSIPS', '.status.items[*].egressIP'],
    ]);
  });

  it('requires spec.egressIPs and namespaceSelector, and status items with node and egressIP', () => {
    const schema = crd?.spec.versions[0].schema.openAPIV3Schema;
    expect(schema.properties.spec.required).toEqual(['egressIPs', 'namespaceSelector']);
    expect(schema.properties.spec.properties.egressIPs).toMatchObject({
      type: 'array',
      items: { type: 'string' },
    });
    expect(schema.properties.status.properties.items.items.required).toEqual(['node', 'egressIP']);
    // Upstream's structure: status requires items; selectors' expression lists are atomic.
    expect(schema.properties.status.required).toEqual(['items']);
    for (const sel of ['namespaceSelector', 'podSelector']) {
      const exprs = schema.properties.spec.properties[sel].properties.matchExpressions;
      expect(exprs['x-kubernetes-list-type']).toBe('atomic');
      expect(exprs.items.properties.values['x-kubernetes-list-type']).toBe('atomic');
    }
    expect(schema.properties.spec.properties.egressIPs['x-kubernetes-list-type']).toBeUndefined();
  });
});

describe('deploy/rbac.yaml', () => {
  const rules = (kind: string, name: string) => find(kind, name)[0]?.rules as Doc[];
  it('grants read on watched objects and write only on EgressIPs (status and mark), Events and the lease', () => {
    const cluster = rules('ClusterRole', 'ovnkit-egressip-controller');
    const writeVerbs = ['create', 'update', 'patch', 'delete', 'deletecollection', '*'];
    for (const r of cluster) {
      expect(r.verbs).not.toContain('*');
      expect(r.resources).not.toContain('*');
      const writes = r.verbs.filter((v: string) => writeVerbs.includes(v));
      // Writes: only patch, only on EgressIPs (status and mark annotation, on the object).
      if (writes.length > 0) {
        expect(writes).toEqual(['patch']);
        expect(r.resources).toEqual(['egressips']);
      }
    }
    expect(cluster).toContainEqual({
      apiGroups: ['k8s.ovn.org'],
      resources: ['egressips'],
      verbs: ['get', 'list', 'watch', 'patch'],
    });
    expect(cluster).toContainEqual({
      apiGroups: [''],
      resources: ['nodes', 'namespaces', 'pods'],
      verbs: ['get', 'list', 'watch'],
    });
    expect(find('Role', 'ovnkit-egressip-controller-events')[0]?.metadata.namespace).toBe('default');
    expect(rules('Role', 'ovnkit-egressip-controller-events')).toEqual([
      { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
    ]);
    const lease = rules('Role', 'ovnkit-egressip-controller-leader');
    expect(lease.every((r) => r.apiGroups[0] === 'coordination.k8s.io' && r.resources[0] === 'leases')).toBe(
      true,
    );
    expect(lease.find((r) => r.verbs.includes('update'))?.resourceNames).toEqual([
      'ovnkit-egressip-controller',
    ]);
  });

  it('binds every role to the controller ServiceAccount, and every referenced role exists', () => {
    const sa = find('ServiceAccount')[0];
    for (const b of [...find('ClusterRoleBinding'), ...find('RoleBinding')]) {
      expect(b.subjects).toEqual([
        { kind: 'ServiceAccount', name: sa?.metadata.name, namespace: sa?.metadata.namespace },
      ]);
      const role = find(b.roleRef.kind, b.roleRef.name)[0];
      expect(role).toBeDefined();
      if (b.kind === 'RoleBinding') expect(role?.metadata.namespace).toBe(b.metadata.namespace);
    }
  });
});

describe('deploy/deployment.yaml', () => {
  const dep = find('Deployment')[0];
  const container = dep?.spec.template.spec.containers[0];
  const arg = (flag: string) =>
    container.args.find((a: string) => a.startsWith(`${flag}=`))?.slice(flag.length + 1);
  it('runs two replicas under the ServiceAccount with leader election on the lease RBAC allows', () => {
    expect(dep?.spec.replicas).toBe(2);
    expect(dep?.metadata.namespace).toBe(find('ServiceAccount')[0]?.metadata.namespace);
    expect(dep?.spec.template.spec.serviceAccountName).toBe(find('ServiceAccount')[0]?.metadata.name);
    expect(dep?.spec.selector.matchLabels).toEqual(dep?.spec.template.metadata.labels);
    const lease = find('Role', 'ovnkit-egressip-controller-leader')[0];
    const leaseName = lease?.rules.find((r: Doc) => r.verbs.includes('update'))?.resourceNames[0];
    expect(arg('--leader-elect')).toBe(`$(POD_NAMESPACE)/${leaseName}`);
    expect(lease?.metadata.namespace).toBe(dep?.metadata.namespace);
    expect(container.env.find((e: Doc) => e.name === 'POD_NAMESPACE').valueFrom.fieldRef.fieldPath).toBe(
      'metadata.namespace',
    );
  });

  it('probes /healthz and /readyz on the health port (how the CLI reads the flags: cli/test/deploy-manifests)', () => {
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'health' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'health' });
    expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true });
  });
});
