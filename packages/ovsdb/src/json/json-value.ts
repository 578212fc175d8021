// JSON values as this package sees them: integer literals outside ±(2^53-1) decode to bigint.

/** A JSON scalar (integers beyond 2^53 as bigint). */
export type JsonPrimitive = null | boolean | number | bigint | string;
/** A JSON array. */
export type JsonArray = readonly JsonValue[];
/** A JSON object. */
export interface JsonObject {
  readonly [member: string]: JsonValue;
}
/** Any JSON value. */
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
