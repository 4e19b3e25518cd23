// The reader view's scripts, bundled (build.sh): one script to fetch and compile instead of a
// chain of imports, so the view runs sooner after the click (BENCHMARKS.md).

// DIST/<browser>/reader/reader.js and every module it imports (the core's glue too) become one
// file, the site panel it loads later another; the module files the bundles took in leave the
// reader folder.
// Usage: DIST (the folder with chrome/ and firefox/). Not minified: what ships stays readable.
import { build } from "esbuild";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const dist = process.argv[2];
if (!dist) throw new Error("usage: node tools/bundle-reader.mjs DIST");

// The view's script, and the site panel it imports when the page is shown (it needs the Public
// Suffix List, which the view does not load to open): two bundles, no chunk shared between them.
const BUNDLES = [
  { entry: "reader.js", external: ["./site-panel.js"] },
  { entry: "site-panel.js", external: [] },
];

for (const browser of ["chrome", "firefox"]) {
  const readerDir = path.resolve(dist, browser, "reader");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "folio-reader-"));
  try {
    const taken = new Set();
    const sizes = [];
    for (const { entry, external } of BUNDLES) {
      const result = await build({
        entryPoints: [path.join(readerDir, entry)],
        bundle: true,
        format: "esm",
        external,
        outfile: path.join(out, entry),
        target: ["chrome130", "firefox140"],
        metafile: true,
        logLevel: "warning",
      });
      for (const input of Object.keys(result.metafile.inputs)) taken.add(path.resolve(input));
      sizes.push(`${entry} ${fs.statSync(path.join(out, entry)).size} B`);
    }
    // The reader's own modules are inside the bundles now; the shared ones (lib/, core/,
    // vendor/) stay for the background and the options page.
    for (const file of taken) if (path.dirname(file) === readerDir && file.endsWith(".js")) fs.rmSync(file);
    for (const name of fs.readdirSync(out)) fs.copyFileSync(path.join(out, name), path.join(readerDir, name));
    console.log(`${browser}/reader: ${sizes.join(", ")}`);
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}
