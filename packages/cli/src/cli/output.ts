// Writing results: text as-is, byte strings as bytes, JSON stable (sorted keys, 2-space indent).
import type { CliIo } from './io.js';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Map) return sortKeys(Object.fromEntries([...v].map(([k, x]) => [String(k), x])));
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v === undefined ? null : v;
}

/** JSON with keys sorted at every level, so the output is stable across runs and versions. */
export function stableJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 2)}\n`;
}

export function writeJson(io: CliIo, v: unknown): void {
  io.stdout.write(stableJson(v));
}
