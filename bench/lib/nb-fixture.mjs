// A realistic OVN Northbound database for the benchmarks, shaped like one written by
// ovn-kubernetes (single zone, shared gateway mode, IPv4): per node a node switch with its
// management and router ports, a gateway router with its join/external ports, static routes, the
// node's NAT and the cluster router's per-node policies; per pod a logical switch port (addresses,
// port_security, iface-id-ver/requested-chassis options); per namespace an address set of its pod
// IPs, default-deny port groups and ACLs; per network policy a port group and ACLs with long
// matches; per service a load balancer with a vip map, grouped in the cluster LB groups; and the
// EgressIP rows (a priority-100 reroute policy per served pod on ovn_cluster_router, an SNAT per
// pod on the egress node's gateway router), so a few routers hold thousands of nat/policy refs.
//
// `nbFixture(rows)` builds one of about `rows` rows (deterministic: same size, same database);
// `writeNbDb(file, fixture)` writes it as an ovsdb-server standalone database file in one record,
// which the server loads in a fraction of the time the same rows take through transactions.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

/** Per-cluster proportions (ovn-kubernetes density-test like: ~30 pods per node). */
export const PROPORTIONS = {
  podsPerNode: 30,
  podsPerNamespace: 20,
  networkPoliciesPerNamespace: 1,
  servicesPerNamespace: 4,
  // One in three namespaces is served by an EgressIP, on one of 4 egress nodes.
  egressNamespaceEvery: 3,
  egressNodes: 4,
};
/** Rows per pod that the proportions above produce (measured): sizes the cluster for a row target. */
const ROWS_PER_POD = 2.945;

const hex = (n, w) => n.toString(16).padStart(w, '0');
/** A 32-bit integer hash (murmur3's finaliser): spreads counters over all 32 bits. */
const mix32 = (x) => {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};
/**
 * A deterministic, unique uuid per (table number, row number). OVS hashes a uuid by its first 32
 * bits (uuid_hash), in the server and in the C IDL, so those must look random: with a shared
 * prefix every row of a table lands in one hash bucket and both go quadratic.
 */
const uuidOf = (t, i) => `${hex(mix32(i * 0x10000 + t), 8)}-${hex(t, 4)}-4000-8000-${hex(i, 12)}`;
const set = (xs) => ['set', xs];
const map = (obj) => ['map', Object.entries(obj)];
const ref = (u) => ['uuid', u];
const refs = (us) => set(us.map(ref));

/** 10.128.0.0/14 split in /23s, one per node (ovn-kubernetes' default clusterNetwork). */
const nodeSubnet = (n) => ({ b: 128 + (n >> 7), c: (n & 127) * 2 });
const podIp = (n, k) => {
  const { b, c } = nodeSubnet(n);
  return `10.${b}.${c + ((k + 3) >> 8)}.${(k + 3) & 255}`;
};
const macOf = (ip) =>
  `0a:58:${ip
    .split('.')
    .map((o) => hex(Number(o), 2))
    .join(':')}`;
const nodeIp = (n) => `172.18.${n >> 8}.${(n & 255) + 2}`;
const joinIp = (n) => `100.64.${(n + 2) >> 8}.${(n + 2) & 255}`;
/** ovn-kubernetes names address sets and port groups `a<hash of the owner id>`. */
const hashName = (s) =>
  `a${BigInt(`0x${createHash('sha1').update(s).digest('hex').slice(0, 16)}`) % 10n ** 19n}`;
const ctrl = 'default-network-controller';
const ids = (type, name, extra = {}) => ({
  'k8s.ovn.org/id': `${ctrl}:${type}:${name}${Object.values(extra)
    .map((v) => `:${v}`)
    .join('')}`,
  'k8s.ovn.org/name': name,
  'k8s.ovn.org/owner-controller': ctrl,
  'k8s.ovn.org/owner-type': type,
  ...extra,
});

