// @ts-check
// The course editor's videos: upload with progress (resumable), processing status that
// updates until ready, rename, reorder, captions upload and delete.
import { videos } from "../infrastructure/api.js";
import { VideoUpload } from "../infrastructure/upload.js";
import { statusBadge, thumbnail } from "./cards.js";
import { confirmDialog } from "./dialog.js";
import {
  announce,
  busy,
  byId,
  clearFormErrors,
  empty,
  errorAlert,
  formatDuration,
  h,
  pageUrl,
  progressBar,
  replace,
  setProgress,
  showFormError,
} from "./ui.js";
import { captionsForm, renameForm } from "./video-forms.js";

const POLL_MS = 3000;
const state = { courseId: null, items: [], rows: new Map(), timer: null, uploads: 0 };

function statusLine(video) {
  /** @type {(Node | string)[]} */
  const parts = [statusBadge(video) || h("span", { class: "badge text-bg-success", text: "Ready" })];
  if (video.duration_s) parts.push(" ", h("span", { class: "small text-body-secondary", text: formatDuration(video.duration_s) }));
  if (video.status === "processing") {
    parts.push(progressBar(Number(video.progress_percent) || 0, `Processing ${video.title}`, { small: true, striped: true }));
  }
  if (video.status === "failed" && video.error) parts.push(h("div", { class: "small text-danger", text: video.error }));
  return parts;
}

function moveButton(video, step, text) {
  const index = state.items.findIndex((item) => item.id === video.id);
  const target = index + step;
  return h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-secondary",
    text,
    "aria-label": `Move ${video.title} ${step < 0 ? "up" : "down"}`,
    disabled: target < 0 || target >= state.items.length,
    dataset: { move: String(step) },
    onclick: (event) => busy(event.currentTarget, () => move(index, target, step)),
  });
}

async function move(from, to, step) {
  const order = [...state.items];
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const slots = state.items.map((video) => Number(video.position));
  const distinct = new Set(slots).size === slots.length && slots.every(Number.isFinite);
  const positions = distinct ? [...slots].sort((a, b) => a - b) : order.map((_video, index) => index + 1);
  try {
    await Promise.all(
      order.map((video, index) => (Number(video.position) === positions[index] ? null : videos.update(video.id, { position: positions[index] }))),
    );
    announce(`${moved.title} moved ${step < 0 ? "up" : "down"}.`);
  } catch (error) {
    byId("videos-state").replaceChildren(errorAlert(error));
  }
  await refresh();
  const button = state.rows.get(moved.id)?.querySelector(`[data-move="${step}"]:not([disabled])`);
  (button || state.rows.get(moved.id)?.querySelector("button"))?.focus();
}

const shape = (video) => JSON.stringify([video.status, video.title, !!video.thumbnail_url]);

function row(video) {
  const extra = h("div", { class: "w-100" });
  const remove = h("button", { type: "button", class: "btn btn-sm btn-outline-danger", text: "Delete", "aria-label": `Delete ${video.title}` });
  remove.addEventListener("click", async () => {
    if (!(await confirmDialog({ title: `Delete “${video.title}”?`, body: "The video and its files are removed for good." }))) return;
    try {
      await busy(remove, () => videos.remove(video.id));
      announce(`${video.title} deleted.`);
      await refresh();
    } catch (error) {
      extra.replaceChildren(errorAlert(error));
    }
  });
  const toggle = (make) => () =>
    replace(
      extra,
      extra.firstChild && /** @type {HTMLElement} */ (extra.firstChild).dataset.form === make.name
        ? null
        : make(video, {
            done: () => {
              extra.replaceChildren();
              refresh();
            },
          }),
    );
  return h(
    "li",
    { class: "list-group-item", dataset: { videoId: video.id, status: video.status, shape: shape(video) } },
    h(
      "div",
      { class: "d-flex flex-wrap gap-3 align-items-center" },
      thumbnail(video),
      h(
        "div",
        { class: "flex-grow-1 min-w-0" },
        video.status === "ready"
          ? h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/watch.html", { id: video.id }), text: video.title })
          : h("span", { class: "fw-semibold text-break-anywhere", text: video.title }),
        h("div", { class: "video-status" }, statusLine(video)),
      ),
      h(
        "div",
        { class: "d-flex flex-wrap gap-1" },
        moveButton(video, -1, "↑"),
        moveButton(video, 1, "↓"),
        h("button", {
          type: "button",
          class: "btn btn-sm btn-outline-secondary",
          text: "Rename",
          "aria-label": `Rename ${video.title}`,
          onclick: toggle(renameForm),
        }),
        h("button", {
          type: "button",
          class: "btn btn-sm btn-outline-secondary",
          text: "Captions",
          "aria-label": `Add captions to ${video.title}`,
          onclick: toggle(captionsForm),
        }),
        remove,
      ),
    ),
    extra,
  );
}

