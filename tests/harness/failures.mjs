// How a failed browser test reads: its problems listed one a line, and the end of the browser's
// console appended to the message.
import assert from 'node:assert/strict';

/** Fails with `what` and the list of problems, unless the list is empty. */
export function failOn(problems, what) {
  if (problems.length) assert.fail(`${what}:\n- ${problems.join('\n- ')}`);
}

/**
 * Wraps a test function so that a failure's message ends with the last 30 console lines:
 * `lines()` gives them (e.g. the browser log kept by the test), `title` names them.
 */
export const withConsole = (lines, title = 'browser console') => (fn) => async (t) => {
  try {
    await fn(t);
  } catch (err) {
    const l = lines();
    if (l.length) err.message += `\n${title} (last 30):\n${l.slice(-30).join('\n')}`;
    throw err;
  }
};
