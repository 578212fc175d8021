// What the renderers read from the NB (spec 2.2 "NB inputs"): which routers and switches exist,
// the GR join port networks, the management port addresses, and what the live schema accepts.

export type { NbFacts } from '../nb/facts.js';

export const CLUSTER_ROUTER = 'ovn_cluster_router';
export const gatewayRouter = (node: string): string => `GR_${node}`;
export const gatewayJoinPort = (node: string): string => `rtoj-GR_${node}`;
export const managementPort = (node: string): string => `k8s-${node}`;
