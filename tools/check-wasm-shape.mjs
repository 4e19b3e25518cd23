// The wasm core's shape check (build.sh, after wasm-opt): both modules must compile and the
// optimised one must keep the wasm-bindgen glue's imports and exports. Usage: BEFORE AFTER.
import { readFileSync } from "node:fs";
const [before, after] = await Promise.all(
  process.argv.slice(2).map((f) => WebAssembly.compile(readFileSync(f))));
const shape = (m) => JSON.stringify([
  WebAssembly.Module.imports(m).map((i) => `${i.module}.${i.name}:${i.kind}`).sort(),
  WebAssembly.Module.exports(m).map((e) => `${e.name}:${e.kind}`).sort(),
]);
if (shape(before) !== shape(after)) {
  console.error("wasm-opt changed the module's imports or exports");
  process.exit(1);
}