/** Builds the rows: `{ tables: { Table: Map<uuid, row> }, rows, pods, nodes }`. */
export function nbFixture(targetRows) {
  const P = PROPORTIONS;
  const pods = Math.max(P.podsPerNode, Math.round(targetRows / ROWS_PER_POD));
  const nodes = Math.ceil(pods / P.podsPerNode);
  const namespaces = Math.ceil(pods / P.podsPerNamespace);
  const tables = {};
  const counters = {};
  const tableNo = {};
  const byNs = new Map();
  const podsByNs = (ns) => {
    if (!byNs.has(ns)) byNs.set(ns, []);
    return byNs.get(ns);
  };
  const add = (table, row) => {
    if (!tables[table]) {
      tables[table] = new Map();
      counters[table] = 0;
      tableNo[table] = Object.keys(tableNo).length + 1;
    }
    const u = uuidOf(tableNo[table], counters[table]++);
    tables[table].set(u, row);
    return u;
  };

  // Cluster-wide rows.
  const clusterRouterPorts = [];
  const clusterPolicies = [];
  const clusterRoutes = [];
  const lbs = [];
  const clusterPortGroupPorts = [];
  const egressPodIps = [];
  const gr = []; // per node: { nat: [], name }
  add('Meter', {
    name: 'acl-logging',
    unit: 'pktps',
    fair: set([true]),
    bands: refs([add('Meter_Band', { action: 'drop', rate: 20 })]),
    external_ids: map(ids('ACLLoggingMeter', 'acl-logging')),
  });
  const joinPorts = [];

  for (let n = 0; n < nodes; n++) {
    const node = `node-${hex(n, 5)}`;
    const { b, c } = nodeSubnet(n);
    const subnet = `10.${b}.${c}.0/23`;
    const mgmtIp = `10.${b}.${c}.2`;
    const gwIp = `10.${b}.${c}.1`;
    const ports = [];
    ports.push(
      add('Logical_Switch_Port', {
        name: `k8s-${node}`,
        addresses: set([`${macOf(mgmtIp)} ${mgmtIp}`]),
      }),
      add('Logical_Switch_Port', {
        name: `stor-${node}`,
        type: 'router',
        addresses: set(['router']),
        options: map({ 'router-port': `rtos-${node}`, arp_proxy: '0a:58:a9:fe:01:01 169.254.1.1 fe80::1' }),
      }),
    );
    clusterPortGroupPorts.push(ports[0]);
    const podsHere = Math.min(P.podsPerNode, pods - n * P.podsPerNode);
    for (let k = 0; k < podsHere; k++) {
      const p = n * P.podsPerNode + k;
      const ns = `ns-${hex(Math.floor(p / P.podsPerNamespace), 5)}`;
      const ip = podIp(n, k);
      const addr = `${macOf(ip)} ${ip}`;
      const u = add('Logical_Switch_Port', {
        name: `${ns}_pod-${p}`,
        addresses: set([addr]),
        port_security: set([addr]),
        options: map({ 'iface-id-ver': uuidOf(0xabc, p), 'requested-chassis': node }),
        external_ids: map({ namespace: ns, pod: 'true' }),
      });
      ports.push(u);
      clusterPortGroupPorts.push(u);
      podsByNs(ns).push({ u, ip, p });
    }
    const lrp = add('Logical_Router_Port', {
      name: `rtos-${node}`,
      mac: macOf(gwIp),
      networks: set([`${gwIp}/23`]),
    });
    clusterRouterPorts.push(lrp);
    add('Logical_Switch', {
      name: node,
      ports: refs(ports),
      other_config: map({ subnet, exclude_ips: mgmtIp }),
      load_balancer_group: refs([]), // filled below, once the groups exist
    });
    // Gateway router, its join and external ports, external switch.
    const rtoj = add('Logical_Router_Port', {
      name: `rtoj-GR_${node}`,
      mac: macOf(joinIp(n)),
      networks: set([`${joinIp(n)}/16`]),
    });
    const rtoe = add('Logical_Router_Port', {
      name: `rtoe-GR_${node}`,
      mac: `02:42:ac:12:${hex(n >> 8, 2)}:${hex(n & 255, 2)}`,
      networks: set([`${nodeIp(n)}/16`]),
      external_ids: map({ 'gateway-physical-ip': 'yes' }),
    });
    joinPorts.push(
      add('Logical_Switch_Port', {
        name: `jtor-GR_${node}`,
        type: 'router',
        addresses: set(['router']),
        options: map({ 'router-port': `rtoj-GR_${node}` }),
      }),
    );
    add('Logical_Switch', {
      name: `ext_${node}`,
      ports: refs([
        add('Logical_Switch_Port', {
          name: `etor-GR_${node}`,
          type: 'router',
          addresses: set([`02:42:ac:12:${hex(n >> 8, 2)}:${hex(n & 255, 2)}`]),
          options: map({ 'router-port': `rtoe-GR_${node}`, 'exclude-lb-vips-from-garp': 'true' }),
        }),
        add('Logical_Switch_Port', {
          name: `breth0_${node}`,
          type: 'localnet',
          addresses: set(['unknown']),
          options: map({ network_name: 'physnet' }),
        }),
      ]),
    });
    const grRoutes = [
      add('Logical_Router_Static_Route', {
        ip_prefix: '10.128.0.0/14',
        nexthop: '100.64.0.1',
        external_ids: map({ 'k8s.ovn.org/network': 'default' }),
      }),
      add('Logical_Router_Static_Route', {
        ip_prefix: '0.0.0.0/0',
        nexthop: '172.18.0.1',
        output_port: set([`rtoe-GR_${node}`]),
      }),
    ];
    const nat = [
      add('NAT', {
        type: 'snat',
        external_ip: nodeIp(n),
        logical_ip: '10.128.0.0/14',
        options: map({ stateless: 'false' }),
      }),
    ];
    gr.push({ node, nat, routes: grRoutes, ports: [rtoj, rtoe] });
    clusterRoutes.push(
      add('Logical_Router_Static_Route', {
        ip_prefix: subnet,
        nexthop: joinIp(n),
        policy: set(['src-ip']),
      }),
    );
    clusterPolicies.push(
      add('Logical_Router_Policy', {
        priority: 1004,
        match: `inport == "rtos-${node}" && ip4.dst == ${nodeIp(n)} /* ${node} */`,
        action: 'reroute',
        nexthops: set([mgmtIp]),
      }),
      add('Logical_Router_Policy', {
        priority: 102,
        match: `ip4.src == 10.128.0.0/14 && ip4.dst == ${nodeIp(n)}/32`,
        action: 'allow',
      }),
    );
  }

  // Namespaces: address set of pod IPs, default-deny port groups, network policies, services.
  let svc = 0;
  for (let i = 0; i < namespaces; i++) {
    const ns = `ns-${hex(i, 5)}`;
    const members = podsByNs(ns);
    const asName = hashName(`${ctrl}:Namespace:${ns}:v4`);
    add('Address_Set', {
      name: asName,
      addresses: set(members.map((m) => m.ip)),
      external_ids: map(ids('Namespace', ns, { 'ip-family': 'v4' })),
    });
    const ports = members.map((m) => m.u);
    for (const dir of ['Ingress', 'Egress']) {
      const pg = hashName(`${ctrl}:NetpolNamespace:${ns}:${dir}`);
      const to = dir === 'Ingress' ? 'outport' : 'inport';
      const acls = [
        add('ACL', {
          action: 'drop',
          direction: dir === 'Ingress' ? 'to-lport' : 'from-lport',
          priority: 1000,
          match: `${to} == @${pg}_${dir}DefaultDeny`,
          name: set([`NP:${ns}:${dir}`]),
          log: false,
          meter: set(['acl-logging']),
          options: dir === 'Egress' ? map({ 'apply-after-lb': 'true' }) : map({}),
          external_ids: map(ids('NetpolNamespace', ns, { direction: dir, type: 'defaultDeny' })),
        }),
        add('ACL', {
          action: 'allow',
          direction: dir === 'Ingress' ? 'to-lport' : 'from-lport',
          priority: 1001,
          match: `${to} == @${pg}_${dir}DefaultDeny && (arp || nd)`,
          name: set([`NP:${ns}:${dir}`]),
          meter: set(['acl-logging']),
          external_ids: map(ids('NetpolNamespace', ns, { direction: dir, type: 'arpAllow' })),
        }),
      ];
      add('Port_Group', {
        name: `${pg}_${dir}DefaultDeny`,
        ports: refs(ports),
        acls: refs(acls),
        external_ids: map(ids('NetpolNamespace', ns, { direction: dir })),
      });
    }
    for (let k = 0; k < P.networkPoliciesPerNamespace; k++) {
      const np = `${ns}:allow-from-peers-${k}`;
      const pg = hashName(`${ctrl}:NetworkPolicy:${np}`);
      const peers = [1, 2, 3].map(
        (d) => `$${hashName(`${ctrl}:Namespace:ns-${hex((i + d) % namespaces, 5)}:v4`)}`,
      );
      const acls = [0, 1].map((g) =>
        add('ACL', {
          action: 'allow-related',
          direction: 'to-lport',
          priority: 1001,
          match: `ip4.src == {${peers.join(', ')}} && outport == @${pg} && tcp && tcp.dst==${8080 + g}`,
          name: set([`NP:${np}:Ingress:${g}`]),
          meter: set(['acl-logging']),
          external_ids: map(
            ids('NetworkPolicy', np, {
              direction: 'Ingress',
              'gress-index': String(g),
              'ip-block-index': '-1',
              'port-policy-protocol': 'tcp',
            }),
          ),
        }),
      );
      add('Port_Group', {
        name: pg,
        ports: refs(ports.slice(0, Math.ceil(ports.length / 2))),
        acls: refs(acls),
        external_ids: map(ids('NetworkPolicy', np)),
      });
    }
    for (let k = 0; k < P.servicesPerNamespace; k++, svc++) {
      const vip = `10.96.${svc >> 8}.${svc & 255}`;
      const backends = members.slice(k % 3, (k % 3) + 2 + (k % 2)).map((m) => `${m.ip}:8080`);
      lbs.push(
        add('Load_Balancer', {
          name: `Service_${ns}/svc-${k}_TCP_cluster`,
          protocol: set(['tcp']),
          vips: map({
            [`${vip}:80`]: backends.join(','),
            [`${vip}:443`]: backends.join(',').replaceAll('8080', '8443'),
          }),
          options: map({
            event: 'false',
            hairpin_snat_ip: '169.254.0.5 fd69::5',
            neighbor_responder: 'none',
            reject: 'true',
            skip_snat: 'false',
          }),
          external_ids: map({ 'k8s.ovn.org/kind': 'Service', 'k8s.ovn.org/owner': `${ns}/svc-${k}` }),
        }),
      );
    }
    // EgressIP: every pod of every third namespace, egress node by namespace.
    if (i % P.egressNamespaceEvery === 0) {
      const eip = `egressip-${hex(i, 5)}`;
      const egressNode = i % Math.min(P.egressNodes, nodes);
      const egressIp = `172.18.200.${(i / P.egressNamespaceEvery) % 250}`;
      for (const m of members) {
        const who = `${eip}_${ns}/pod-${m.p}`;
        egressPodIps.push(m.ip);
        clusterPolicies.push(
          add('Logical_Router_Policy', {
            priority: 100,
            match: `ip4.src == ${m.ip}`,
            action: 'reroute',
            nexthops: set([joinIp(egressNode)]),
            external_ids: map({
              ...ids('EgressIP', who),
              'k8s.ovn.org/id': `${ctrl}:EgressIP:100:${who}:ip4:default`,
              priority: '100',
              'ip-family': 'ip4',
              network: 'default',
            }),
          }),
        );
        gr[egressNode].nat.push(
          add('NAT', {
            type: 'snat',
            external_ip: egressIp,
            logical_ip: m.ip,
            logical_port: set([`k8s-${gr[egressNode].node}`]),
            options: map({ stateless: 'false' }),
            external_ids: map({ ...ids('EgressIP', who), 'ip-family': 'ip4' }),
          }),
        );
      }
    }
  }
  add('Address_Set', {
    name: hashName(`${ctrl}:EgressIP:egressip-served-pods:v4:default`),
    addresses: set(egressPodIps),
    external_ids: map(ids('EgressIP', 'egressip-served-pods', { 'ip-family': 'v4', network: 'default' })),
  });
  add('Port_Group', {
    name: 'clusterPortGroup',
    ports: refs(clusterPortGroupPorts),
    external_ids: map(ids('ClusterPortGroup', 'clusterPortGroup')),
  });

  // Load balancer groups, referenced from every node switch and gateway router.
  const lbGroups = ['clusterLBGroup', 'clusterSwitchLBGroup', 'clusterRouterLBGroup'].map((name, g) =>
    add('Load_Balancer_Group', { name, load_balancer: refs(g === 0 ? lbs : []) }),
  );
  for (const row of tables.Logical_Switch.values()) {
    if (row.other_config) row.load_balancer_group = refs([lbGroups[0], lbGroups[1]]);
  }
  for (const g of gr) {
    add('Logical_Router', {
      name: `GR_${g.node}`,
      ports: refs(g.ports),
      static_routes: refs(g.routes),
      nat: refs(g.nat),
      load_balancer_group: refs([lbGroups[0], lbGroups[2]]),
      options: map({
        always_learn_from_arp_request: 'false',
        chassis: uuidOf(0xc4a5, gr.indexOf(g)),
        dynamic_neigh_routers: 'true',
        lb_force_snat_ip: 'router_ip',
        'snat-ct-zone': '0',
      }),
      external_ids: map({ physical_ip: nodeIp(gr.indexOf(g)), physical_ips: nodeIp(gr.indexOf(g)) }),
    });
  }
  add('Logical_Router', {
    name: 'ovn_cluster_router',
    ports: refs([
      ...clusterRouterPorts,
      add('Logical_Router_Port', {
        name: 'rtoj-ovn_cluster_router',
        mac: '0a:58:64:40:00:01',
        networks: set(['100.64.0.1/16']),
      }),
    ]),
    static_routes: refs(clusterRoutes),
    policies: refs(clusterPolicies),
    options: map({ mcast_relay: 'false' }),
    external_ids: map({ 'k8s-cluster-router': 'yes' }),
  });
  add('Logical_Switch', { name: 'join', ports: refs(joinPorts) });
  add('NB_Global', { name: '', options: map({ mac_prefix: '0a:58:0a', northd_probe_interval: '10000' }) });

  let rows = 0;
  for (const t of Object.values(tables)) rows += t.size;
  return { tables, rows, pods, nodes, namespaces, services: lbs.length, egressPods: egressPodIps.length };
}

/** One standalone-format record: `OVSDB JSON <length> <sha1>\n<json>\n` (length and hash cover the json and its newline). */
function record(json) {
  const body = Buffer.from(`${json}\n`);
  const sha1 = createHash('sha1').update(body).digest('hex');
  return Buffer.concat([Buffer.from(`OVSDB JSON ${body.length} ${sha1}\n`), body]);
}

/** Writes the fixture as an ovsdb-server database file (schema record + one transaction record). */
export function writeNbDb(file, fixture, schemaFile) {
  const schema = readFileSync(schemaFile, 'utf8');
  const txn = { _date: 0, _comment: `nb-fixture ${fixture.rows} rows` };
  for (const [table, rows] of Object.entries(fixture.tables)) txn[table] = Object.fromEntries(rows);
  writeFileSync(
    file,
    Buffer.concat([record(JSON.stringify(JSON.parse(schema))), record(JSON.stringify(txn))]),
  );
}
