// TLS material as ovn-nbctl takes it (-p private key, -c certificate, -C CA certificate): each a
// file path or the PEM contents (Buffer, or a string that starts with "-----BEGIN").
import { readFileSync } from 'node:fs';
import { InvalidOptionError } from '../errors/request-errors.js';

/** Key, certificate and CA certificate for ssl remotes: file paths, PEM strings or Buffers. */
export interface TlsOptions {
  privateKey: string | Uint8Array;
  certificate: string | Uint8Array;
  caCert: string | Uint8Array;
}

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
  ca: Buffer;
}

/** Reads the files (or takes the buffers); throws InvalidOptionError naming a missing or unreadable file. */
export function loadTlsMaterial(opts: TlsOptions | undefined): TlsMaterial {
  if (!opts)
    throw new InvalidOptionError('ssl: remotes need the tls option (privateKey, certificate, caCert)');
  return {
    key: load('privateKey', opts.privateKey),
    cert: load('certificate', opts.certificate),
    ca: load('caCert', opts.caCert),
  };
}

function load(field: keyof TlsOptions, value: string | Uint8Array | undefined): Buffer {
  if (value === undefined || value === '') throw new InvalidOptionError(`tls.${field} is missing`);
  if (typeof value !== 'string') return Buffer.from(value);
  if (value.startsWith('-----BEGIN')) return Buffer.from(value);
  try {
    return readFileSync(value);
  } catch (err) {
    throw new InvalidOptionError(`tls.${field}: cannot read ${value}: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
