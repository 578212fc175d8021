// Every kernel-visible name the lab creates starts with one random prefix, so parallel labs never
// collide and leftovers are easy to find (and provably absent after teardown).
import { randomBytes } from 'node:crypto';

export const LAB_NAME_PREFIX = 'ovnkit-';

export interface LabNames {
  /** e.g. `ovnkit-3fa2c1`: the prefix of every namespace of this lab. */
  readonly prefix: string;
  node(node: string): string;
  pod(namespace: string, pod: string): string;
  readonly external: string;
  readonly underlay: string;
}

export function createLabNames(suffix = randomBytes(3).toString('hex')): LabNames {
  const prefix = `${LAB_NAME_PREFIX}${suffix}`;
  return {
    prefix,
    node: (node) => `${prefix}-${node}`,
    pod: (namespace, pod) => `${prefix}-${namespace}-${pod}`,
    external: `${prefix}-ext`,
    underlay: `${prefix}-underlay`,
  };
}
