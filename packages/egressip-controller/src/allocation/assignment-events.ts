// The Kubernetes Event reasons and messages the assignment emits (Warning events on the
// EgressIP object), worded exactly as ovn-kubernetes' cluster manager words them.

/** The Warning event reasons of the assignment, as ovn-kubernetes names them. */
export const AssignmentEventReason = {
  InvalidEgressIP: 'InvalidEgressIP',
  EgressIPConflict: 'EgressIPConflict',
  NoMatchingNodeFound: 'NoMatchingNodeFound',
  UnassignedRequest: 'UnassignedRequest',
  UnsupportedRequest: 'UnsupportedRequest',
  /** Emitted by the NB half when a pod matches two EgressIP objects. */
  UndefinedRequest: 'UndefinedRequest',
} as const;
/** One of the {@link AssignmentEventReason} values. */
export type AssignmentEventReason = (typeof AssignmentEventReason)[keyof typeof AssignmentEventReason];

/** An event to record on the EgressIP object (worded as ovn-kubernetes words it). */
export interface AssignmentEvent {
  readonly type: 'Warning' | 'Normal';
  readonly reason: AssignmentEventReason;
  readonly message: string;
}

const warning = (reason: AssignmentEventReason, message: string): AssignmentEvent => ({
  type: 'Warning',
  reason,
  message,
});

// Go's %v of a []string: "[a b c]".
const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

export const assignmentMessages = {
  /** Not upstream wording: a selector Kubernetes would refuse (unknown operator, In without values). */
  invalidSelector: (detail: string) => warning('InvalidEgressIP', detail),
  invalidEgressIP: (name: string, ip: string) =>
    warning('InvalidEgressIP', `egress IP: ${ip} for object EgressIP: ${name} is not a valid IP address`),
  conflict: (name: string, ip: string, node: string) =>
    warning(
      'EgressIPConflict',
      `Egress IP ${name} with IP ${ip} is conflicting with a host (${node}) IP address and will not be assigned`,
    ),
  alreadyAllocated: (name: string, ip: string, owner: string, node: string) =>
    warning(
      'UnsupportedRequest',
      `IP: "${ip}" for EgressIP: ${name} is already allocated for EgressIP: ${owner} on ${node}`,
    ),
  noAssignableNodes: (name: string) =>
    warning(
      'NoMatchingNodeFound',
      `no assignable nodes for EgressIP: ${name}, please tag at least one node with label: k8s.ovn.org/egress-assignable`,
    ),
  noMatchingNode: (name: string, ips: readonly string[]) =>
    warning(
      'NoMatchingNodeFound',
      `No matching nodes found, which can host any of the egress IPs: ${goList(ips)} for object EgressIP: ${name}`,
    ),
  unassigned: (name: string) =>
    warning(
      'UnassignedRequest',
      `Not all egress IPs for EgressIP: ${name} could be assigned, please tag more nodes`,
    ),
  undefinedRequest: (name: string, namespace: string, pod: string, active: string) =>
    warning(
      'UndefinedRequest',
      `EgressIP object ${name} will not be configured for pod ${namespace}_${pod} since another egressIP object ${active} is serving it, this is undefined`,
    ),
};
