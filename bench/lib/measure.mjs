// Small measuring helpers the benchmarks share.
import { readFileSync, writeFileSync } from 'node:fs';

/** CPU milliseconds a process has used so far: utime + stime from /proc (clock ticks of 10 ms). */
export function procCpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** The middle value (the upper one of the two middles for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs fn and returns its value with the wall time, the CPU our process spent and the CPU the
 * server process (serverPid) spent meanwhile, all in ms: on a shared machine the wall time
 * depends on the other load, the CPU times much less.
 */
export async function timedWithServer(serverPid, fn) {
  return timedWithServers([serverPid], fn);
}

/** timedWithServer for several server processes: serverCpu is their sum. */
export async function timedWithServers(serverPids, fn) {
  const serversCpu = () => serverPids.reduce((a, pid) => a + procCpuMs(pid), 0);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s0 = serversCpu();
  const value = await fn();
  const c = process.cpuUsage(c0);
  return {
    value,
    ms: performance.now() - t0,
    cpu: (c.user + c.system) / 1000,
    serverCpu: serversCpu() - s0,
  };
}

/** This process's peak resident set so far (MB), reported beside heap figures. */
export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

/**
 * A CPU profile of this process from now until the returned stop() (which writes it to `file`);
 * without a file, stop() does nothing. Used to profile one phase of a bench (FAILOVER_PROF=).
 */
export async function profileUntilStop(file) {
  if (!file) return async () => {};
  const session = new (await import('node:inspector/promises')).Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}
