// @ts-check
// The course cover: a preview of the current one, a file (chosen or dropped) previewed at
// once, then sent with the presigned POST the service hands out and resized by the service.

import { courses } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { sendFile } from "../infrastructure/upload.js";
import { announce, errorAlert, h, progressBar, replace, setProgress } from "./ui.js";
import { acceptDrops } from "./upload-drop.js";

const TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_BYTES = 5 * 1024 * 1024;

/** Why a file cannot be a cover (plain words), or "" when it can. */
export function coverProblem(file) {
  if (!TYPES.includes(file.type)) return t("editor.cover_editor.bad_type", { name: file.name });
  if (file.size > MAX_BYTES) return t("editor.cover_editor.too_big", { name: file.name, size: Math.round(file.size / 104857.6) / 10 });
  return "";
}

function preview(url, title) {
  if (!url)
    return h("div", {
      class: "cover-preview rounded border bg-body-tertiary d-flex align-items-center justify-content-center text-body-secondary",
      text: t("editor.cover_editor.none"),
    });
  return h("img", { class: "cover-preview rounded border", src: url, alt: t("editor.cover_editor.alt", { title }), dataset: { testid: "cover-preview" } });
}

/**
 * The cover card's content for `course`; `changed(course)` gets the course once the new
 * cover is in place (its version changed).
 * @param {any} course
 * @param {(course: any) => void} changed
 */
export function coverEditor(course, changed) {
  const picture = h("div", { class: "mb-2" }, preview(course.cover_url, course.title));
  const status = h("div", { class: "mt-2" });
  const input = h("input", {
    class: "form-control",
    id: "cover-file",
    type: "file",
    accept: TYPES.join(","),
    "aria-describedby": "cover-help",
  });
  const label = h("label", { class: "form-label", for: "cover-file" });
  // The input says what choosing a file does now: set the first cover, or replace it.
  const relabel = () => {
    label.textContent = t(course.cover_url ? "editor.cover_editor.replace" : "editor.cover_editor.label");
  };
  relabel();
  const zone = h(
    "div",
    { class: "drop-zone rounded-3 p-2" },
    picture,
    label,
    input,
    h("div", { class: "form-text", id: "cover-help", text: t("editor.cover_editor.help") }),
    status,
  );

  async function upload(file) {
    status.replaceChildren();
    const problem = coverProblem(file);
    if (problem) {
      status.replaceChildren(h("div", { class: "alert alert-danger mb-0", role: "alert", text: problem }));
      return;
    }
    const local = URL.createObjectURL(file);
    replace(picture, preview(local, course.title));
    const bar = progressBar(0, t("editor.cover_editor.progress"), { small: true });
    status.replaceChildren(bar);
    try {
      const { upload: presigned } = await courses.coverUpload(course.id, file);
      await sendFile(presigned, file, (loaded, total) => setProgress(bar, (loaded / (total || 1)) * 100));
      const answer = await courses.coverComplete(course.id);
      course = answer.course;
      replace(picture, preview(course.cover_url, course.title));
      relabel();
      status.replaceChildren();
      announce(t("editor.cover_editor.saved"));
      changed(course);
    } catch (error) {
      replace(picture, preview(course.cover_url, course.title));
      status.replaceChildren(errorAlert(error, t("editor.cover_editor.not_saved"), { subject: "cover" }));
    } finally {
      URL.revokeObjectURL(local);
    }
  }
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = "";
    if (file) upload(file);
  });
  acceptDrops(zone, (files) => files[0] && upload(files[0]));
  return zone;
}
