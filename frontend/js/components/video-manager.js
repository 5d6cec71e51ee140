// @ts-check
// The course editor's videos: uploads (drop or choose files, one progress indicator per video
// until ready, resume or discard an interrupted upload), the list grouped by section,
// reorder by buttons or drag and drop, rename, captions, delete. Polls while videos process.

import { videos } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { rememberedFile } from "../infrastructure/upload-memory.js";
import { confirmDialog } from "./dialog.js";
import { announce, busy, byId, empty, errorAlert, h, replace } from "./ui.js";
import { uploadZone } from "./upload-drop.js";
import { extrasForm, renameForm } from "./video-forms.js";
import { updateProgress } from "./video-progress.js";
import { videoRow } from "./video-row.js";
import { discard, local, resumeWithFile, retry, uploadFiles } from "./video-uploads.js";

const POLL_MS = 3000;
const DRAG_TYPE = "application/x-dread-video";
const state = {
  courseId: "",
  /** @type {{id: string, title: string, position: number}[]} */
  sections: [],
  /** @type {any[]} */
  items: [],
  rows: new Map(),
  timer: 0,
  /** @type {(section: any, index: number, count: number) => Node | null} */
  sectionHeader: () => null,
  /** @type {{name: string, label: () => string, aria: (video: any) => string, make: (video: any, done: {done: () => void}) => HTMLElement}[]} */
  forms: [
    { name: "renameForm", label: () => t("editor.videos.rename"), aria: (video) => t("editor.videos.rename_aria", { title: video.title }), make: renameForm },
    {
      name: "extrasForm",
      label: () => t("editor.videos.extras"),
      aria: (video) => t("editor.videos.extras_aria", { title: video.title }),
      make: extrasForm,
    },
  ],
};

/** The section a video is listed under (null: not in a section, or in one since deleted). */
const groupOf = (video) => (state.sections.some((section) => section.id === video.section_id) ? video.section_id : null);
const groupItems = (group) => state.items.filter((video) => groupOf(video) === group);
const nextPosition = () => state.items.reduce((max, video) => Math.max(max, Number(video.position) || 0), 0) + 1;

/** Store `order` (every video, in the new order), changing `moved` to `group` if needed. */
async function saveOrder(order, moved, group) {
  const slots = state.items.map((video) => Number(video.position));
  const distinct = new Set(slots).size === slots.length && slots.every(Number.isFinite);
  const positions = distinct ? [...slots].sort((a, b) => a - b) : order.map((_video, index) => index + 1);
  await Promise.all(
    order.map((video, index) => {
      const body = {};
      if (Number(video.position) !== positions[index]) body.position = positions[index];
      if (video === moved && groupOf(video) !== group) body.section_id = group;
      return Object.keys(body).length ? videos.update(video.id, body) : null;
    }),
  );
}

/** The current copy of a video (rows keep the one they were drawn from). */
const fresh = (video) => (video ? state.items.find((item) => item.id === video.id) || video : null);

/** Move `video` to just before `before` (a video) or to the end of `group`. */
async function place(stale, { before: staleBefore = null, group = null }) {
  const video = fresh(stale);
  const before = fresh(staleBefore);
  const target = before ? groupOf(before) : group;
  const order = state.items.filter((item) => item !== video);
  let at = before ? order.indexOf(before) : -1;
  if (at < 0) {
    const last = order.findLastIndex((item) => groupOf(item) === target);
    at = last < 0 ? order.findIndex((item) => sectionIndex(groupOf(item)) > sectionIndex(target)) : last + 1;
    if (at < 0) at = order.length;
  }
  order.splice(at, 0, video);
  await saveOrder(order, video, target);
}

const sectionIndex = (group) => (group === null ? state.sections.length : state.sections.findIndex((section) => section.id === group));

async function step(stale, by, button) {
  const video = fresh(stale);
  const group = groupItems(groupOf(video));
  const index = group.indexOf(video);
  const neighbour = group[index + by];
  if (!neighbour) return;
  let message = "";
  try {
    await busy(button, () => place(video, { before: by < 0 ? neighbour : group[index + 2] || null, group: groupOf(video) }));
    message = t(by < 0 ? "editor.videos.moved_up" : "editor.videos.moved_down", { title: video.title });
  } catch (error) {
    byId("videos-state").replaceChildren(errorAlert(error));
  }
  await refresh();
  // After the redraw: what is announced is on screen (see section-editor.js).
  if (message) announce(message);
  const row = state.rows.get(video.id);
  /** @type {HTMLElement | null} */ (row?.querySelector(`[data-move="${by}"]:not([disabled])`) || row?.querySelector("button"))?.focus();
}

