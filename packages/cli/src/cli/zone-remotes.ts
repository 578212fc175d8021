// Zone NBs named on the command line: `--zone-db NODE=REMOTE` (repeated) or
// `--zones NODE=REMOTE,...`. In interconnect mode a zone is named after its node.
import type { OptionSpec } from './command-spec.js';
import { UsageError } from './errors.js';

export interface ZoneRemote {
  readonly zone: string;
  readonly remote: string;
}

function pair(item: string, option: string, command: string): ZoneRemote {
  const eq = item.indexOf('=');
  if (eq <= 0 || eq === item.length - 1)
    throw new UsageError(
      `${option}: "${item}" is not NODE=REMOTE (e.g. ovn-worker=unix:/run/ovn-worker/nb.sock)`,
      command,
    );
  return { zone: item.slice(0, eq), remote: item.slice(eq + 1) };
}

function unique(list: ZoneRemote[], option: string, command: string): ZoneRemote[] {
  const seen = new Set<string>();
  for (const z of list) {
    if (seen.has(z.zone)) throw new UsageError(`${option}: zone "${z.zone}" given twice`, command);
    seen.add(z.zone);
  }
  return list;
}

/** Repeated `NODE=REMOTE` option values, split at the first '='. */
export function parseZonePairs(values: readonly string[], option: string, command: string): ZoneRemote[] {
  return unique(
    values.map((v) => pair(v, option, command)),
    option,
    command,
  );
}

/**
 * `NODE=REMOTE,NODE=REMOTE`; a piece without '=' continues the previous remote, so a zone's remote
 * may itself be a comma-separated list (a clustered NB): `a=tcp:1.2.3.4:6641,tcp:1.2.3.5:6641,b=...`.
 */
export function parseZoneList(text: string, option: string, command: string): ZoneRemote[] {
  const items: string[] = [];
  for (const piece of text.split(',')) {
    if (piece.includes('=') || items.length === 0) items.push(piece);
    else items[items.length - 1] += `,${piece}`;
  }
  return parseZonePairs(items, option, command);
}

export const ZONES_OPTION: Readonly<Record<string, OptionSpec>> = {
  zones: {
    type: 'string',
    value: 'NODE=REMOTE,...',
    help: 'interconnect: one NB per zone, read in parallel (or repeat --db)',
  },
};
