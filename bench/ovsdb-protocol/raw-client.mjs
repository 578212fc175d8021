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

/** Resolves with the ms taken to get `expected` replies after `start()` writes. */
function timeReplies(sock, expected, start) {
  return new Promise((resolve) => {
    let count = 0;
    let tail = '';
    const t0 = performance.now();
    const onData = (chunk) => {
      const s = tail + chunk.toString('latin1');
      count += countMarks(s);
      tail = s.slice(-(MARK.length - 1));
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
  const sock = await open(path);
  const bufs = requests.map((r) => Buffer.from(r));
  let total = 0;
  for (const b of bufs) total += await timeReplies(sock, 1, () => sock.write(b));
  sock.destroy();
  return total;
}
