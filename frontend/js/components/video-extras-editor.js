// @ts-check
// The course editor's extras for one video: its chapters (add, edit, remove, save) and its
// caption tracks (upload WebVTT → checked by the server, list, delete). Mounted by the editor:
//   mountVideoExtrasEditor(container, video, { onChange })
import { videos } from "../infrastructure/api.js";
import { sendFile } from "../infrastructure/upload.js";
import { confirmDialog } from "./dialog.js";
import { announce, busy, clearFormErrors, errorAlert, formatDuration, h, replace, showFormError } from "./ui.js";

let counter = 0;

/** "1:02:03", "2:03", "75" or "75.5" → seconds; NaN when it is none of those. */
export function parseTime(text) {
  const parts = String(text).trim().split(":");
  if (parts.length > 3 || parts.some((part) => !/^\d+(\.\d+)?$/.test(part))) return Number.NaN;
  if (parts.slice(0, -1).some((part) => part.includes("."))) return Number.NaN;
  return parts.reduce((total, part) => total * 60 + Number(part), 0);
}

/** Seconds as the editor writes them: m:ss, with tenths when there are any. */
export function formatTime(seconds) {
  const whole = Math.floor(seconds);
  const tenths = Math.round((seconds - whole) * 10);
  return tenths ? `${formatDuration(whole)}.${tenths}` : formatDuration(whole);
}

function chapterRow(list, chapter, number) {
  const uid = `${list.dataset.uid}-${counter++}`;
  const row = h(
    "li",
    { class: "row g-2 align-items-start mb-2", dataset: { chapter: "" } },
    h(
      "div",
      { class: "col-4 col-sm-3" },
      h("label", { class: "form-label small", for: `${uid}-start`, text: "Starts at" }),
      h("input", {
        class: "form-control form-control-sm",
        id: `${uid}-start`,
        name: "start",
        required: true,
        inputMode: "decimal",
        placeholder: "0:00",
        value: chapter ? formatTime(chapter.start_s) : "",
      }),
    ),
    h(
      "div",
      { class: "col" },
      h("label", { class: "form-label small", for: `${uid}-title`, text: "Chapter title" }),
      h("input", { class: "form-control form-control-sm", id: `${uid}-title`, name: "title", required: true, maxLength: 200, value: chapter?.title || "" }),
    ),
    h(
      "div",
      { class: "col-auto align-self-end" },
      h("button", {
        type: "button",
        class: "btn btn-outline-danger btn-sm",
        text: "Remove",
        "aria-label": `Remove chapter ${number}`,
        onclick: () => {
          row.remove();
          renumber(list);
        },
      }),
    ),
  );
  return row;
}

function renumber(list) {
  list.querySelectorAll("[data-chapter]").forEach((row, index) => {
    row.querySelector("button")?.setAttribute("aria-label", `Remove chapter ${index + 1}`);
  });
}

/** Field errors "chapters.<i>.<field>" go under that row's input; the rest on top. */
function showChapterErrors(form, list, error) {
  const rows = [...list.querySelectorAll("[data-chapter]")];
  const rest = {};
  for (const [key, message] of Object.entries(error.errors || {})) {
    const match = /^chapters\.(\d+)\.(start_s|title)$/.exec(key);
    const field = match && rows[Number(match[1])]?.querySelector(`[name=${match[2] === "start_s" ? "start" : "title"}]`);
    if (!(field instanceof HTMLInputElement)) {
      rest[key] = message;
      continue;
    }
    field.classList.add("is-invalid");
    const feedback = h("div", { class: "invalid-feedback", id: `${field.id}-error`, text: String(message) });
    feedback.dataset.generated = "1";
    field.insertAdjacentElement("afterend", feedback);
    field.setAttribute("aria-describedby", feedback.id);
  }
  const slot = form.querySelector("[data-form-error]");
  slot?.replaceChildren(errorAlert({ detail: error.detail || error.message, errors: rest }));
  /** @type {HTMLElement | null} */ (form.querySelector(".is-invalid") || slot?.firstElementChild)?.focus?.();
}

function chaptersForm(video, onChange) {
  const uid = `extras-${video.id}`;
  const list = h("ol", { class: "list-unstyled mb-2", dataset: { uid }, "aria-label": "Chapters" });
  (video.chapters || []).forEach((chapter, index) => {
    list.append(chapterRow(list, chapter, index + 1));
  });
  const ready = video.duration_s != null;
  const form = h(
    "form",
    { class: "mb-3", dataset: { form: "chaptersForm" }, noValidate: true },
    h("h3", { class: "h6", text: "Chapters" }),
    h("p", {
      class: "small text-body-secondary",
      text: ready
        ? `Learners see chapters on the seek bar. Times are within the video (${formatDuration(video.duration_s)}), e.g. 1:30.`
        : "Chapters can be added once the video has finished processing.",
    }),
    h("div", { "data-form-error": "" }),
    list,
    h("button", {
      type: "button",
      class: "btn btn-outline-secondary btn-sm me-2",
      text: "Add chapter",
      disabled: !ready,
      onclick: () => {
        const row = chapterRow(list, null, list.children.length + 1);
        list.append(row);
        /** @type {HTMLInputElement | null} */ (row.querySelector("[name=start]"))?.focus();
      },
    }),
    h("button", { type: "submit", class: "btn btn-primary btn-sm", text: "Save chapters", disabled: !ready }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const rows = [...list.querySelectorAll("[data-chapter]")];
    const chapters = rows.map((row) => ({
      start_s: parseTime(/** @type {HTMLInputElement} */ (row.querySelector("[name=start]")).value),
      title: /** @type {HTMLInputElement} */ (row.querySelector("[name=title]")).value.trim(),
    }));
    const bad = {};
    chapters.forEach((chapter, index) => {
      if (Number.isNaN(chapter.start_s)) bad[`chapters.${index}.start_s`] = "Write a time such as 1:30 or 1:02:03.";
      if (!chapter.title) bad[`chapters.${index}.title`] = "Give the chapter a title.";
    });
    if (Object.keys(bad).length) {
      showChapterErrors(form, list, { detail: "Some chapters need fixing.", errors: bad });
      return;
    }
    chapters.sort((a, b) => a.start_s - b.start_s);
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector("[type=submit]"));
    try {
      const { video: saved } = await busy(submit, () => videos.update(video.id, { chapters }));
      replace(list, ...saved.chapters.map((chapter, index) => chapterRow(list, chapter, index + 1)));
      announce(`Chapters saved (${saved.chapters.length}).`);
      onChange?.(saved);
    } catch (error) {
      showChapterErrors(form, list, error);
    }
  });
  return form;
}

