// Who holds which egress IP, over every EgressIP object: the facts ovn-kubernetes keeps in its
// allocator cache, kept here as an index so one assignment costs O(own items), not O(all
// objects). Only items on eligible nodes count (a node that stops being eligible loses its
// allocations, as upstream). When two objects claim one IP, the smaller name wins.
import type { EgressIPStatusItem } from '../api/types.js';
import { canonicalIp } from './ip-address.js';

/** One EgressIP's claim on an IP: the owner and the node it is on. */
export interface Claim {
  readonly owner: string;
  readonly node: string;
}

const byOwner = (a: Claim, b: Claim) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0);

/**
 * Who holds which egress IP and how many IPs each node hosts, kept in step with every status so one
 * assignment costs O(its own items).
 */
export class AllocationTable {
  /** IP -> claims sorted by owner name. */
  readonly #claims = new Map<string, Claim[]>();
  /** owner -> IPs it claims in the table. */
  readonly #byOwner = new Map<string, string[]>();
  /** node -> number of IPs whose winning claim is on it. */
  readonly #count = new Map<string, number>();
  readonly #eligible: (node: string) => boolean;

  constructor(isEligibleNode: (node: string) => boolean) {
    this.#eligible = isEligibleNode;
  }

  static build(
    objects: Iterable<{ readonly name: string; readonly items: readonly EgressIPStatusItem[] }>,
    isEligibleNode: (node: string) => boolean,
  ): AllocationTable {
    const t = new AllocationTable(isEligibleNode);
    for (const o of objects) t.setOwner(o.name, o.items);
    return t;
  }

  /** Replace every claim of `owner` with `items` (those on eligible nodes). */
  setOwner(owner: string, items: readonly EgressIPStatusItem[]): void {
    for (const ip of this.#byOwner.get(owner) ?? []) this.#remove(ip, owner);
    this.#byOwner.delete(owner);
    const ips: string[] = [];
    for (const item of items) {
      const ip = canonicalIp(item.egressIP);
      if (ip === undefined || !this.#eligible(item.node) || ips.includes(ip)) continue;
      ips.push(ip);
      this.#add(ip, { owner, node: item.node });
    }
    if (ips.length > 0) this.#byOwner.set(owner, ips);
  }

  /** Number of IPs held (on eligible nodes). */
  get size(): number {
    return this.#claims.size;
  }

  /** The claim on `ip` that wins once `self`'s own claims are ignored. */
  holder(ip: string, self: string): Claim | undefined {
    return this.#claims.get(ip)?.find((c) => c.owner !== self);
  }

  /** Allocations per node over all objects, with `self`'s claims ignored. */
  countsExcluding(self: string): Map<string, number> {
    const counts = new Map(this.#count);
    for (const ip of this.#byOwner.get(self) ?? []) {
      const claims = this.#claims.get(ip) ?? [];
      if (claims[0]?.owner !== self) continue;
      const own = claims[0];
      counts.set(own.node, (counts.get(own.node) ?? 0) - 1);
      const next = claims[1];
      if (next) counts.set(next.node, (counts.get(next.node) ?? 0) + 1);
    }
    return counts;
  }

  #add(ip: string, claim: Claim): void {
    const list = this.#claims.get(ip) ?? [];
    const before = list[0];
    list.push(claim);
    list.sort(byOwner);
    this.#claims.set(ip, list);
    this.#moveWinner(before, list[0]);
  }

  #remove(ip: string, owner: string): void {
    const list = this.#claims.get(ip);
    if (!list) return;
    const before = list[0];
    const rest = list.filter((c) => c.owner !== owner);
    if (rest.length === 0) this.#claims.delete(ip);
    else this.#claims.set(ip, rest);
    this.#moveWinner(before, rest[0]);
  }

  #moveWinner(before: Claim | undefined, after: Claim | undefined): void {
    if (before === after) return;
    if (before) this.#count.set(before.node, (this.#count.get(before.node) ?? 0) - 1);
    if (after) this.#count.set(after.node, (this.#count.get(after.node) ?? 0) + 1);
  }
}
