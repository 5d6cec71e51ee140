// @ts-check
// Notices over the video: "Resumed at 0:33 · Start over", and the next video's countdown.

import { t, tNodes } from "../../infrastructure/i18n.js";
import { h } from "../ui.js";
import { clock } from "./controls.js";

const RESUME_NOTICE_MS = 8000;
export const COUNTDOWN_S = 8;

/** Show "Resumed at <time> · Start over" in `box`; the button plays from the start. */
export function resumeNotice(box, at, startOver) {
  const again = h("button", { type: "button", class: "btn btn-sm btn-light", text: t("player.start_over") });
  const notice = h(
    "div",
    { class: "player-notice", role: "status", "data-testid": "resume-notice" },
    h("span", { text: t("player.resumed_at", { time: clock(at) }) }),
    again,
  );
  again.addEventListener("click", () => {
    notice.remove();
    startOver();
  });
  box.append(notice);
  window.setTimeout(() => notice.remove(), RESUME_NOTICE_MS);
  return notice;
}

/** "Up next: <title>" with a countdown: `go()` when it reaches 0 or on "Play now"; Cancel stops. */
export function nextCountdown(box, next, go) {
  let left = COUNTDOWN_S;
  const seconds = h("span", { text: String(left) });
  const now = h("button", { type: "button", class: "btn btn-sm btn-primary", text: t("player.play_now") });
  const cancel = h("button", { type: "button", class: "btn btn-sm btn-outline-light", text: t("player.cancel") });
  const overlay = h(
    "div",
    { class: "player-next", role: "group", "aria-label": t("player.up_next"), "data-testid": "next-countdown" },
    h("div", { class: "small text-uppercase", text: t("player.up_next") }),
    h("div", { class: "fw-semibold text-break-anywhere", text: next.title }),
    h("div", { class: "small" }, ...tNodes("player.playing_in", { seconds })),
    h("div", { class: "d-flex gap-2 mt-2" }, now, cancel),
  );
  const timer = window.setInterval(() => {
    left -= 1;
    seconds.textContent = String(left);
    if (left <= 0) {
      window.clearInterval(timer);
      go();
    }
  }, 1000);
  const stop = () => {
    window.clearInterval(timer);
    overlay.remove();
  };
  now.addEventListener("click", () => {
    stop();
    go();
  });
  cancel.addEventListener("click", stop);
  box.append(overlay);
  now.focus({ preventScroll: true });
  return { overlay, stop };
}
