// Test PKI made with openssl: one CA, a server and a client certificate signed by it, and an
// unrelated CA for the "wrong CA" case.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary } from './binaries.js';

export interface TestPki {
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
  /** A CA that signed nothing here: trusting only it must make the handshake fail. */
  otherCaCert: string;
  otherCaKey: string;
}

function run(dir: string, args: string[]): void {
  execFileSync(findBinary('openssl'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A new P-256 key, unencrypted (ovsdb-server and Node both read it). */
const NEW_EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function makeCa(dir: string, name: string): void {
  const files = ['-keyout', `${name}.key`, '-out', `${name}.crt`];
  run(dir, ['req', '-x509', ...NEW_EC_KEY, ...files, '-days', '3650', '-subj', `/CN=ovnkit test ${name}`]);
}

export interface IssuedCertificate {
  key: string;
  cert: string;
}

/**
 * Issues `<name>.key` and `<name>.crt` inside `dir`, signed by the given CA, valid for 127.0.0.1,
 * ::1 and localhost.
 */
export function issueCertificate(
  dir: string,
  ca: { cert: string; key: string },
  name: string,
): IssuedCertificate {
  run(dir, ['req', ...NEW_EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`]);
  writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n');
  run(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    ca.cert,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '3650',
    '-extfile',
    `${name}.ext`,
  ]);
  return { key: join(dir, `${name}.key`), cert: join(dir, `${name}.crt`) };
}

/** Creates the PKI files inside `dir` and returns their paths. */
export function createTestPki(dir: string): TestPki {
  makeCa(dir, 'ca');
  makeCa(dir, 'otherca');
  const ca = { cert: join(dir, 'ca.crt'), key: join(dir, 'ca.key') };
  issueCertificate(dir, ca, 'server');
  issueCertificate(dir, ca, 'client');
  const p = (f: string) => join(dir, f);
  return {
    caCert: p('ca.crt'),
    serverKey: p('server.key'),
    serverCert: p('server.crt'),
    clientKey: p('client.key'),
    clientCert: p('client.crt'),
    otherCaCert: p('otherca.crt'),
    otherCaKey: p('otherca.key'),
  };
}
