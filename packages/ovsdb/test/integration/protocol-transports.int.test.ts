// Every way to reach a server: unix, tcp, tcp over IPv6, ssl (files and buffers), remote lists,
// and the failures: wrong CA, missing TLS material, refused, timed out.
import { readFileSync } from 'node:fs';
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  AllRemotesFailedError,
  ConnectError,
  ConnectionClosedError,
  connect,
  InvalidOptionError,
  InvalidRemoteError,
  type OvsdbClient,
  TlsError,
} from '@ovnkit/ovsdb';
import { issueCertificate, type OvsdbServer, startOvsdbServer } from '@ovnkit/testkit';

describe('transports against ovsdb-server', () => {
  let server: OvsdbServer;
  const opened: OvsdbClient[] = [];
  const open = async (...args: Parameters<typeof connect>) => {
    const c = await connect(...args);
    opened.push(c);
    return c;
  };

  beforeAll(async () => {
    server = await startOvsdbServer({ schemas: ['nb'], tcp: true, tcp6: true, ssl: true });
  });
  afterAll(async () => {
    await Promise.all(opened.map((c) => c.close()));
    await server?.stop();
  });

  it('connects over unix, tcp and tcp:[::1]', async () => {
    for (const remote of [server.remote, server.tcpRemote, server.tcp6Remote]) {
      const c = await open({ remote: remote as string });
      expect(c.remote).toBe(remote);
      expect(await c.listDbs()).toEqual(['OVN_Northbound', '_Server']);
    }
    expect(server.tcp6Remote).toMatch(/^tcp:\[::1\]:\d+$/);
  });

  it('connects over ssl with key, certificate and CA given as files or as buffers', async () => {
    const pki = server.pki!;
    const byFile = await open({
      remote: server.sslRemote!,
      tls: { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.caCert },
    });
    expect(await byFile.listDbs()).toContain('OVN_Northbound');
    const byBuffer = await open({
      remote: server.sslRemote!,
      tls: {
        privateKey: readFileSync(pki.clientKey),
        certificate: readFileSync(pki.clientCert),
        caCert: readFileSync(pki.caCert, 'utf8'),
      },
    });
    await byBuffer.transact('OVN_Northbound', [
      { op: 'insert', table: 'Logical_Switch', row: { name: 'over-tls' } },
    ]);
    const [r] = await byFile.transact('OVN_Northbound', [
      { op: 'select', table: 'Logical_Switch', where: [], columns: ['name'] },
    ]);
    expect(r?.rows).toEqual([{ name: 'over-tls' }]);
  });

  it('does not check the host name, only the chain (like OVS)', async () => {
    // The certificate names 127.0.0.1, ::1 and localhost; [::ffff:127.0.0.1] reaches the same
    // listener under a name Node's default check rejects, while the chain stays valid.
    const pki = server.pki!;
    const port = server.sslRemote!.split(':').pop();
    const c = await open({
      remote: `ssl:[::ffff:127.0.0.1]:${port}`,
      tls: { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.caCert },
    });
    expect(await c.listDbs()).toContain('OVN_Northbound');
  });

  it('rejects a server whose certificate does not chain to our CA with a TlsError', async () => {
    const pki = server.pki!;
    const err = await connect({
      remote: server.sslRemote!,
      tls: { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.otherCaCert },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TlsError);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as TlsError).remote).toBe(server.sslRemote);
    expect((err as TlsError).code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/,
    );
    expect((err as Error).message).toMatch(/TLS handshake failed/);
  });

  it('a client certificate the server does not trust gets the connection closed', async () => {
    const pki = server.pki!;
    // A client certificate signed by the unrelated CA.
    const rogue = issueCertificate(server.dir, { cert: pki.otherCaCert, key: pki.otherCaKey }, 'rogue');
    const outcome = await connect({
      remote: server.sslRemote!,
      tls: { privateKey: rogue.key, certificate: rogue.cert, caCert: pki.caCert },
    }).then(
      async (c) =>
        c.listDbs().then(
          () => 'served',
          (e: unknown) => e,
        ),
      (e: unknown) => e,
    );
    // TLS 1.3 finishes the client side of the handshake before the server checks our certificate,
    // so the refusal shows up either while connecting or on the first request.
    const tlsError = outcome instanceof ConnectionClosedError ? outcome.cause : outcome;
    expect(tlsError).toBeInstanceOf(TlsError);
    expect((tlsError as TlsError).message).toMatch(/unknown ca/);
  });

  it('ssl remotes without TLS material, or with unreadable files, fail with InvalidOptionError', async () => {
    await expect(connect({ remote: server.sslRemote! })).rejects.toBeInstanceOf(InvalidOptionError);
    const err = await connect({
      remote: server.sslRemote!,
      tls: { privateKey: '/nonexistent/key.pem', certificate: 'x', caCert: 'y' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidOptionError);
    expect((err as Error).message).toMatch(/tls\.privateKey: cannot read \/nonexistent\/key\.pem/);
  });

  it('tries a comma-separated list in order and uses the first that answers', async () => {
    const list = `unix:${server.dir}/missing.sock, ${server.tcpRemote}`;
    const c = await open({ remote: list });
    expect(c.remote).toBe(server.tcpRemote);
    expect(await c.listDbs()).toContain('OVN_Northbound');
  });

  it('shuffles the list when asked (random source injected)', async () => {
    const remotes = [server.remote, server.tcpRemote!, server.tcp6Remote!];
    const first = new Set<string>();
    for (const r of [0, 0.4, 0.99]) {
      const c = await open({ remote: remotes, order: 'shuffle', random: () => r });
      first.add(c.remote);
    }
    expect(first.size).toBeGreaterThan(1);
  });

  it('reports every failed remote when none answers', async () => {
    const err = await connect({ remote: [`unix:${server.dir}/a.sock`, `unix:${server.dir}/b.sock`] }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AllRemotesFailedError);
    const attempts = (err as AllRemotesFailedError).attempts;
    expect(attempts.map((a) => a.remote)).toEqual([`unix:${server.dir}/a.sock`, `unix:${server.dir}/b.sock`]);
    expect(attempts[0]?.error).toBeInstanceOf(ConnectError);
    expect(attempts[0]?.error.message).toMatch(/ENOENT/);
  });

  it('a single refused remote throws its own ConnectError', async () => {
    const probe = createServer();
    const port = await new Promise<number>((r) =>
      probe.listen(0, '127.0.0.1', () => r((probe.address() as AddressInfo).port)),
    );
    await new Promise((r) => probe.close(r));
    const err = await connect({ remote: `tcp:127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectError);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('gives up after connectTimeoutMs when a TLS peer never answers the handshake', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    const port = await new Promise<number>((r) =>
      silent.listen(0, '127.0.0.1', () => r((silent.address() as AddressInfo).port)),
    );
    try {
      const pki = server.pki!;
      const err = await connect({
        remote: `ssl:127.0.0.1:${port}`,
        connectTimeoutMs: 300,
        tls: { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.caCert },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConnectError);
      expect((err as Error).message).toMatch(/no connection within 300 ms/);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('rejects malformed remotes before connecting', async () => {
    await expect(connect({ remote: 'tcp:::1:6641' })).rejects.toBeInstanceOf(InvalidRemoteError);
    await expect(connect({ remote: 'ptcp:6641' })).rejects.toThrow(/passive/);
  });
});
