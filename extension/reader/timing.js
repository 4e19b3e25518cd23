// The view's own timeline: when each step of opening it happened, as epoch milliseconds
// (performance.timeOrigin + now, one clock across the browser's processes). Kept in this frame
// for the click benchmark (bench/click/) to read; nothing is sent anywhere.
const now = () => performance.timeOrigin + performance.now();

/** frame: the reader page's navigation started; then one entry per mark(). */
export const timings = { frame: performance.timeOrigin };
Object.defineProperty(globalThis, "folioTimings", { value: timings });

export function mark(name) {
  timings[name] ??= now();
}

/** Marks `painted` once the frame after the current one is on screen. */
export function markPainted() {
  requestAnimationFrame(() => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      mark("painted");
      port1.close();
    };
    port2.postMessage(null);
  });
}
