// @ts-check
// A Follow / Following toggle for a thread or a whole course's forum (API: PUT/DELETE …/follow).

import { request } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { announce, busy, h } from "./ui.js";

const enc = encodeURIComponent;

/**
 * A follow button. `kind`: "thread" (new replies) or "course" (new threads); `following`:
 * the known state, or undefined to ask the server (courses).
 * @param {{kind: "thread" | "course", id: string, following?: boolean}} options
 */
export function followButton({ kind, id, following }) {
  const path = `/api/forum/${kind === "course" ? "courses" : "threads"}/${enc(id)}/follow`;
  const button = h("button", { type: "button", class: "btn btn-sm", dataset: { testid: `follow-${kind}` } });
  let on = !!following;
  const paint = () => {
    button.textContent = t(on ? "forum.following" : "forum.follow");
    button.className = `btn btn-sm ${on ? "btn-primary" : "btn-outline-primary"}`;
    button.setAttribute("aria-pressed", String(on));
    button.title = t(`forum.follow_${on ? "on" : "off"}_${kind}`);
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
      announce(t(`forum.${on ? "now_following" : "stopped"}_${kind}`));
    } catch (error) {
      announce(error instanceof Error ? error.message : t("forum.failed"));
    }
  });
  return button;
}
