// The view's own timeline: when each step of opening it happened, for the click benchmark
// (bench/click/) to read in this frame; nothing is sent anywhere.

// Epoch milliseconds (performance.timeOrigin + now): one clock across the browser's processes.
const now = () => performance.timeOrigin + performance.now();

/** frame: the reader page's navigation started; then one entry per mark(). */
export const timings = { frame: performance.timeOrigin };
Object.defineProperty(globalThis, "folioTimings", { value: timings });

export function mark(name) {
  timings[name] ??= now();
}

/** The marks of the click's earlier steps (background, content script), as they came. */
export function noteMarks(marks) {
  if (!marks || typeof marks !== "object") return;
  for (const [name, at] of Object.entries(marks)) {
    if (typeof at === "number" && Number.isFinite(at) && !(name in timings)) timings[name] = at;
  }
}

/** Runs `fn` once the next frame is on screen (a task after the frame's rendering). */
export function afterPaint(fn) {
  requestAnimationFrame(() => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      fn();
    };
    port2.postMessage(null);
  });
}

/** Marks `painted` once the view's state is on screen, and the frame's own loading steps. */
export function markPainted() {
  afterPaint(() => {
    mark("painted");
    const at = (ms) => (ms > 0 ? performance.timeOrigin + ms : undefined);
    const [nav] = performance.getEntriesByType("navigation");
    if (nav) {
      timings.htmlResponse ??= at(nav.responseStart);
      timings.htmlParsed ??= at(nav.domInteractive);
    }
  });
}
