// The one error type of the topology module: an input (node, pod, option) it cannot build from.
export class TopologyInputError extends Error {
  override readonly name = 'TopologyInputError';
}
