// @ts-check
// One row of the course editor's video list: thumbnail, title, the progress indicator, what
// to do about an unfinished upload, and the row's actions (move, section, rename, captions,
// analytics, delete). The manager passes in what the row may do.
import { t } from "../infrastructure/i18n.js";
import { thumbnail } from "./cards.js";
import { confirmDialog } from "./dialog.js";
import { h, pageUrl, replace } from "./ui.js";
import { videoProgress } from "./video-progress.js";

/**
 * @typedef {{local: any, remembered: {name: string} | null, sections: {id: string, title: string}[],
 *   canMove: (step: number) => boolean, move: (step: number, button: HTMLElement) => void,
 *   setSection: (sectionId: string | null) => void, retry: () => void, resume: (file: File) => void,
 *   discard: () => Promise<void>, remove: (button: HTMLElement) => void,
 *   forms: {name: string, label: string, aria: string, make: (video: any, done: {done: () => void}) => HTMLElement}[],
 *   done: () => void, current: () => any, draggable: boolean}} RowContext
 */

function uploadHelp(video, ctx, extra) {
  const stage = ctx.local?.failed ? "stopped" : !ctx.local && video.status === "uploading" ? "interrupted" : null;
  if (stage === "stopped") {
    return [
      h("div", {
        class: "alert alert-warning py-2 mb-2 small",
        role: "alert",
        text: `${t("editor.upload.stopped")} ${ctx.local.error?.detail || ctx.local.error?.message || ""}`,
      }),
      h("button", {
        type: "button",
        class: "btn btn-sm btn-warning",
        text: t("editor.upload.resume"),
        "aria-label": t("editor.upload.resume_aria", { title: video.title }),
        onclick: ctx.retry,
      }),
    ];
  }
  if (stage !== "interrupted") return null;
  const picker = h("input", {
    type: "file",
    class: "d-none",
    accept: "video/*,.mp4,.m4v,.mov,.webm,.mkv",
    "aria-label": t("editor.upload.file_aria", { title: video.title }),
  });
  picker.addEventListener("change", () => {
    const file = picker.files?.[0];
    picker.value = "";
    if (file) ctx.resume(file);
  });
  const name = ctx.remembered?.name;
  return [
    h("p", {
      class: "small mb-2",
      text: t("editor.upload.cut_off", { file: name ? `“${name}”` : t("editor.upload.same_file") }),
    }),
    h(
      "div",
      { class: "d-flex flex-wrap gap-2" },
      picker,
      h("button", {
        type: "button",
        class: "btn btn-sm btn-primary",
        text: t("editor.upload.resume_pick"),
        "aria-label": t("editor.upload.resume_aria", { title: video.title }),
        onclick: () => picker.click(),
      }),
      h("button", {
        type: "button",
        class: "btn btn-sm btn-outline-danger",
        text: t("editor.upload.discard"),
        "aria-label": t("editor.upload.discard_aria", { title: video.title }),
        onclick: async () => {
          const ok = await confirmDialog({
            title: t("editor.upload.discard_title", { title: video.title }),
            body: t("editor.upload.discard_body"),
            confirmLabel: t("editor.upload.discard"),
          });
          if (ok)
            await ctx.discard().catch((error) => extra.prepend(h("div", { class: "alert alert-danger", role: "alert", text: error.detail || error.message })));
        },
      }),
    ),
  ];
}

function sectionSelect(video, ctx) {
  if (!ctx.sections.length) return null;
  const id = `section-of-${video.id}`;
  const select = h(
    "select",
    { class: "form-select form-select-sm w-auto", id },
    h("option", { value: "", text: t("editor.videos.no_section"), selected: !video.section_id }),
    ctx.sections.map((section) => h("option", { value: section.id, text: section.title, selected: video.section_id === section.id })),
  );
  select.addEventListener("change", () => ctx.setSection(select.value || null));
  return h(
    "div",
    { class: "d-flex align-items-center gap-1" },
    h("label", { class: "small text-body-secondary", for: id, text: t("editor.videos.section") }),
    select,
  );
}

/** A video's row. */
export function videoRow(video, ctx) {
  const extra = h("div", { class: "w-100 video-extra" });
  const toggle = (form) => () => {
    const open = /** @type {HTMLElement | null} */ (extra.firstElementChild);
    replace(extra, open?.dataset.form === form.name ? null : form.make(ctx.current(), { done: ctx.done }));
  };
  const move = (step, text) =>
    h("button", {
      type: "button",
      class: "btn btn-sm btn-outline-secondary",
      text,
      "aria-label": t(step < 0 ? "editor.videos.move_up" : "editor.videos.move_down", { title: video.title }),
      disabled: !ctx.canMove(step),
      dataset: { move: String(step) },
      onclick: (event) => ctx.move(step, event.currentTarget),
    });
  const remove = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-danger",
    text: t("editor.delete"),
    "aria-label": t("editor.delete_aria", { title: video.title }),
  });
  remove.addEventListener("click", () => ctx.remove(remove));
  const ready = video.status === "ready";
  return h(
    "li",
    { class: "list-group-item video-row", draggable: ctx.draggable ? "true" : null, dataset: { videoId: video.id, status: video.status } },
    h(
      "div",
      { class: "d-flex flex-wrap gap-3 align-items-center" },
      ctx.draggable && h("span", { class: "drag-handle text-body-secondary", "aria-hidden": "true", title: t("editor.videos.drag"), text: "⠿" }),
      thumbnail(video),
      h(
        "div",
        { class: "flex-grow-1 min-w-0" },
        ready
          ? h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/watch.html", { id: video.id }), text: video.title })
          : h("span", { class: "fw-semibold text-break-anywhere", text: video.title }),
        videoProgress(video, ctx.local),
      ),
      h(
        "div",
        { class: "d-flex flex-wrap gap-1 align-items-center" },
        move(-1, "↑"),
        move(1, "↓"),
        sectionSelect(video, ctx),
        ctx.forms.map((form) =>
          h("button", { type: "button", class: "btn btn-sm btn-outline-secondary", text: form.label, "aria-label": form.aria, onclick: toggle(form) }),
        ),
        ready &&
          h("a", {
            class: "btn btn-sm btn-outline-secondary",
            href: pageUrl("/video-analytics.html", { id: video.id }),
            text: t("editor.analytics"),
            "aria-label": t("editor.analytics_aria", { title: video.title }),
          }),
        remove,
      ),
    ),
    h("div", { class: "upload-help mt-2" }, uploadHelp(video, ctx, extra)),
    extra,
  );
}
