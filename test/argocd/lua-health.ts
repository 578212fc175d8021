// Runs an Argo CD health script with Debian's lua5.1 (Argo CD runs them with gopher-lua, a Lua
// 5.1), the object given as the global `obj` as Argo CD does. The script gets only the base,
// string and table functions: a script that needs more fails here before it fails in Argo CD.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileP = promisify(execFile);

const luaChar = (b: number) =>
  b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b}`;

/** A JSON-like value as a Lua table constructor (objects keyed by string, arrays 1-based). */
export function toLua(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  // Decimal escapes for everything but printable ASCII: valid in every Lua 5.1.
  if (typeof value === 'string') return `"${[...Buffer.from(value, 'utf8')].map(luaChar).join('')}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(toLua).join(', ')}}`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `[${toLua(k)}] = ${toLua(v)}`)
      .join(', ')}}`;
  throw new TypeError(`cannot express ${typeof value} in Lua`);
}

const harness = (scriptFile: string, obj: unknown) => `
local script = assert(loadfile(${toLua(scriptFile)}))
local env = { obj = ${toLua(obj)}, string = string, table = table }
for _, name in ipairs({ "assert", "error", "ipairs", "next", "pairs", "pcall", "select",
    "tonumber", "tostring", "type", "unpack" }) do
  env[name] = _G[name]
end
setfenv(script, env)
local hs = script()
io.write(tostring(hs.status), "\\n", tostring(hs.message))
`;

export interface HealthVerdict {
  readonly status: string;
  readonly message: string;
}

export async function luaHealth(scriptFile: string, obj: unknown): Promise<HealthVerdict> {
  const { stdout } = await execFileP('lua5.1', ['-e', harness(scriptFile, obj)]).catch(
    (err: { stderr?: string }) => {
      throw new Error(`lua5.1 failed on ${scriptFile}: ${err.stderr ?? String(err)}`);
    },
  );
  const [status = '', ...rest] = stdout.split('\n');
  return { status, message: rest.join('\n') };
}
