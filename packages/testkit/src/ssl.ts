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

function makeCa(dir: string, name: string): void {
  run(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.crt`,
    '-days',
    '3650',
    '-subj',
    `/CN=ovnkit test ${name}`,
  ]);
}

function makeLeaf(dir: string, ca: string, name: string): void {
  run(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    `/CN=${name}`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), 'subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost\n');
  run(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-out',
    `${name}.crt`,
    '-days',
    '3650',
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Creates the PKI files inside `dir` and returns their paths. */
export function createTestPki(dir: string): TestPki {
  makeCa(dir, 'ca');
  makeCa(dir, 'otherca');
  makeLeaf(dir, 'ca', 'server');
  makeLeaf(dir, 'ca', 'client');
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
