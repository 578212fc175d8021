// JSON values as this package sees them: integer literals outside ±(2^53-1) decode to bigint.

export type JsonPrimitive = null | boolean | number | bigint | string;
export type JsonArray = readonly JsonValue[];
export interface JsonObject {
  readonly [member: string]: JsonValue;
}
export type JsonValue = JsonPrimitive | JsonArray | JsonObject;
