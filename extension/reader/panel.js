// The "Aa" panel: typography settings applied to the view (data-* attributes on <html> and a
// CSS variable) and saved at once. Esc closes the panel before the view (see reader.js).
import { t } from "./i18n.js";
import { DEFAULTS, SIZES, clean, load, onChange, save } from "./settings.js";

const $ = (id) => document.getElementById(id);
let current = { ...DEFAULTS };

function apply(settings) {
  current = clean(settings);
  const root = document.documentElement;
  root.dataset.theme = current.theme;
  root.dataset.font = current.font;
  root.dataset.width = current.width;
  root.dataset.spacing = current.spacing;
  root.style.setProperty("--folio-size", `${current.size}px`);
  const form = $("folio-settings");
  for (const name of ["theme", "font", "width", "spacing"]) {
    for (const input of form.elements[name]) input.checked = input.value === current[name];
  }
  $("folio-size").textContent = t("reader_fontSizeValue", current.size);
  const i = SIZES.indexOf(current.size);
  $("folio-size-down").disabled = i <= 0;
  $("folio-size-up").disabled = i >= SIZES.length - 1;
}

function change(patch) {
  apply({ ...current, ...patch });
  save(current);
}

export function isPanelOpen() {
  return !$("folio-settings").hidden;
}

export function togglePanel(open = !isPanelOpen()) {
  const button = $("folio-settings-toggle");
  $("folio-settings").hidden = !open;
  button.setAttribute("aria-expanded", String(open));
  if (open) $("folio-settings").querySelector("input:checked, input")?.focus();
  else if ($("folio-settings").contains(document.activeElement)) button.focus();
}

/** Wires the panel; resolves once the saved settings are applied. */
export async function setupPanel() {
  apply(current);
  $("folio-settings-toggle").addEventListener("click", () => togglePanel());
  $("folio-settings").addEventListener("change", (e) => {
    const { name, value } = e.target;
    if (name in DEFAULTS && name !== "size") change({ [name]: value });
  });
  $("folio-settings").addEventListener("submit", (e) => e.preventDefault());
  const step = (d) => {
    const i = SIZES.indexOf(current.size) + d;
    if (i >= 0 && i < SIZES.length) change({ size: SIZES[i] });
  };
  $("folio-size-down").addEventListener("click", () => step(-1));
  $("folio-size-up").addEventListener("click", () => step(1));
  onChange(apply);
  apply(await load());
}
