// `HOST:PORT` listen addresses, written as Go programs (and upstream's --metrics-bind-address)
// take them: ":9108" is every interface, "[::1]:9108" an IPv6 host, "0" turns the listener off.
import { UsageError } from './errors.js';

export interface BindAddress {
  /** '' = every interface (IPv4 and IPv6). */
  readonly host: string;
  /** 0 = an ephemeral port. */
  readonly port: number;
}

/** Parses `text` for `flag`; undefined when the listener is turned off ("0"). */
export function parseBindAddress(flag: string, text: string, command?: string): BindAddress | undefined {
  if (text === '0') return undefined;
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : Number.NaN;
  if (!m || port > 65535)
    throw new UsageError(
      `${flag}: "${text}" is not HOST:PORT (e.g. ":9108", "0.0.0.0:9108", "[::1]:9108"; "0" turns it off)`,
      command,
    );
  return { host: m[1] ?? m[2] ?? '', port };
}

export function formatBindAddress(a: BindAddress): string {
  return `${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}
