// Help text, rendered from the command specs (tests compare it; main only prints it).
import { type CommandSpec, GLOBAL_OPTIONS, type OptionSpec } from './command-spec.js';

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(
    ([name, o]) =>
      [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const,
  );
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([l, h]) => `  ${l.padEnd(w)}  ${h}`);
}

export function renderMainHelp(commands: readonly CommandSpec[], version: string): string {
  const w = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    `ovnkit ${version}: ovn-nbctl compatible inspection and EgressIP tools for OVN`,
    '',
    'Usage: ovnkit [OPTIONS] COMMAND [ARG...]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(w)}  ${c.summary}`),
    '',
    'Options (any command):',
    ...optionLines(GLOBAL_OPTIONS),
    '      --version          print the version',
    '',
    'Exit codes: 0 ok, 1 failed, 2 usage error, 3 cannot connect, 4 transaction rejected.',
    "Run 'ovnkit COMMAND --help' for a command's options and examples.",
    '',
    'Examples:',
    '  ovnkit show',
    '  OVN_NB_DB=tcp:127.0.0.1:6641 ovnkit lr-policy-list ovn_cluster_router',
    '  ovnkit egressip show 192.168.126.100 --manifests ./manifests',
    '',
  ].join('\n');
}

export function renderCommandHelp(spec: CommandSpec): string {
  const lines = [
    `Usage: ${spec.usage}`,
    '',
    spec.summary.charAt(0).toUpperCase() + spec.summary.slice(1) + '.',
  ];
  if (spec.description) lines.push('', spec.description);
  if (Object.keys(spec.options).length) lines.push('', 'Options:', ...optionLines(spec.options));
  lines.push(
    '',
    'Global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Examples:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  );
  return lines.join('\n');
}
