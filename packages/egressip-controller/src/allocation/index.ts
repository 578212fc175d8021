// allocation/: pure node assignment for EgressIP objects (spec section 3). No I/O.
export { allocateCluster, type ClusterAllocation } from './allocate-cluster.js';
export {
  type AllocationInput,
  type AllocationResult,
  allocateEgressIP,
  InvalidEgressIPError,
  isEligible,
  validateSpecIPs,
} from './allocate-egress-ip.js';
export { type AssignmentEvent, AssignmentEventReason, assignmentMessages } from './assignment-events.js';
export { canonicalIp, formatIp, parseCidr, parseIp } from './ip-address.js';
export {
  EGRESS_ASSIGNABLE_LABEL,
  NodeAnnotationError,
  type NodeEgressInfo,
  parseNodeEgressInfo,
} from './node-egress-info.js';
export { buildNodeInventory, type NodeInventory } from './node-inventory.js';