function captionItem(video, caption, refresh) {
  return h(
    "li",
    { class: "list-group-item d-flex align-items-center gap-2", dataset: { caption: caption.language } },
    h("span", { class: "flex-grow-1" }, h("span", { text: caption.label }), " ", h("span", { class: "badge text-bg-secondary", text: caption.language })),
    h("span", { class: "small text-body-secondary", text: `${caption.cue_count ?? ""} cues` }),
    h("button", {
      type: "button",
      class: "btn btn-outline-danger btn-sm",
      text: "Delete",
      "aria-label": `Delete captions ${caption.label} (${caption.language})`,
      onclick: async (event) => {
        const button = event.currentTarget; // gone from the event once the dialog was awaited
        const ok = await confirmDialog({ title: "Delete captions?", body: `Learners will no longer see the ${caption.label} captions or transcript.` });
        if (!ok) return;
        await busy(button, () => videos.deleteCaption(video.id, caption.language));
        announce(`${caption.label} captions deleted.`);
        await refresh();
      },
    }),
  );
}

function captionUploadForm(video, refresh) {
  const uid = `captions-upload-${video.id}`;
  const form = h(
    "form",
    { class: "mt-2", dataset: { form: "captionUpload" } },
    h("div", { "data-form-error": "" }),
    h(
      "div",
      { class: "row g-2" },
      h(
        "div",
        { class: "col-sm-3" },
        h("label", { class: "form-label small", for: `${uid}-language`, text: "Language code" }),
        h("input", {
          class: "form-control form-control-sm",
          id: `${uid}-language`,
          name: "language",
          required: true,
          maxLength: 35,
          placeholder: "en",
          pattern: "[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*",
        }),
      ),
      h(
        "div",
        { class: "col-sm-4" },
        h("label", { class: "form-label small", for: `${uid}-label`, text: "Label" }),
        h("input", { class: "form-control form-control-sm", id: `${uid}-label`, name: "label", required: true, maxLength: 100, placeholder: "English" }),
      ),
      h(
        "div",
        { class: "col-sm-5" },
        h("label", { class: "form-label small", for: `${uid}-file`, text: "WebVTT file (.vtt)" }),
        h("input", { class: "form-control form-control-sm", id: `${uid}-file`, name: "file", type: "file", accept: ".vtt,text/vtt", required: true }),
      ),
    ),
    h("button", { type: "submit", class: "btn btn-primary btn-sm mt-2", text: "Upload captions" }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const elements = /** @type {any} */ (form.elements);
    const language = elements.language.value.trim();
    const label = elements.label.value.trim();
    const file = elements.file.files[0];
    const submit = /** @type {HTMLButtonElement} */ (form.querySelector("[type=submit]"));
    try {
      await busy(submit, async () => {
        const { upload } = await videos.captionUpload(video.id, { language, label });
        await sendFile(upload, new Blob([file], { type: "text/vtt" }));
        await videos.completeCaption(video.id, language);
      });
      form.reset();
      announce(`${label} captions uploaded and checked.`);
      await refresh();
    } catch (error) {
      showFormError(form, error); // a 422 names the bad line of the file under "file"
    }
  });
  return form;
}

function captionsSection(video) {
  const list = h("ul", { class: "list-group list-group-flush mb-2", "aria-label": "Captions" });
  const status = h("div");
  const refresh = async () => {
    try {
      const { items } = await videos.captions(video.id);
      replace(status);
      if (items.length) replace(list, ...items.map((caption) => captionItem(video, caption, refresh)));
      else replace(list, h("li", { class: "list-group-item small text-body-secondary", text: "No captions yet." }));
    } catch (error) {
      replace(status, errorAlert(error, "Could not load the captions: "));
    }
  };
  refresh();
  return h("section", { class: "mb-2" }, h("h3", { class: "h6", text: "Captions" }), status, list, captionUploadForm(video, refresh));
}

/**
 * Render the chapters editor and the captions list/upload of `video` into `container`.
 * `onChange(video)` runs after chapters are saved (the server's answer).
 * @param {HTMLElement} container
 * @param {{id: string, duration_s?: number | null, chapters?: {start_s: number, title: string}[]}} video
 * @param {{onChange?: (video: any) => void}} [options]
 */
export function mountVideoExtrasEditor(container, video, { onChange } = {}) {
  replace(container, h("div", { class: "border-top mt-2 pt-2", dataset: { extras: video.id } }, chaptersForm(video, onChange), captionsSection(video)));
  return container;
}
