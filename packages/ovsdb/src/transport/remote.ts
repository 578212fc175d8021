// OVS remote syntax for active connections (ovsdb-client(1), ovn-nbctl --db): `unix:PATH`,
// `tcp:HOST[:PORT]`, `ssl:HOST[:PORT]`, IPv6 in brackets (`tcp:[::1]:6641`), and a
// comma-separated list of those, as in OVN_NB_DB.
import { isIP } from 'node:net';
import { InvalidRemoteError } from '../errors/request-errors.js';

/** The IANA port for OVSDB, which OVS uses when a tcp/ssl remote has none. */
export const DEFAULT_OVSDB_PORT = 6640;

/** A parsed OVS remote (unix, tcp, ssl). */
export type Remote =
  | { readonly kind: 'unix'; readonly path: string; readonly text: string }
  | { readonly kind: 'tcp' | 'ssl'; readonly host: string; readonly port: number; readonly text: string };

/** Parses one remote; throws InvalidRemoteError naming what is wrong. */
export function parseRemote(input: string): Remote {
  const text = input.trim();
  const colon = text.indexOf(':');
  if (colon < 0) throw new InvalidRemoteError(input, 'expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT');
  const method = text.slice(0, colon);
  const rest = text.slice(colon + 1);
  switch (method) {
    case 'unix':
      if (rest === '') throw new InvalidRemoteError(input, 'unix: needs a socket path');
      return { kind: 'unix', path: rest, text };
    case 'tcp':
    case 'ssl': {
      const { host, port } = parseHostPort(input, rest);
      return {
        kind: method,
        host,
        port,
        text: `${method}:${host.includes(':') ? `[${host}]` : host}:${port}`,
      };
    }
    case 'punix':
    case 'ptcp':
    case 'pssl':
      throw new InvalidRemoteError(
        input,
        `${method}: is a passive (listening) remote; a client needs ${method.slice(1)}:`,
      );
    default:
      throw new InvalidRemoteError(
        input,
        `unknown connection method "${method}" (expected unix, tcp or ssl)`,
      );
  }
}

/** Parses a comma-separated list (or an array) of remotes, keeping their order. */
export function parseRemotes(input: string | readonly string[]): Remote[] {
  const items = typeof input === 'string' ? input.split(',') : input.flatMap((s) => s.split(','));
  const remotes = items
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(parseRemote);
  if (remotes.length === 0) throw new InvalidRemoteError(String(input), 'no remote given');
  return remotes;
}

function parseHostPort(input: string, rest: string): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) throw new InvalidRemoteError(input, "missing ']' after the IPv6 address");
    host = rest.slice(1, close);
    const after = rest.slice(close + 1);
    if (after !== '' && !after.startsWith(':'))
      throw new InvalidRemoteError(input, `unexpected "${after}" after ']'`);
    portText = after === '' ? undefined : after.slice(1);
    if (isIP(host) !== 6) throw new InvalidRemoteError(input, `"${host}" is not an IPv6 address`);
  } else {
    const parts = rest.split(':');
    if (parts.length > 2)
      throw new InvalidRemoteError(input, 'IPv6 addresses must be written in brackets, e.g. tcp:[::1]:6641');
    host = parts[0] ?? '';
    portText = parts[1];
  }
  if (host === '') throw new InvalidRemoteError(input, 'missing host');
  if (portText === undefined) return { host, port: DEFAULT_OVSDB_PORT };
  if (!/^[0-9]{1,5}$/.test(portText))
    throw new InvalidRemoteError(input, `port "${portText}" is not a number`);
  const port = Number(portText);
  if (port < 1 || port > 65535) throw new InvalidRemoteError(input, `port ${port} is out of range 1-65535`);
  return { host, port };
}
