// Propagation waits like `ovn-nbctl --wait=sb` against a real ovn-northd: the generic helper is
// given the OVN names (NB_Global.nb_cfg -> sb_cfg / hv_cfg) by the caller.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openSession, SessionConfigError, SessionTimeoutError } from '@ovnkit/ovsdb';
import { findBinary, type NorthdLab, rawCall, startNorthd } from '@ovnkit/testkit';

const execFileP = promisify(execFile);
type NB = {
  NB_Global: {
    readonly _uuid: string;
    readonly nb_cfg: number;
    readonly sb_cfg: number;
    readonly hv_cfg: number;
  };
};

describe('waitForPropagation with ovn-northd', () => {
  let lab: NorthdLab;
  beforeAll(async () => {
    lab = await startNorthd();
    await rawCall(lab.nb.remote, 'transact', [
      'OVN_Northbound',
      { op: 'insert', table: 'NB_Global', row: {} },
    ]);
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('commits a change with nb_cfg+1 and resolves once sb_cfg (then hv_cfg) reach it; the SB has the change', async () => {
    const s = openSession<NB>({
      remote: lab.nb.remote,
      db: 'OVN_Northbound',
      tables: { NB_Global: { columns: ['nb_cfg', 'sb_cfg', 'hv_cfg'] } },
    });
    try {
      await s.ready;
      const before = [...s.replica.table('NB_Global').rows()][0]!.nb_cfg;
      const value = await s.waitForPropagation({
        table: 'NB_Global',
        counter: 'nb_cfg',
        until: ['sb_cfg'],
        operations: [{ op: 'insert', table: 'Logical_Switch', row: { name: 'sw-wait' } }],
        timeoutMs: 20000,
      });
      expect(value).toBe(before + 1);
      const row = [...s.replica.table('NB_Global').rows()][0]!;
      expect(row.sb_cfg).toBeGreaterThanOrEqual(value);
      // northd wrote the switch's datapath to the SB before it bumped sb_cfg.
      const { stdout } = await execFileP(findBinary('ovn-sbctl'), [
        `--db=${lab.sb.remote}`,
        '--columns=external_ids',
        'list',
        'Datapath_Binding',
      ]);
      expect(stdout).toMatch(/name=sw-wait/);

      const hv = await s.waitForPropagation({
        table: 'NB_Global',
        counter: 'nb_cfg',
        until: ['hv_cfg'],
        timeoutMs: 20000,
      });
      expect(hv).toBe(value + 1);
      expect([...s.replica.table('NB_Global').rows()][0]!.hv_cfg).toBeGreaterThanOrEqual(hv);

      await expect(
        s.waitForPropagation({ table: 'NB_Global', counter: 'nb_cfg', until: ['nope'] }),
      ).rejects.toThrow(SessionConfigError);
    } finally {
      await s.close();
    }
  });

  it('rejects with SessionTimeoutError (phase propagation) when northd is stopped', async () => {
    const s = openSession<NB>({
      remote: lab.nb.remote,
      db: 'OVN_Northbound',
      tables: { NB_Global: { columns: ['nb_cfg', 'sb_cfg'] } },
    });
    try {
      await s.ready;
      process.kill(lab.northdPid, 'SIGSTOP');
      let err: unknown;
      try {
        err = await s
          .waitForPropagation({ table: 'NB_Global', counter: 'nb_cfg', until: ['sb_cfg'], timeoutMs: 500 })
          .catch((e: unknown) => e);
      } finally {
        process.kill(lab.northdPid, 'SIGCONT');
      }
      expect(err).toBeInstanceOf(SessionTimeoutError);
      expect((err as SessionTimeoutError).phase).toBe('propagation');
      expect((err as Error).message).toMatch(/sb_cfg did not reach nb_cfg=\d+/);
    } finally {
      await s.close();
    }
  });
});