/** Reload the list; rows whose video did not change keep their open forms. */
export async function refresh() {
  clearTimeout(state.timer);
  try {
    const list = await videos.list(state.courseId);
    const items = (list.items || []).map((item) => item.video || item);
    const sameOrder = items.length === state.items.length && items.every((video, index) => state.items[index].id === video.id);
    state.items = items;
    if (sameOrder) {
      for (const video of items) {
        const current = state.rows.get(video.id);
        if (current.dataset.shape !== shape(video)) {
          // A new status or title (a thumbnail, a duration, a watch link): draw the row anew.
          const fresh = row(video);
          current.replaceWith(fresh);
          state.rows.set(video.id, fresh);
        } else replace(current.querySelector(".video-status"), statusLine(video));
      }
    } else {
      state.rows = new Map(items.map((video) => [video.id, row(video)]));
      replace(byId("video-list"), [...state.rows.values()]);
    }
    replace(byId("videos-state"), items.length ? null : empty("No videos yet. Upload the first one."));
    for (const card of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll(".upload-card[data-video-id]"))) {
      const video = items.find((item) => item.id === card.dataset.videoId);
      if (video && ["ready", "failed"].includes(video.status)) finishCard(card, video);
    }
    const busyVideos = items.filter((video) => video.status === "processing" || (video.status === "uploading" && state.uploads));
    if (busyVideos.length) state.timer = setTimeout(refresh, POLL_MS);
    return items;
  } catch (error) {
    replace(byId("videos-state"), errorAlert(error));
    state.timer = setTimeout(refresh, POLL_MS * 3);
    return state.items;
  }
}

function uploadCard(title, videoId) {
  const bar = progressBar(0, `Upload of ${title}`, { striped: true });
  const text = h("span", { class: "small upload-text", text: "Starting…" });
  const actions = h("div", { class: "mt-2" });
  const card = h(
    "div",
    { class: "border rounded p-2 mb-2 upload-card", dataset: { videoId } },
    h("div", { class: "fw-semibold text-break-anywhere", text: title }),
    bar,
    text,
    actions,
  );
  return { card, bar, text, actions };
}

function finishCard(card, video) {
  delete card.dataset.videoId;
  const ready = video.status === "ready";
  card.querySelector(".upload-text").textContent = ready ? "Ready to watch." : `Processing failed: ${video.error || "unknown error"}`;
  card.classList.add(ready ? "border-success" : "border-danger");
  const bar = card.querySelector(".progress-bar");
  bar.classList.remove("progress-bar-striped");
  bar.classList.add(ready ? "bg-success" : "bg-danger");
  announce(ready ? `${video.title} is ready.` : `${video.title} could not be processed.`);
}

async function runUpload(uploader, ui, attempt) {
  replace(ui.actions);
  try {
    state.uploads += 1;
    await attempt();
    setProgress(ui.bar, 100);
    ui.text.textContent = "Uploaded. Processing…";
    announce(`${uploader.video.title} uploaded; processing started.`);
  } catch (error) {
    ui.text.textContent = "";
    const resume = h("button", { type: "button", class: "btn btn-sm btn-warning", text: "Resume upload" });
    resume.addEventListener("click", () => runUpload(uploader, ui, () => uploader.resume()));
    // The alert (role=alert) announces itself; the Resume upload button follows it.
    replace(ui.actions, errorAlert(error, "The upload stopped."), resume);
  } finally {
    state.uploads -= 1;
    await refresh();
  }
}

function bindUploadForm() {
  const form = byId("upload-form", HTMLFormElement);
  form.elements.file.addEventListener("change", () => {
    const file = form.elements.file.files[0];
    if (file && !form.elements.title.value.trim()) form.elements.title.value = file.name.replace(/\.[^.]+$/, "");
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const file = form.elements.file.files[0];
    const title = form.elements.title.value.trim() || (file ? file.name : "");
    if (!file) return showFormError(form, { detail: "Choose a video file.", errors: { file: "Choose a video file." } });
    let created;
    try {
      created = await busy(form.querySelector("[type=submit]"), () =>
        videos.create({
          course_id: state.courseId,
          title,
          filename: file.name,
          content_type: file.type || "video/mp4",
          size_bytes: file.size,
          position: state.items.reduce((max, video) => Math.max(max, Number(video.position) || 0), 0) + 1,
        }),
      );
    } catch (error) {
      return showFormError(form, error);
    }
    form.reset();
    const ui = uploadCard(title, created.video.id);
    byId("uploads").prepend(ui.card);
    const uploader = new VideoUpload(created, file, (fraction) => {
      setProgress(ui.bar, fraction * 100);
      ui.text.textContent = `${Math.round(fraction * 100)}% uploaded`;
    });
    await refresh();
    await runUpload(uploader, ui, () => uploader.start());
  });
}

/** Start managing the videos of `courseId`. */
export async function manageVideos(courseId) {
  state.courseId = courseId;
  bindUploadForm();
  await refresh();
}
