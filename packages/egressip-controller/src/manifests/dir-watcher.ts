// Watches a manifests directory through every way files get replaced: editors and `sed -i`
// (write aside, rename over), `git checkout` (unlink, recreate, directories come and go), and
// Kubernetes ConfigMap volumes (a `..data` symlink swapped atomically). @parcel/watcher watches
// directories, not file inodes, so a replaced file keeps being seen (node's recursive fs.watch
// stopped reporting a file after its first `sed -i`). When the directory itself is replaced
// (moved away and another moved in), a watch on its parent notices and the watch moves to
// the new directory.
import { type FSWatcher, watch as watchParent } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { AsyncSubscription } from '@parcel/watcher';

export interface DirWatcherOptions {
  readonly dir: string;
  /** Paths under `dir` (and anything below them) whose changes are not reported. */
  readonly ignore?: readonly string[];
  /** Something under `dir` changed (or `dir` itself was replaced). */
  readonly onChange: () => void;
  readonly onError: (error: Error) => void;
}

export interface DirWatcher {
  close(): Promise<void>;
}

/** Starts watching; resolves once changes made from now on will be reported. */
export async function watchDirectory(opts: DirWatcherOptions): Promise<DirWatcher> {
  // Loaded on first use: a native module only the watching modes need.
  const parcel = await import('@parcel/watcher');
  const dir = resolve(opts.dir);
  const ignored = (opts.ignore ?? []).map((p) => resolve(p));
  const isIgnored = (p: string) =>
    ignored.some((i) => p === i || p.startsWith(`${i}/`) || p.startsWith(`${i}.`));
  let sub: AsyncSubscription | undefined;
  let closed = false;
  let moving: Promise<void> = Promise.resolve();

  const subscribe = async () => {
    try {
      if (!(await stat(dir)).isDirectory()) return;
    } catch {
      return; // gone for now; the parent watch brings us back when it reappears
    }
    sub = await parcel.subscribe(dir, (err, events) => {
      if (err) return opts.onError(err);
      if (events.some((e) => !isIgnored(e.path))) opts.onChange();
    });
  };
  /** The directory was replaced or removed: watch whatever is at its path now. */
  const resubscribe = () => {
    moving = moving.then(async () => {
      if (closed) return;
      const old = sub;
      sub = undefined;
      await old?.unsubscribe().catch(() => {});
      await subscribe().catch((err: unknown) => opts.onError(err as Error));
      opts.onChange();
    });
  };

  await subscribe();
  // Non-recursive, on the parent: only entries named like our directory matter.
  // 'rename' only: the parent also reports attribute changes of the directory (its link count
  // changes with every subdirectory made inside), which are not a replacement.
  const parent: FSWatcher = watchParent(dirname(dir), (event, name) => {
    if (event === 'rename' && (name === null || name.toString() === basename(dir))) resubscribe();
  });
  parent.on('error', (err) => opts.onError(err));
  return {
    async close() {
      closed = true;
      parent.close();
      await moving;
      // When the watched directory (or one inside it) was removed, the kernel has already dropped
      // its inotify watch and @parcel/watcher reports "Unable to remove watcher": nothing is left
      // to stop, so closing still succeeds.
      await sub?.unsubscribe().catch(() => {});
      sub = undefined;
    },
  };
}
