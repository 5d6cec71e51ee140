// @ts-check
// A drop zone for video files around an ordinary file input (which keeps the keyboard and
// screen-reader way in): dropping or choosing files hands them to `onFiles`.
import { t } from "../infrastructure/i18n.js";
import { h } from "./ui.js";

export const VIDEO_ACCEPT = "video/mp4,video/quicktime,video/webm,video/x-matroska,.mp4,.m4v,.mov,.webm,.mkv";
const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv)$/i;

/** Whether a dropped file looks like a video this platform takes. */
export const isVideoFile = (file) => file.type.startsWith("video/") || VIDEO_NAME.test(file.name);

/**
 * Make `zone` accept dropped files (a highlight while dragging over it).
 * @param {HTMLElement} zone
 * @param {(files: File[]) => void} onFiles
 */
export function acceptDrops(zone, onFiles) {
  let depth = 0; // dragenter/leave fire for every child: count them
  const hasFiles = (event) => [...(event.dataTransfer?.types || [])].includes("Files");
  zone.addEventListener("dragenter", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    zone.classList.add("drop-active");
  });
  zone.addEventListener("dragover", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
  });
  zone.addEventListener("dragleave", () => {
    depth = Math.max(0, depth - 1);
    if (!depth) zone.classList.remove("drop-active");
  });
  zone.addEventListener("drop", (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth = 0;
    zone.classList.remove("drop-active");
    onFiles([...(event.dataTransfer?.files || [])]);
  });
}

/** The upload zone: "Drag video files here", a file input (several files) and its help. */
export function uploadZone({ id, onFiles }) {
  const input = h("input", {
    id,
    name: "file",
    type: "file",
    multiple: true,
    accept: VIDEO_ACCEPT,
    class: "form-control",
    "aria-describedby": `${id}-help`,
  });
  input.addEventListener("change", () => {
    const files = [...(input.files || [])];
    input.value = ""; // choosing the same file again must fire "change" again
    if (files.length) onFiles(files);
  });
  const zone = h(
    "div",
    { class: "drop-zone rounded-3 p-3 text-center", dataset: { testid: "drop-zone" } },
    h("p", { class: "mb-2 fw-semibold", "aria-hidden": "true", text: t("editor.upload.drag") }),
    h("label", { class: "form-label", for: id, text: t("editor.upload.choose") }),
    input,
    h("div", {
      class: "form-text",
      id: `${id}-help`,
      text: t("editor.upload.help"),
    }),
  );
  acceptDrops(zone, onFiles);
  return zone;
}