async function moveToSection(video, group) {
  let message = "";
  try {
    await place(video, { group });
    const section = state.sections.find((item) => item.id === group);
    message = t("editor.videos.moved_to", { title: video.title, section: section ? section.title : t("editor.videos.no_section") });
  } catch (error) {
    byId("videos-state").replaceChildren(errorAlert(error));
  }
  await refresh();
  if (message) announce(message);
  /** @type {HTMLElement | null} */ (state.rows.get(video.id)?.querySelector("select"))?.focus();
}

const uploadContext = () => ({
  courseId: state.courseId,
  sectionId: /** @type {HTMLSelectElement | null} */ (document.getElementById("upload-section"))?.value || null,
  nextPosition,
  changed: (videoId) => {
    const video = state.items.find((item) => item.id === videoId);
    const indicator = state.rows.get(videoId)?.querySelector(".video-progress");
    if (video && indicator) updateProgress(indicator, video, local.get(videoId));
  },
  refresh,
});

function rowContext(video) {
  const group = groupItems(groupOf(video));
  const index = group.indexOf(video);
  return {
    local: local.get(video.id),
    remembered: rememberedFile(video.id),
    sections: state.sections,
    draggable: true,
    canMove: (by) => index + by >= 0 && index + by < group.length,
    move: (by, button) => step(video, by, button),
    setSection: (group) => moveToSection(video, group),
    retry: () => retry(video.id, uploadContext()),
    resume: (file) => resumeWithFile(video, file, uploadContext()).catch(showRowError(video)),
    discard: async () => {
      await discard(video);
      announce(t("editor.upload.discarded", { title: video.title }));
      await refresh();
    },
    remove: async (button) => {
      if (!(await confirmDialog({ title: t("editor.videos.delete_title", { title: video.title }), body: t("editor.videos.delete_body") }))) return;
      try {
        await busy(button, () => videos.remove(video.id));
        local.delete(video.id);
        announce(`${video.title} deleted.`);
        await refresh();
      } catch (error) {
        showRowError(video)(error);
      }
    },
    forms: state.forms.map((form) => ({ ...form, label: form.label(), aria: form.aria(video) })),
    done: () => refresh(),
    current: () => fresh(video),
  };
}

const showRowError = (video) => (error) => state.rows.get(video.id)?.querySelector(".video-extra")?.replaceChildren(errorAlert(error));

/** What a row shows; a row whose shape did not change keeps its open forms. */
const shape = (video) => {
  const entry = local.get(video.id);
  const upload = entry ? [entry.queued, entry.failed, entry.sent] : null;
  return JSON.stringify([video.status, video.title, !!video.thumbnail_url, groupOf(video), upload, state.sections.length]);
};

function dropTarget(node, handler) {
  node.addEventListener("dragover", (event) => {
    if (![...(event.dataTransfer?.types || [])].includes(DRAG_TYPE)) return;
    event.preventDefault();
    node.classList.add("drop-target");
  });
  node.addEventListener("dragleave", () => node.classList.remove("drop-target"));
  node.addEventListener("drop", async (event) => {
    const id = event.dataTransfer?.getData(DRAG_TYPE);
    node.classList.remove("drop-target");
    const video = state.items.find((item) => item.id === id);
    if (!video) return;
    event.preventDefault();
    event.stopPropagation();
    let message = "";
    try {
      await handler(video);
      message = t("editor.videos.moved", { title: video.title });
    } catch (error) {
      byId("videos-state").replaceChildren(errorAlert(error));
    }
    await refresh();
    if (message) announce(message);
  });
}

function makeRow(video) {
  const node = videoRow(video, rowContext(video));
  node.dataset.shape = shape(video);
  node.addEventListener("dragstart", (event) => {
    // The row moves wherever it is grabbed (its title link and thumbnail included).
    if (!event.dataTransfer) return;
    event.dataTransfer.setData(DRAG_TYPE, video.id);
    event.dataTransfer.effectAllowed = "move";
  });
  dropTarget(node, (moved) => (moved.id === video.id ? Promise.resolve() : place(moved, { before: video })));
  return node;
}

