// A string-keyed map decoded by adding keys one by one to `{}` keeps four of them inside the
// object and the rest in a separate property array (an external_ids of five to seven keys costs
// 16-32 bytes more than needed). When a column's maps keep coming with the same keys in the same
// order (our rows' external_ids), one generated object literal per key list builds them with every
// key inside the object. Keys are JSON string literals in the generated code; "__proto__", which a
// literal would take as the prototype, never gets a builder.

/** Builds the record of `pairs` (whose keys are exactly the builder's, in order) with `value` applied to each value. */
export type RecordBuilder = (
  pairs: readonly (readonly unknown[])[],
  value: (v: unknown) => unknown,
) => object;

/** Maps of this many keys or fewer already fit inside the object. */
const IN_OBJECT = 4;
const MAX_KEYS = 32;
/** Builders compiled per column at most: a column whose key lists vary keeps the plain loop. */
const MAX_BUILDERS = 8;

/** Per column: the builder of the key list seen last, once it was seen twice in a row. */
export class RecordLayouts {
  private keys: readonly unknown[] | undefined;
  private build: RecordBuilder | undefined;
  private compiled = 0;

  /** The builder for `pairs`' keys, if this column has one for exactly these keys. */
  builderFor(pairs: readonly (readonly unknown[])[]): RecordBuilder | undefined {
    const keys = this.keys;
    if (this.build === undefined || keys === undefined || keys.length !== pairs.length) return undefined;
    for (let i = 0; i < keys.length; i++)
      if ((pairs[i] as readonly unknown[])[0] !== keys[i]) return undefined;
    return this.build;
  }

  /** Notes the keys of a map the plain loop built (valid: strings, no repeats). */
  saw(pairs: readonly (readonly unknown[])[]): void {
    if (pairs.length <= IN_OBJECT || pairs.length > MAX_KEYS || this.compiled >= MAX_BUILDERS) return;
    const keys = this.keys;
    const same =
      keys !== undefined &&
      keys.length === pairs.length &&
      keys.every((k, i) => (pairs[i] as readonly unknown[])[0] === k);
    if (!same) {
      this.keys = pairs.map((p) => p[0]);
      this.build = undefined;
      return;
    }
    if (this.build !== undefined || keys.includes('__proto__')) return;
    this.compiled++;
    const props = keys.map((k, i) => `${JSON.stringify(k)}: value(pairs[${i}][1])`);
    this.build = new Function('pairs', 'value', `return { ${props.join(', ')} };`) as RecordBuilder;
  }
}
