// Entry of `npm run demo` (after scripts/setup.sh has built everything).
import { fileURLToPath } from 'node:url';
import { createNarrator, formatMs } from './demo/narrator.js';
import { runDemo } from './demo/run-demo.js';
import { withEventLoopHeld } from './keep-alive.js';

const examples = (name: string) => fileURLToPath(new URL(`../../../examples/${name}`, import.meta.url));

const argv = process.argv.slice(2);
// Today's topology (one NB per node) by default; --single-zone tells the 2021 story (one NB).
const topology = argv.includes('--single-zone') ? 'single-zone' : 'interconnect';

function manifestsArg(): string {
  const i = argv.indexOf('--manifests');
  if (i >= 0 && argv[i + 1]) return argv[i + 1] as string;
  return examples(topology === 'interconnect' ? 'simpsons-interconnect' : 'simpsons');
}

const narrator = createNarrator();
try {
  const result = await withEventLoopHeld(() => runDemo({ manifestsDir: manifestsArg(), narrator, topology }));
  narrator.say(
    `\nDemo complete in ${formatMs(narrator.elapsedMs())}; failover: the first packet with the egress IP left through the new node ${formatMs(result.failoverOutMs)} after the NotReady change, answered and logged by the external host after ${formatMs(result.failoverMs)}.`,
  );
  for (const f of result.fallbacks) narrator.say(`note: one step used ${f}`);
} catch (err) {
  narrator.say(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
}
