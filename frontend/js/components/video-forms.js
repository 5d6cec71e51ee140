// @ts-check
// Small inline forms of the course editor's video rows: rename, chapters and captions
// (video-media's extras editor, mounted here).

import { videos } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { announce, busy, clearFormErrors, h, showFormError } from "./ui.js";
import { mountVideoExtrasEditor } from "./video-extras-editor.js";

function inlineForm(name, children, submit) {
  const form = h("form", { class: "border-top mt-2 pt-2", dataset: { form: name, subject: "video" } }, h("div", { "data-form-error": "" }), children);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      await busy(form.querySelector("[type=submit]"), () => submit(form));
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

/** Rename a video (PATCH title). */
export function renameForm(video, { done }) {
  const id = `rename-${video.id}`;
  return inlineForm(
    "renameForm",
    [
      h("label", { class: "form-label", for: id, text: t("editor.videos.new_title") }),
      h(
        "div",
        { class: "input-group" },
        h("input", { class: "form-control", id, name: "title", value: video.title, required: true, maxLength: 200 }),
        h("button", { type: "submit", class: "btn btn-primary", text: t("editor.videos.save") }),
      ),
    ],
    async (form) => {
      await videos.update(video.id, { title: form.elements.title.value.trim() });
      announce(t("editor.videos.title_saved"));
      done();
    },
  );
}

/** Chapters and captions of a video (the extras editor of components/video-extras-editor.js). */
export function extrasForm(video, { done }) {
  const box = h("div", { dataset: { form: "extrasForm" } });
  // Chapters are not part of a row's shape: saving them keeps the editor open.
  mountVideoExtrasEditor(box, video, { onChange: () => done() });
  return box;
}
