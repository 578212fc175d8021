// The floor for the protocol benchmark: a bare net socket, requests formatted up front, replies
// only counted (by their `"error":null` tail), nothing decoded.
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
  const latencies = await rawSerialLatencies(path, requests);
  return latencies.reduce((a, b) => a + b, 0);
}

/** One request at a time: the ms from each write to its reply. */
export async function rawSerialLatencies(path, requests) {
  const sock = await open(path);
  const bufs = requests.map((r) => Buffer.from(r));
  const out = [];
  for (const b of bufs) out.push(await timeReplies(sock, 1, () => sock.write(b)));
  sock.destroy();
  return out;
}

/** At most `depth` requests in flight: a new one goes out as each reply comes back. */
export async function rawWindowed(path, requests, depth) {
  const sock = await open(path);
  const bufs = requests.map((r) => Buffer.from(r));
  let next = 0;
  const ms = await timeReplies(
    sock,
    bufs.length,
    () => {
      const first = bufs.slice(0, depth);
      next = first.length;
      sock.write(Buffer.concat(first));
    },
    (replies) => {
      // Refill the window by as many requests as replies just came in.
      const more = bufs.slice(next, Math.min(bufs.length, next + replies));
      next += more.length;
      if (more.length) sock.write(more.length === 1 ? more[0] : Buffer.concat(more));
    },
  );
  sock.destroy();
  return ms;
}
