// @ts-check
// The course editor's sections: add, rename, move (buttons or drag and drop), delete. Each
// change answers with the course's new version; the page reloads the course so its own
// edits keep a current If-Match.

import { courses } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { confirmDialog } from "./dialog.js";
import { announce, busy, byId, clearFormErrors, errorAlert, h, replace, showFormError } from "./ui.js";

const DRAG_TYPE = "application/x-dread-section";

/**
 * @typedef {{courseId: string, changed: (course: any, focus?: string) => Promise<void>}} SectionContext
 */

/** Apply a section change, hand the reloaded course to the page, then say it is done. */
async function apply(ctx, work, message, focus) {
  await work();
  const { course } = await courses.get(ctx.courseId);
  await ctx.changed(course, focus);
  // Announced once the list is redrawn: what is said is what is on screen (and a drag
  // started after the announcement is not cut off by the redraw).
  announce(message);
}

function renameForm(section, ctx, slot) {
  const id = `section-title-${section.id}`;
  const form = h(
    "form",
    { class: "mt-2", dataset: { subject: "section" } },
    h("div", { "data-form-error": "" }),
    h("label", { class: "form-label small", for: id, text: t("editor.sections.title") }),
    h(
      "div",
      { class: "input-group input-group-sm" },
      h("input", { class: "form-control", id, name: "title", value: section.title, required: true, maxLength: 200 }),
      h("button", { type: "submit", class: "btn btn-primary", text: t("editor.sections.save") }),
      h("button", { type: "button", class: "btn btn-outline-secondary", text: t("editor.sections.cancel"), onclick: () => slot.replaceChildren() }),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const title = /** @type {HTMLInputElement} */ (form.elements.namedItem("title")).value.trim();
    try {
      await busy(form.querySelector("[type=submit]"), () =>
        apply(ctx, () => courses.updateSection(ctx.courseId, section.id, { title }), t("editor.sections.renamed", { title }), `section-${section.id}`),
      );
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

/** A section's heading with its controls (used by the video list for each group). */
export function sectionHeader(section, index, count, ctx) {
  const slot = h("div");
  const fail = (error) => slot.replaceChildren(errorAlert(error, "", { subject: "section" }));
  const move = (by, text) =>
    h("button", {
      type: "button",
      class: "btn btn-sm btn-outline-secondary",
      text,
      "aria-label": t(by < 0 ? "editor.sections.move_up" : "editor.sections.move_down", { title: section.title }),
      id: `section-move-${section.id}-${by}`,
      disabled: index + by < 0 || index + by >= count,
      dataset: { sectionMove: String(by) },
      onclick: (event) =>
        busy(event.currentTarget, () =>
          apply(
            ctx,
            () => courses.updateSection(ctx.courseId, section.id, { position: index + by }),
            t(by < 0 ? "editor.sections.moved_up" : "editor.sections.moved_down", { title: section.title }),
            `section-move-${section.id}-${by}`,
          ),
        ).catch(fail),
    });
  const header = h(
    "div",
    { class: "section-header border-bottom pb-1 mb-2", draggable: "true", dataset: { sectionId: section.id } },
    h(
      "div",
      { class: "d-flex flex-wrap gap-2 align-items-center" },
      h("span", { class: "drag-handle text-body-secondary", "aria-hidden": "true", title: t("editor.videos.drag"), text: "⠿" }),
      h("h3", { class: "h6 mb-0 flex-grow-1 text-break-anywhere", id: `section-${section.id}`, tabindex: "-1", text: section.title }),
      h(
        "div",
        { class: "d-flex flex-wrap gap-1" },
        move(-1, "↑"),
        move(1, "↓"),
        h("button", {
          type: "button",
          class: "btn btn-sm btn-outline-secondary",
          text: t("editor.sections.rename"),
          "aria-label": t("editor.sections.rename_aria", { title: section.title }),
          onclick: () => replace(slot, slot.firstChild ? null : renameForm(section, ctx, slot)),
        }),
        h("button", {
          type: "button",
          class: "btn btn-sm btn-outline-danger",
          text: t("editor.sections.delete"),
          "aria-label": t("editor.sections.delete_aria", { title: section.title }),
          onclick: async (event) => {
            const button = event.currentTarget;
            const ok = await confirmDialog({
              title: t("editor.sections.delete_title", { title: section.title }),
              body: t("editor.sections.delete_body"),
            });
            if (!ok) return;
            await busy(button, () =>
              apply(ctx, () => courses.removeSection(ctx.courseId, section.id), t("editor.sections.deleted", { title: section.title }), "new-section-title"),
            ).catch(fail);
          },
        }),
      ),
    ),
    slot,
  );
  header.addEventListener("dragstart", (event) => {
    if (!event.dataTransfer) return;
    event.dataTransfer.setData(DRAG_TYPE, section.id);
    event.dataTransfer.effectAllowed = "move";
  });
  header.addEventListener("dragover", (event) => {
    if ([...(event.dataTransfer?.types || [])].includes(DRAG_TYPE)) {
      event.preventDefault();
      header.classList.add("drop-target");
    }
  });
  header.addEventListener("dragleave", () => header.classList.remove("drop-target"));
  header.addEventListener("drop", (event) => {
    const moved = event.dataTransfer?.getData(DRAG_TYPE);
    header.classList.remove("drop-target");
    if (!moved) return;
    event.preventDefault();
    event.stopPropagation();
    if (moved === section.id) return;
    // Dropped on a section: take its place (the others shift).
    apply(ctx, () => courses.updateSection(ctx.courseId, moved, { position: index }), t("editor.sections.moved"), `section-${moved}`).catch(fail);
  });
  return header;
}

/** The "Add a section" form. */
export function addSectionForm(ctx) {
  const form = h(
    "form",
    { class: "mb-3", id: "new-section-form", dataset: { subject: "section" } },
    h("div", { "data-form-error": "" }),
    h("label", { class: "form-label", for: "new-section-title", text: t("editor.sections.new") }),
    h(
      "div",
      { class: "input-group" },
      h("input", { class: "form-control", id: "new-section-title", name: "title", maxLength: 200, placeholder: t("editor.sections.placeholder") }),
      h("button", { type: "submit", class: "btn btn-outline-primary", text: t("editor.sections.add") }),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const input = /** @type {HTMLInputElement} */ (form.elements.namedItem("title"));
    const title = input.value.trim();
    try {
      await busy(form.querySelector("[type=submit]"), () =>
        apply(ctx, () => courses.addSection(ctx.courseId, { title }), t("editor.sections.added", { title }), "new-section-title"),
      );
      input.value = "";
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

/** Focus an element by id once the list is redrawn (after a section change). */
export function focusById(id) {
  if (!id) return;
  const node = /** @type {HTMLButtonElement | null} */ (document.getElementById(id));
  const section = /section-move-(.+)-(-?1)$/.exec(id);
  if (node && !node.disabled) node.focus();
  else if (section) document.getElementById(`section-${section[1]}`)?.focus();
  else byId("videos-title").focus();
}
