// What `show` reads, in a module of its own: the executable sends this request before the rest
// of the CLI has loaded (early/early-read.ts).

/** Tables and columns `show` reads (what nbctl_pre_show monitors). */
export const SHOW_COLUMNS = {
  Logical_Switch: ['name', 'external_ids', 'ports'],
  Logical_Switch_Port: ['name', 'external_ids', 'type', 'parent_name', 'tag', 'addresses', 'options'],
  Logical_Router: ['name', 'external_ids', 'ports', 'nat'],
  Logical_Router_Port: ['name', 'mac', 'networks', 'options', 'gateway_chassis'],
  Gateway_Chassis: ['chassis_name'],
  NAT: ['external_ip', 'external_port_range', 'logical_ip', 'type'],
} as const;
