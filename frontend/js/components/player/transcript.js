// @ts-check
// The transcript panel: the completed caption's cues beside the video, the one playing
// highlighted, a click seeks there, and a search box that narrows the list to matching cues.

import { t } from "../../infrastructure/i18n.js";
import { h, replace } from "../ui.js";
import { clock } from "./controls.js";

/** `text` with every occurrence of `words` wrapped in <mark> (built as nodes, never HTML). */
export function marked(text, words) {
  if (!words.length) return [text];
  const escaped = words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`(${escaped.join("|")})`, "gi");
  return text.split(pattern).map((part, index) => (index % 2 ? h("mark", { text: part }) : part));
}

/** Lower-case words of a search box. */
export const wordsOf = (query) => query.toLowerCase().split(/\s+/).filter(Boolean);

/** The cue playing at `time`: the last one started (binary search, cues sorted by start). */
function cueAt(cues, time) {
  let low = 0;
  let high = cues.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (cues[middle].start_s <= time) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found >= 0 && time < cues[found].end_s + 0.5 ? found : -1;
}

/** Fill `container` with the transcript of `cues` ([{start_s, end_s, text}]); `seek(s)`. */
export function transcriptPanel(container, cues, seek) {
  const search = h("input", {
    type: "search",
    class: "form-control form-control-sm",
    id: "transcript-search",
    placeholder: t("player.search_transcript"),
    autocomplete: "off",
  });
  const count = h("div", { class: "small text-body-secondary", role: "status", id: "transcript-count" });
  const rows = cues.map((cue) => {
    const text = h("span", { class: "text-break-anywhere" }, cue.text);
    const row = h(
      "button",
      { type: "button", class: "list-group-item list-group-item-action d-flex gap-2 transcript-cue", "data-start": String(cue.start_s) },
      h("span", { class: "text-body-secondary font-monospace", text: clock(cue.start_s) }),
      text,
    );
    row.addEventListener("click", () => seek(cue.start_s));
    return { row, text, cue };
  });
  const list = h(
    "div",
    { class: "list-group list-group-flush transcript-list border rounded", "data-testid": "transcript-list" },
    rows.map((entry) => entry.row),
  );
  replace(
    container,
    h("div", { class: "mb-2" }, h("label", { for: "transcript-search", class: "visually-hidden", text: t("player.search_transcript") }), search),
    count,
    list,
  );
  search.addEventListener("input", () => {
    const words = wordsOf(search.value);
    let shown = 0;
    for (const entry of rows) {
      const lower = entry.cue.text.toLowerCase();
      const match = words.every((word) => lower.includes(word));
      entry.row.hidden = !match;
      replace(entry.text, marked(entry.cue.text, words));
      if (match) shown += 1;
    }
    count.textContent = words.length ? `${shown} of ${rows.length} lines match.` : "";
  });

  let current = -1;
  return {
    /** Highlight the cue playing at `time` and keep it in view inside the list. */
    follow(time) {
      const index = cueAt(cues, time);
      if (index === current) return;
      if (current >= 0) {
        rows[current].row.classList.remove("active");
        rows[current].row.removeAttribute("aria-current");
      }
      current = index;
      if (index < 0) return;
      const { row } = rows[index];
      row.classList.add("active");
      row.setAttribute("aria-current", "true");
      if (!row.hidden && !list.matches(":hover")) list.scrollTop = row.offsetTop - list.clientHeight / 3;
    },
  };
}
