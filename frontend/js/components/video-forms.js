// @ts-check
// Small inline forms of the course editor's video rows: rename, captions upload.

import { videos } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { sendFile } from "../infrastructure/upload.js";
import { announce, busy, clearFormErrors, h, notice, showFormError } from "./ui.js";

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

/** Upload a WebVTT captions file for a video. */
export function captionsForm(video, { done }) {
  const id = `captions-${video.id}`;
  const status = h("div", { class: "mt-2" });
  const form = inlineForm(
    "captionsForm",
    [
      h(
        "div",
        { class: "row g-2" },
        h(
          "div",
          { class: "col-sm-3" },
          h("label", { class: "form-label", for: `${id}-language`, text: t("editor.videos.language") }),
          h("input", {
            class: "form-control",
            id: `${id}-language`,
            name: "language",
            required: true,
            maxLength: 20,
            placeholder: "en",
            pattern: "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
          }),
        ),
        h(
          "div",
          { class: "col-sm-4" },
          h("label", { class: "form-label", for: `${id}-label`, text: t("editor.videos.label") }),
          h("input", {
            class: "form-control",
            id: `${id}-label`,
            name: "label",
            required: true,
            maxLength: 60,
            placeholder: t("editor.videos.label_placeholder"),
          }),
        ),
        h(
          "div",
          { class: "col-sm-5" },
          h("label", { class: "form-label", for: `${id}-file`, text: t("editor.videos.vtt") }),
          h("input", { class: "form-control", id: `${id}-file`, name: "file", type: "file", accept: ".vtt,text/vtt", required: true }),
        ),
      ),
      h("button", { type: "submit", class: "btn btn-primary btn-sm mt-2", text: t("editor.videos.upload_captions") }),
      status,
    ],
    async (form) => {
      const file = form.elements.file.files[0];
      const { upload } = await videos.captionUpload(video.id, { language: form.elements.language.value.trim(), label: form.elements.label.value.trim() });
      await sendFile(upload, new Blob([file], { type: "text/vtt" }));
      // The form closes a moment later, so the lasting page live region announces it and the
      // note in the form is only for the eye (not a second live region saying the same).
      announce(t("editor.videos.captions_uploaded"));
      status.replaceChildren(notice(t("editor.videos.captions_uploaded"), "success", { live: false }));
      setTimeout(done, 1500);
    },
  );
  return form;
}
