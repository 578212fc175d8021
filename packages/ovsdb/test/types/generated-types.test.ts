// The named types codegen writes out must equal what the `as const` descriptor infers, for every
// table of every generated schema, so the two can never drift. Checked by the compiler
// (`npx tsc -p tsconfig.test.json`); the Jest part checks the descriptors are real values.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { generateModule, parseSchema, type RowOf } from '@ovnkit/ovsdb';
import {
  type LogicalSwitch,
  OVN_Northbound,
  type OVN_NorthboundInserts,
  type OVN_NorthboundRows,
  OVN_NorthboundTables,
  type OVN_NorthboundUpdates,
} from '@ovnkit/ovsdb/schemas/ovn-nb';
import {
  OVN_Southbound,
  type OVN_SouthboundInserts,
  type OVN_SouthboundRows,
  type OVN_SouthboundUpdates,
} from '@ovnkit/ovsdb/schemas/ovn-sb';
import {
  _Server,
  type _ServerInserts,
  type _ServerRows,
  type _ServerUpdates,
} from '@ovnkit/ovsdb/schemas/server';
import {
  Open_vSwitch,
  type Open_vSwitchInserts,
  type Open_vSwitchRows,
  type Open_vSwitchUpdates,
} from '@ovnkit/ovsdb/schemas/vswitch';
import { Sink, type SinkInserts, type SinkRows, type SinkUpdates } from './sink-schema.js';
import { assertType, type Equals, type GeneratedTypesMatch } from './type-equality.js';

assertType<
  GeneratedTypesMatch<OVN_Northbound, OVN_NorthboundRows, OVN_NorthboundInserts, OVN_NorthboundUpdates>
>();
assertType<
  GeneratedTypesMatch<OVN_Southbound, OVN_SouthboundRows, OVN_SouthboundInserts, OVN_SouthboundUpdates>
>();
assertType<GeneratedTypesMatch<Open_vSwitch, Open_vSwitchRows, Open_vSwitchInserts, Open_vSwitchUpdates>>();
assertType<GeneratedTypesMatch<_Server, _ServerRows, _ServerInserts, _ServerUpdates>>();
assertType<GeneratedTypesMatch<typeof Sink, SinkRows, SinkInserts, SinkUpdates>>();

// The check can fail: a row type of another table is not equal.
// @ts-expect-error LogicalSwitch is not a Logical_Router row
assertType<Equals<LogicalSwitch, RowOf<OVN_Northbound, 'Logical_Router'>>>();
// @ts-expect-error the Sink maps are not the Northbound ones
assertType<GeneratedTypesMatch<OVN_Northbound, SinkRows, SinkInserts, SinkUpdates>>();

describe('generated descriptors', () => {
  it('are valid schemas that parse to themselves', () => {
    for (const d of [OVN_Northbound, OVN_Southbound, Open_vSwitch, _Server, Sink])
      expect(parseSchema(d)).toEqual(d);
  });
  it('list their table names', () => {
    expect(OVN_NorthboundTables.Logical_Router_Policy).toBe('Logical_Router_Policy');
    expect(Object.keys(OVN_NorthboundTables)).toEqual(Object.keys(OVN_Northbound.tables));
  });
});

describe('sink-schema.ts (the test schema module)', () => {
  it('is what ovsdb-codegen makes from sink.ovsschema', () => {
    const here = (f: string) => join(import.meta.dirname, f);
    expect(generateModule(JSON.parse(readFileSync(here('sink.ovsschema'), 'utf8')))).toBe(
      readFileSync(here('sink-schema.ts'), 'utf8'),
    );
  });
});
