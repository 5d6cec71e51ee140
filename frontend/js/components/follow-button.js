// @ts-check
// A Follow / Following toggle for a thread or a whole course's forum (API: PUT/DELETE …/follow).

import { request } from "../infrastructure/api.js";
import { announce, busy, h } from "./ui.js";

const enc = encodeURIComponent;

/**
 * A follow button. `kind`: "thread" (new replies) or "course" (new threads); `following`:
 * the known state, or undefined to ask the server (courses).
 * @param {{kind: "thread" | "course", id: string, following?: boolean}} options
 */
export function followButton({ kind, id, following }) {
  const path = `/api/forum/${kind === "course" ? "courses" : "threads"}/${enc(id)}/follow`;
  const what = kind === "course" ? "this course's forum" : "this thread";
  const button = h("button", { type: "button", class: "btn btn-sm", dataset: { testid: `follow-${kind}` } });
  let on = !!following;
  const paint = () => {
    button.textContent = on ? "Following" : "Follow";
    button.className = `btn btn-sm ${on ? "btn-primary" : "btn-outline-primary"}`;
    button.setAttribute("aria-pressed", String(on));
    button.title = on
      ? `You are notified of ${kind === "course" ? "new threads" : "new replies"}; click to stop`
      : `Get notified of ${kind === "course" ? "new threads in" : "new replies in"} ${what}`;
  };
  paint();
  if (following === undefined) {
    request("GET", path)
      .then((body) => {
        on = !!body?.following;
        paint();
      })
      .catch(() => {});
  }
  button.addEventListener("click", async () => {
    try {
      await busy(button, () => request(on ? "DELETE" : "PUT", path));
      on = !on;
      paint();
      announce(on ? `You now follow ${what}.` : `You no longer follow ${what}.`);
    } catch (error) {
      announce(error instanceof Error ? error.message : "That did not work; try again.");
    }
  });
  return button;
}
