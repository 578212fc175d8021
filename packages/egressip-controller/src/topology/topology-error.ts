/** An input (node, pod, option) the topology cannot be built from. */
export class TopologyInputError extends Error {
  override readonly name = 'TopologyInputError';
}
