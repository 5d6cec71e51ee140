// @ts-check
// The course cover: a preview of the current one, a file (chosen or dropped) previewed at
// once, then sent with the presigned POST the service hands out and resized by the service.
import { courses } from "../infrastructure/api.js";
import { sendFile } from "../infrastructure/upload.js";
import { announce, errorAlert, h, progressBar, replace, setProgress } from "./ui.js";
import { acceptDrops } from "./upload-drop.js";

const TYPES = ["image/png", "image/jpeg", "image/webp"];
const MAX_BYTES = 5 * 1024 * 1024;

/** Why a file cannot be a cover (plain words), or "" when it can. */
export function coverProblem(file) {
  if (!TYPES.includes(file.type)) return `${file.name} is not a PNG, JPEG or WebP image.`;
  if (file.size > MAX_BYTES) return `${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; a cover can be at most 5 MB.`;
  return "";
}

function preview(url, title) {
  if (!url)
    return h("div", {
      class: "cover-preview rounded border bg-body-tertiary d-flex align-items-center justify-content-center text-body-secondary",
      text: "No cover yet",
    });
  return h("img", { class: "cover-preview rounded border", src: url, alt: `Cover of ${title}`, dataset: { testid: "cover-preview" } });
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
  const zone = h(
    "div",
    { class: "drop-zone rounded-3 p-2" },
    picture,
    h("label", { class: "form-label", for: "cover-file", text: course.cover_url ? "Replace the cover image" : "Cover image" }),
    input,
    h("div", { class: "form-text", id: "cover-help", text: "PNG, JPEG or WebP up to 5 MB; drop it here or choose it. A wide picture (16:9) looks best." }),
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
    const bar = progressBar(0, "Cover upload", { small: true });
    status.replaceChildren(bar);
    try {
      const { upload: presigned } = await courses.coverUpload(course.id, file);
      await sendFile(presigned, file, (loaded, total) => setProgress(bar, (loaded / (total || 1)) * 100));
      const answer = await courses.coverComplete(course.id);
      course = answer.course;
      replace(picture, preview(course.cover_url, course.title));
      status.replaceChildren();
      announce("Cover image saved.");
      changed(course);
    } catch (error) {
      replace(picture, preview(course.cover_url, course.title));
      status.replaceChildren(errorAlert(error, "The cover was not saved.", { subject: "cover" }));
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
