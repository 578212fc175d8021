// Every ovnkit command, in help order.

import { controllerCommand } from '../commands/controller-command.js';
import { egressIpListCommand, egressIpShowCommand } from '../commands/egressip-commands.js';
import {
  findCommand,
  listCommand,
  natListCommand,
  policyListCommand,
  showCommand,
} from '../commands/nb-commands.js';
import { completionCommand } from '../commands/other-commands.js';
import { planCommand } from '../commands/plan-command.js';
import { topologyInitCommand } from '../commands/topology-command.js';
import type { CommandSpec } from './command-spec.js';

export const COMMANDS: readonly CommandSpec[] = [
  showCommand,
  natListCommand,
  policyListCommand,
  listCommand,
  findCommand,
  egressIpShowCommand,
  egressIpListCommand,
  controllerCommand,
  planCommand,
  topologyInitCommand,
  completionCommand,
];
