// @ts-check
// Keyboard shortcuts as on YouTube, and the help overlay (`?`) that lists them.

import { t } from "../../infrastructure/i18n.js";
import { h } from "../ui.js";

/** [keys shown, what they do, handler name (an `actions` method), its argument].
 * @type {any[][]} */
const SHORTCUTS = [
  [["Space", "K"], "player.keys.play_pause", "togglePlay"],
  [["J"], "player.keys.back_10", "skip", -10],
  [["L"], "player.keys.forward_10", "skip", 10],
  [["←"], "player.keys.back_5", "skip", -5],
  [["→"], "player.keys.forward_5", "skip", 5],
  [["↑"], "player.keys.volume_up", "nudgeVolume", 0.05],
  [["↓"], "player.keys.volume_down", "nudgeVolume", -0.05],
  [["M"], "player.keys.mute", "toggleMute"],
  [["F"], "player.keys.fullscreen", "toggleFullscreen"],
  [["C"], "player.keys.captions", "toggleCaptions"],
  [["T"], "player.keys.theatre", "toggleTheatre"],
  [["<"], "player.keys.slower", "stepSpeed", -1],
  [[">"], "player.keys.faster", "stepSpeed", 1],
  [["0", "…", "9"], "player.keys.jump", "jumpTo"],
  [["?"], "player.keys.help", "showHelp"],
];

const KEYS = {
  " ": 0,
  k: 0,
  j: 1,
  l: 2,
  ArrowLeft: 3,
  ArrowRight: 4,
  ArrowUp: 5,
  ArrowDown: 6,
  m: 7,
  f: 8,
  c: 9,
  t: 10,
  "<": 11,
  ">": 12,
  "?": 14,
};

/** Route key presses on the page to `actions` (never while typing or in a dialog). */
export function bindKeys(box, actions) {
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = /** @type {HTMLElement} */ (event.target);
    const inPlayer = box.contains(target);
    // a range of the player (seek, volume) takes the player's keys; other fields keep theirs
    const field = target.closest?.("input, textarea, select, [contenteditable], .modal, dialog");
    if (field && !(inPlayer && target.matches("input[type=range]"))) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === " " && target.closest?.("button, a, summary")) return; // space presses the button
    if (/^[0-9]$/.test(key)) {
      event.preventDefault();
      actions.jumpTo(Number(key) / 10);
      return;
    }
    const index = KEYS[key];
    if (index === undefined) return;
    event.preventDefault();
    const [, , name, argument] = SHORTCUTS[index];
    actions[name](argument);
  });
}

/** The help overlay: a modal <dialog> inside the player (it shows in full screen too). */
export function buildHelp(box) {
  const rows = SHORTCUTS.map(([keys, what]) =>
    h(
      "tr",
      {},
      h(
        "td",
        {},
        keys.map((key) => (key === "…" ? " … " : h("kbd", { text: key }))),
      ),
      h("td", { text: t(what) }),
    ),
  );
  const close = h("button", { type: "button", class: "btn-close btn-close-white", "aria-label": t("player.close") });
  const dialog = h(
    "dialog",
    { class: "player-help", "aria-labelledby": "player-help-title" },
    h(
      "div",
      { class: "d-flex justify-content-between align-items-center mb-2" },
      h("h2", { id: "player-help-title", class: "h5 mb-0", text: t("player.shortcuts") }),
      close,
    ),
    h("table", { class: "table table-sm table-dark mb-0" }, h("tbody", {}, rows)),
  );
  close.addEventListener("click", () => dialog.close());
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  box.append(dialog);
  return {
    dialog,
    show() {
      if (!dialog.open) dialog.showModal();
    },
  };
}
