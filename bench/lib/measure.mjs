// Small measuring helpers the benchmarks share.
import { readFileSync } from 'node:fs';

/** CPU milliseconds a process has used so far: utime + stime from /proc (clock ticks of 10 ms). */
export function procCpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** The middle value (the upper one of the two middles for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
