// Entry of `npm run demo` (after scripts/setup.sh has built everything).
import { fileURLToPath } from 'node:url';
import { createNarrator, formatMs } from './demo/narrator.js';
import { runDemo } from './demo/run-demo.js';
import { withEventLoopHeld } from './keep-alive.js';

const DEFAULT_MANIFESTS = fileURLToPath(new URL('../../../examples/simpsons', import.meta.url));

function manifestsArg(argv: readonly string[]): string {
  const i = argv.indexOf('--manifests');
  return i >= 0 && argv[i + 1] ? (argv[i + 1] as string) : DEFAULT_MANIFESTS;
}

const narrator = createNarrator();
try {
  const result = await withEventLoopHeld(() =>
    runDemo({ manifestsDir: manifestsArg(process.argv.slice(2)), narrator }),
  );
  narrator.say(
    `\nDemo complete in ${formatMs(narrator.elapsedMs())}; failover seen by the external host after ${formatMs(result.failoverMs)}.`,
  );
  for (const f of result.fallbacks) narrator.say(`note: one step used ${f}`);
} catch (err) {
  narrator.say(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
