// A hostile peer on a real unix socket (not an OVSDB server: it only sends bad bytes) must make
// the client close with a typed error and fail pending calls, never crash or hang.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import {
  ConnectionClosedError,
  connect,
  FramingError,
  MessageTooLargeError,
  ProtocolError,
  RequestTimeoutError,
} from '@ovnkit/ovsdb';

describe('hostile peer on a unix socket', () => {
  let dir: string;
  let server: Server | undefined;
  const sockets: Socket[] = [];

  async function peer(onConnection: (s: Socket) => void): Promise<string> {
    dir = mkdtempSync(join(tmpdir(), 'ovnkit-hostile-'));
    const path = join(dir, 'peer.sock');
    server = createServer((s) => {
      sockets.push(s);
      s.on('error', () => undefined);
      onConnection(s);
    });
    await new Promise<void>((r) => server?.listen(path, r));
    return `unix:${path}`;
  }

  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await new Promise((r) => server?.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  it('garbage: FramingError, pending call fails with ConnectionClosedError', async () => {
    const remote = await peer((s) => s.once('data', () => s.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    const c = await connect({ remote });
    const err = (await c.listDbs().catch((e: unknown) => e)) as ConnectionClosedError;
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(err.mayHaveBeenExecuted).toBe(true);
    expect(err.cause).toBeInstanceOf(FramingError);
    expect(await c.closed).toBeInstanceOf(FramingError);
  });

  it('a reply cut off by the peer closing: FramingError naming the truncation', async () => {
    const remote = await peer((s) => s.once('data', () => s.end('{"id":1,"result":["OVN_North')));
    const c = await connect({ remote });
    const err = (await c.listDbs().catch((e: unknown) => e)) as ConnectionClosedError;
    expect((err.cause as Error).message).toMatch(/stream ended inside a message/);
  });

  it('an endless reply: MessageTooLargeError at maxMessageBytes, and the client stops reading', async () => {
    let written = 0;
    const remote = await peer((s) =>
      s.once('data', () => {
        s.write('{"id":1,"result":"');
        const pump = () => {
          while (!s.destroyed && written < 50e6 && s.write(Buffer.alloc(65536, 0x61))) written += 65536;
          if (!s.destroyed && written < 50e6) s.once('drain', pump);
        };
        pump();
      }),
    );
    const c = await connect({ remote, maxMessageBytes: 1 << 20 });
    const err = (await c.listDbs().catch((e: unknown) => e)) as ConnectionClosedError;
    expect(err.cause).toBeInstanceOf(MessageTooLargeError);
    expect(written).toBeLessThan(50e6);
  });

  it('invalid UTF-8 in a reply: FramingError (as ovsdb-server treats it), not U+FFFD', async () => {
    const remote = await peer((s) =>
      s.once('data', () =>
        s.write(
          Buffer.concat([
            Buffer.from('{"id":1,"result":["A'),
            Buffer.from([0xff]),
            Buffer.from('"],"error":null}'),
          ]),
        ),
      ),
    );
    const c = await connect({ remote });
    const err = (await c.listDbs().catch((e: unknown) => e)) as ConnectionClosedError;
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(err.cause).toBeInstanceOf(FramingError);
    expect((err.cause as Error).message).toMatch(/invalid UTF-8/);
  });

  it('a reply for an id nobody asked for is ignored; the real reply still resolves', async () => {
    const remote = await peer((s) =>
      s.once('data', () =>
        s.write('{"id":999,"result":[],"error":null}{"id":1,"result":["A","B"],"error":null}'),
      ),
    );
    const c = await connect({ remote });
    expect(await c.listDbs()).toEqual(['A', 'B']);
    expect(c.stats.unmatchedReplies).toBe(1);
    await c.close();
  });

  it('a peer flooding echo requests without reading the replies is cut off at the reply bound', async () => {
    let sent = 0;
    const remote = await peer((s) => {
      s.pause(); // never read what the client answers
      const pump = () => {
        while (!s.destroyed && s.write(`{"id":${sent},"method":"echo","params":["flood"]}`)) sent++;
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    const c = await connect({ remote, maxQueuedReplyBytes: 1 << 20 });
    const reason = await c.closed;
    expect(reason).toBeInstanceOf(ProtocolError);
    expect((reason as Error).message).toMatch(/without reading the replies: more than 1048576 bytes/);
    // Replies that fitted the socket buffers were written; the rest waited and were dropped.
    expect(c.stats.messagesOut).toBeLessThan(sent);
  });

  it('a timeout while a large reply is half received closes the connection and frees it', async () => {
    const remote = await peer((s) =>
      s.once('data', () => {
        s.write('{"id":1,"result":"');
        s.write(Buffer.alloc(20 << 20, 0x61)); // and never the end of the message
      }),
    );
    const c = await connect({ remote, maxMessageBytes: 64 << 20 });
    const err = await c.listDbs({ timeoutMs: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RequestTimeoutError);
    expect(c.stats.bytesIn).toBeGreaterThan(0);
    expect(await c.closed).toBeInstanceOf(RequestTimeoutError);
  });
});
