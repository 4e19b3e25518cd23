// The per-browser manifests (build.sh): trims the one source manifest into DIST/chrome and
// DIST/firefox. Usage: SOURCE_MANIFEST DIST.
import fs from "node:fs";
const [srcFile, dist] = process.argv.slice(2);
const src = JSON.parse(fs.readFileSync(srcFile, "utf8"));
const write = (b, m) => fs.writeFileSync(`${dist}/${b}/manifest.json`, JSON.stringify(m, null, 2) + "\n");

// Chrome gets no background.scripts nor browser_specific_settings. Its floor, 130, is where
// web_accessible_resources' use_dynamic_url takes effect (the reader frame's unguessable URL).
const chrome = structuredClone(src);
delete chrome.background.scripts;
delete chrome.browser_specific_settings;
write("chrome", chrome);

// Firefox runs background.scripts as an event page and ignores use_dynamic_url; its name for
// the contextMenus permission is "menus" (the same API, with onShown and refresh).
const firefox = structuredClone(src);
delete firefox.background.service_worker; // else only a BACKGROUND_SERVICE_WORKER_IGNORED warning
firefox.permissions = firefox.permissions.map((p) => (p === "contextMenus" ? "menus" : p));
delete firefox.minimum_chrome_version; // Firefox's floor is browser_specific_settings.gecko.strict_min_version
write("firefox", firefox);
