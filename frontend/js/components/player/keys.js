// @ts-check
// Keyboard shortcuts as on YouTube, and the help overlay (`?`) that lists them.
import { h } from "../ui.js";

/** [keys shown, what they do, handler name (an `actions` method), its argument].
 * @type {any[][]} */
const SHORTCUTS = [
  [["Space", "K"], "Play or pause", "togglePlay"],
  [["J"], "Back 10 seconds", "skip", -10],
  [["L"], "Forward 10 seconds", "skip", 10],
  [["←"], "Back 5 seconds", "skip", -5],
  [["→"], "Forward 5 seconds", "skip", 5],
  [["↑"], "Volume up", "nudgeVolume", 0.05],
  [["↓"], "Volume down", "nudgeVolume", -0.05],
  [["M"], "Mute or unmute", "toggleMute"],
  [["F"], "Full screen", "toggleFullscreen"],
  [["C"], "Captions on or off", "toggleCaptions"],
  [["T"], "Theatre mode", "toggleTheatre"],
  [["<"], "Slower", "stepSpeed", -1],
  [[">"], "Faster", "stepSpeed", 1],
  [["0", "…", "9"], "Jump to 0 %, 10 % … 90 %", "jumpTo"],
  [["?"], "Show these shortcuts", "showHelp"],
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
      h("td", { text: what }),
    ),
  );
  const close = h("button", { type: "button", class: "btn-close btn-close-white", "aria-label": "Close" });
  const dialog = h(
    "dialog",
    { class: "player-help", "aria-labelledby": "player-help-title" },
    h(
      "div",
      { class: "d-flex justify-content-between align-items-center mb-2" },
      h("h2", { id: "player-help-title", class: "h5 mb-0", text: "Keyboard shortcuts" }),
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