function drawList() {
  const groups = state.sections.length ? [...state.sections.map((section) => section.id), null] : [null];
  const blocks = groups.map((group, index) => {
    const rows = groupItems(group).map((video) => state.rows.get(video.id));
    const list = h("ol", { class: "list-group list-unstyled video-group-list", dataset: { group: group || "" } }, rows);
    if (!state.sections.length) return list;
    const section = state.sections.find((item) => item.id === group);
    const block = h(
      "section",
      { class: "video-group mb-3", dataset: { sectionId: group || "" }, "aria-label": section ? section.title : t("editor.videos.no_section") },
      section
        ? state.sectionHeader(section, index, state.sections.length)
        : h("h3", { class: "h6 text-body-secondary mb-2", text: t("editor.videos.no_section") }),
      list,
      rows.length
        ? null
        : h("p", {
            class: "small text-body-secondary border rounded p-2 mb-0 drop-hint",
            text: t("editor.videos.empty_group"),
          }),
    );
    dropTarget(block, (moved) => place(moved, { group }));
    return block;
  });
  replace(byId("video-list"), blocks);
}

let known = new Map(); // id → status last seen, to announce "ready" once

/** Reload the list (and the sections when given); rows whose video did not change stay. */
export async function refresh({ sections } = /** @type {{sections?: any[]}} */ ({})) {
  clearTimeout(state.timer);
  if (sections) {
    state.sections = [...sections].sort((a, b) => Number(a.position) - Number(b.position));
    drawUploadTarget();
  }
  try {
    const list = await videos.list(state.courseId);
    state.items = (list.items || []).map((item) => item.video || item);
    const rows = new Map();
    for (const video of state.items) {
      const current = state.rows.get(video.id);
      rows.set(video.id, current && current.dataset.shape === shape(video) ? current : makeRow(video));
      if (current && current === rows.get(video.id)) {
        // Same shape: refresh the pieces that change in place (progress, move buttons).
        updateProgress(current.querySelector(".video-progress"), video, local.get(video.id));
        const ctx = rowContext(video);
        for (const button of current.querySelectorAll("[data-move]")) {
          /** @type {HTMLButtonElement} */ (button).disabled = !ctx.canMove(Number(/** @type {HTMLElement} */ (button).dataset.move));
        }
      }
      const before = known.get(video.id);
      if (before && before !== video.status && video.status === "ready") announce(t("editor.videos.ready", { title: video.title }));
      if (before && before !== video.status && video.status === "failed") announce(t("editor.videos.failed", { title: video.title }));
      if (video.status === "ready" || video.status === "failed") local.delete(video.id);
    }
    known = new Map(state.items.map((video) => [video.id, video.status]));
    state.rows = rows;
    drawList();
    replace(byId("videos-state"), state.items.length ? null : empty(t("editor.videos.none")));
    const busyVideos = state.items.filter((video) => video.status === "processing" || (video.status === "uploading" && local.has(video.id)));
    if (busyVideos.length) state.timer = window.setTimeout(refresh, POLL_MS);
    return state.items;
  } catch (error) {
    replace(byId("videos-state"), errorAlert(error));
    state.timer = window.setTimeout(refresh, POLL_MS * 3);
    return state.items;
  }
}

/** "Add to section" beside the drop zone, when the course has sections. */
function drawUploadTarget() {
  const slot = document.getElementById("upload-target");
  if (!slot) return;
  const previous = /** @type {HTMLSelectElement | null} */ (document.getElementById("upload-section"))?.value || "";
  if (!state.sections.length) return replace(slot);
  replace(
    slot,
    h("label", { class: "form-label", for: "upload-section", text: t("editor.upload.add_to") }),
    h(
      "select",
      { class: "form-select mb-2", id: "upload-section" },
      h("option", { value: "", text: t("editor.videos.no_section") }),
      state.sections.map((section) => h("option", { value: section.id, text: section.title, selected: section.id === previous })),
    ),
  );
}

function bindUploads() {
  const status = byId("upload-status");
  const zone = uploadZone({
    id: "video-files",
    onFiles: async (files) => {
      status.replaceChildren();
      const { refused, done } = await uploadFiles(files, uploadContext());
      if (refused.length) {
        status.replaceChildren(
          ...refused.map(({ file, error }) => errorAlert(error, error.detail?.includes(file.name) ? "" : `${file.name}:`, { subject: "video" })),
        );
      }
      await done;
    },
  });
  replace(byId("upload-zone"), h("div", { id: "upload-target" }), zone);
}

/**
 * Start managing the videos of a course. `sectionHeader(section, index, count)` draws a
 * section's heading with its controls; `forms` replace the per-video inline forms.
 * @param {{id: string, sections?: any[]}} course
 * @param {{sectionHeader?: (section: any, index: number, count: number) => Node | null, forms?: any[]}} [options]
 */
export async function manageVideos(course, options = {}) {
  state.courseId = course.id;
  if (options.sectionHeader) state.sectionHeader = options.sectionHeader;
  if (options.forms) state.forms = options.forms;
  bindUploads();
  await refresh({ sections: course.sections || [] });
}
