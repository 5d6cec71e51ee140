// @ts-check
// Chapters (`video.chapters`: [{start_s, title}], sorted): marks on the seek bar, the name of
// the current part in the bar, and a list that seeks on click.
import { h, replace } from "../ui.js";
import { clock } from "./controls.js";

/** The chapter playing at `time` (the last one started), or null. */
export function chapterAt(chapters, time) {
  let found = null;
  for (const chapter of chapters) {
    if (chapter.start_s <= time + 0.01) found = chapter;
    else break;
  }
  return found;
}

/** Draw a mark on `marks` (the seek bar's layer) where each chapter but the first starts. */
export function drawMarks(marks, chapters, duration) {
  replace(
    marks,
    duration > 0
      ? chapters
          .filter((chapter) => chapter.start_s > 0 && chapter.start_s < duration)
          .map((chapter) => {
            const mark = h("span", { class: "player-mark", title: chapter.title });
            mark.style.left = `${(chapter.start_s / duration) * 100}%`;
            return mark;
          })
      : [],
  );
}

/** The side panel's list: one button per chapter; `seek(start_s)` on click. */
export function chapterList(chapters, seek) {
  const items = chapters.map((chapter) => {
    const go = h(
      "button",
      { type: "button", class: "list-group-item list-group-item-action d-flex gap-2", "data-start": String(chapter.start_s) },
      h("span", { class: "text-body-secondary font-monospace", text: clock(chapter.start_s) }),
      h("span", { class: "text-break-anywhere", text: chapter.title }),
    );
    go.addEventListener("click", () => seek(chapter.start_s));
    return go;
  });
  const list = h("div", { class: "list-group list-group-flush player-chapters", "data-testid": "chapter-list" }, items);
  return {
    list,
    /** Mark the chapter playing now. */
    highlight(current) {
      items.forEach((item, index) => {
        const on = chapters[index] === current;
        item.classList.toggle("active", on);
        if (on) item.setAttribute("aria-current", "true");
        else item.removeAttribute("aria-current");
      });
    },
  };
}
