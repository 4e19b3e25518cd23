// The web-ext lint verdict (build.sh test): prints every message of web-ext's JSON report and
// fails on any error or warning not allowed below. Usage: REPORT_JSON.
import fs from "node:fs";
const text = fs.readFileSync(process.argv[2], "utf8");
let r;
try { r = JSON.parse(text.slice(text.indexOf("{"))); } catch (e) {
  console.error(text); console.error("web-ext lint: unreadable output"); process.exit(1);
}
const ALLOWED = new Set(["BACKGROUND_SERVICE_WORKER_IGNORED"]);
const show = (kind, m) => console.log(`    ${kind} ${m.code}: ${m.message}${m.file ? ` (${m.file})` : ""}`);
const bad = [...r.errors.map((m) => ["error", m]), ...r.warnings.filter((m) => !ALLOWED.has(m.code)).map((m) => ["warning", m])];
for (const [k, m] of [...r.errors.map((m) => ["error", m]), ...r.warnings.map((m) => ["warning", m]), ...r.notices.map((m) => ["notice", m])]) show(k, m);
console.log(`    ${r.count} messages: ${r.summary.errors} errors, ${r.summary.warnings} warnings, ${r.summary.notices} notices`);
if (bad.length) { console.error(`web-ext lint: ${bad.length} unexpected error(s)/warning(s)`); process.exit(1); }
