// @ts-check
// "Leave site? Changes you made may not be saved." while something would be lost by leaving:
// an upload in flight, a form with unsaved edits. Browsers show their own wording.

const checks = new Set();
let bound = false;

function onBeforeUnload(event) {
  for (const check of checks) {
    if (check()) {
      event.preventDefault();
      event.returnValue = ""; // older Chromium needs returnValue set to ask
      return;
    }
  }
}

/** Ask before the page is left while `check()` is true; returns a function that stops asking. */
export function guardLeaving(check) {
  checks.add(check);
  if (!bound) {
    window.addEventListener("beforeunload", onBeforeUnload);
    bound = true;
  }
  return () => checks.delete(check);
}

/** Whether leaving now would lose something (what the browser's prompt is about). */
export const leavingLosesWork = () => [...checks].some((check) => check());
