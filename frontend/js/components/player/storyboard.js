// @ts-check
// Seek previews: the storyboard's WebVTT thumbnails track (cues whose text is
// `sprite.jpg#xywh=x,y,w,h`) read once, and the frame under the pointer shown above the
// seek bar while hovering or dragging, with its time and chapter.
import { h } from "../ui.js";
import { clock } from "./controls.js";

const STAMP = /(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)/;

function seconds(text) {
  const match = STAMP.exec(text);
  if (!match) return Number.NaN;
  return (Number(match[1]) || 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** Cues [{start, end, url, x, y, w, h}] of a WebVTT thumbnails track (URLs made absolute). */
export function parseThumbnails(text, base) {
  const cues = [];
  const blocks = text.replace(/\r/g, "").split(/\n\n+/);
  for (const block of blocks) {
    const lines = block.split("\n").filter(Boolean);
    const timing = lines.findIndex((line) => line.includes("-->"));
    if (timing < 0 || !lines[timing + 1]) continue;
    const [from, to] = lines[timing].split("-->");
    const target = new URL(lines[timing + 1].trim(), base);
    const box = /xywh=(\d+),(\d+),(\d+),(\d+)/.exec(target.hash);
    target.hash = "";
    const [x, y, w, hgt] = box ? box.slice(1).map(Number) : [0, 0, 0, 0];
    cues.push({ start: seconds(from), end: seconds(to), url: target.href, x, y, w, h: hgt });
  }
  return cues.filter((cue) => Number.isFinite(cue.start));
}

/** A preview box on `track` (the seek bar); `show(time, fraction, chapterTitle)` / `hide()`. */
export function seekPreview(track) {
  const frame = h("div", { class: "player-preview-frame", "data-testid": "storyboard-frame" });
  const label = h("div", { class: "player-preview-time" });
  const box = h("div", { class: "player-preview", "aria-hidden": "true", "data-testid": "seek-preview" }, frame, label);
  box.hidden = true;
  track.append(box);
  /** @type {any[]} */
  let cues = [];
  return {
    /** Use the thumbnails of the track at `url` (silently without them if it fails). */
    async load(url) {
      try {
        const response = await fetch(url, { cache: "no-store" });
        if (response.ok) cues = parseThumbnails(await response.text(), response.url || url);
      } catch {
        cues = []; // no previews; the time is still shown
      }
    },
    show(time, fraction, title) {
      const cue = cues.find((entry) => time >= entry.start && time < entry.end) || null;
      frame.hidden = !cue;
      if (cue) {
        frame.style.width = `${cue.w}px`;
        frame.style.height = `${cue.h}px`;
        frame.style.backgroundImage = `url("${cue.url}")`;
        frame.style.backgroundPosition = `-${cue.x}px -${cue.y}px`;
      }
      label.textContent = title ? `${clock(time)} · ${title}` : clock(time);
      const width = track.clientWidth;
      const half = (cue ? cue.w : 60) / 2;
      box.style.left = `${Math.min(width - half, Math.max(half, fraction * width))}px`;
      box.hidden = false;
    },
    hide() {
      box.hidden = true;
    },
  };
}
