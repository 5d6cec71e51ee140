// @ts-check
// One progress indicator per video, from the first uploaded byte to "Ready": the same bar
// moves through the stages Uploading → Processing → Ready, so a person follows one thing.
import { t } from "../infrastructure/i18n.js";
import { formatDuration, h, progressBar, setProgress } from "./ui.js";

/**
 * The stage a video is in, from the server's status and this page's own upload of it.
 * @param {any} video
 * @param {{fraction: number, queued?: boolean, failed?: boolean, sent?: boolean} | undefined} local
 */
export function stageOf(video, local) {
  if (video.status === "uploading" && local) {
    if (local.queued) return { stage: "queued", percent: 0 };
    if (local.failed) return { stage: "stopped", percent: Math.round(local.fraction * 100) };
    if (!local.sent) return { stage: "uploading", percent: Math.round(local.fraction * 100) };
    return { stage: "processing", percent: 0 };
  }
  if (video.status === "uploading") return { stage: "interrupted", percent: 0 };
  if (video.status === "processing") return { stage: "processing", percent: Number(video.progress_percent) || 0 };
  if (video.status === "failed") return { stage: "failed", percent: 100 };
  return { stage: "ready", percent: 100 };
}

const BAR = { queued: "", uploading: "", stopped: "bg-warning", interrupted: "bg-warning", processing: "bg-info", failed: "bg-danger", ready: "bg-success" };

/** "Uploading · 42%", "Processing · 7%", "Ready · 3:05". */
function caption({ stage, percent }, video) {
  const word = t(`editor.stage.${stage}`);
  if (stage === "ready") return video.duration_s ? `${word} · ${formatDuration(video.duration_s)}` : word;
  if (stage === "uploading" || stage === "processing") return `${word} · ${percent}%`;
  if (stage === "failed") return `${word}: ${video.error || t("editor.stage.unknown_error")}`;
  return word;
}

/** The indicator: a progress bar (role=progressbar, labelled per video) and its caption. */
export function videoProgress(video, local) {
  const state = stageOf(video, local);
  const bar = progressBar(state.percent, t("editor.stage.progress_of", { title: video.title }), { small: true });
  const text = h("span", { class: "small video-progress-text" });
  const node = h("div", { class: "video-progress" }, bar, text);
  updateProgress(node, video, local);
  return node;
}

/** Move an existing indicator to what `video` and `local` say now (in place, no redraw). */
export function updateProgress(node, video, local) {
  const state = stageOf(video, local);
  const bar = /** @type {HTMLElement} */ (node.querySelector("[role=progressbar]"));
  const words = caption(state, video);
  setProgress(bar, state.percent);
  bar.setAttribute("aria-valuetext", words);
  const fill = /** @type {HTMLElement} */ (bar.firstElementChild);
  fill.className = `progress-bar ${BAR[state.stage]}`;
  if (state.stage === "uploading" || state.stage === "processing") fill.classList.add("progress-bar-striped", "progress-bar-animated");
  node.dataset.stage = state.stage;
  /** @type {HTMLElement} */ (node.querySelector(".video-progress-text")).textContent = words;
}
