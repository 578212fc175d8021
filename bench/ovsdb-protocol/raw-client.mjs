// The floor for the protocol benchmark: a bare net socket, replies only counted (by their
// `"error":null` tail), nothing decoded. Requests are formatted up front (rawPipelined, rawSerial)
// or, like any client that has something to say, when they are sent (rawSerialLatencies with a
// function, rawWindowed).
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';

const MARK = '"error":null';

function countMarks(s) {
  let n = 0;
  for (let i = s.indexOf(MARK); i >= 0; i = s.indexOf(MARK, i + MARK.length)) n++;
  return n;
}

function open(path) {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    sock.once('connect', () => resolve(sock));
    sock.once('error', reject);
  });
}

/**
 * Resolves with the ms taken to get `expected` replies after `start()` writes; `onReplies(n)` is
 * told how many replies each chunk completed.
 */
function timeReplies(sock, expected, start, onReplies) {
  return new Promise((resolve) => {
    let count = 0;
    let tail = '';
    const t0 = performance.now();
    const onData = (chunk) => {
      const s = tail + chunk.toString('latin1');
      const n = countMarks(s);
      count += n;
      tail = s.slice(-(MARK.length - 1));
      if (n && onReplies && count < expected) onReplies(n);
      if (count >= expected) {
        sock.off('data', onData);
        resolve(performance.now() - t0);
      }
    };
    sock.on('data', onData);
    start();
  });
}

export async function rawPipelined(path, requests) {
  const sock = await open(path);
  const bytes = Buffer.from(requests.join(''));
  const ms = await timeReplies(sock, requests.length, () => sock.write(bytes));
  sock.destroy();
  return ms;
}

export async function rawSerial(path, requests) {
  const latencies = await rawSerialLatencies(path, requests.length, (i) => requests[i]);
  return latencies.reduce((a, b) => a + b, 0);
}

/**
 * One request at a time: the ms from formatting each request (`request(id)` returns its JSON
 * text; an array of texts is taken as formatted up front) to its reply.
 */
export async function rawSerialLatencies(path, n, request) {
  const sock = await open(path);
  const out = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await timeReplies(sock, 1, () => sock.write(Buffer.from(request(i))));
    out.push(performance.now() - t0);
  }
  sock.destroy();
  return out;
}

/**
 * At most `depth` requests in flight: as each chunk of replies comes in, as many new requests
 * are formatted (`request(id)` returns the JSON text) and sent, in one write.
 */
export async function rawWindowed(path, n, depth, request) {
  const sock = await open(path);
  let next = 0;
  const send = (count) => {
    const texts = [];
    for (const end = Math.min(n, next + count); next < end; next++) texts.push(request(next));
    if (texts.length) sock.write(Buffer.from(texts.length === 1 ? texts[0] : texts.join('')));
  };
  const ms = await timeReplies(
    sock,
    n,
    () => send(depth),
    (replies) => send(replies),
  );
  sock.destroy();
  return ms;
}
