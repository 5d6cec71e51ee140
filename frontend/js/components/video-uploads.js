// @ts-check
// The course editor's uploads: files dropped or chosen become videos at once and upload one
// after the other; a stopped upload resumes with the file in memory, an upload a reload cut
// off resumes once the person picks the same file again (S3 keeps the parts it has), and the
// page asks before it is left while bytes are still being sent.

import { videos } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { guardLeaving } from "../infrastructure/leave-guard.js";
import { UploadError, VideoUpload } from "../infrastructure/upload.js";
import { forgetFile, isRememberedFile, rememberedFile, rememberFile } from "../infrastructure/upload-memory.js";
import { announce } from "./ui.js";
import { isVideoFile } from "./upload-drop.js";

/**
 * This page's uploads by video id.
 * @type {Map<string, {uploader: VideoUpload | null, fraction: number, queued: boolean, failed: boolean, sent: boolean, error: any}>}
 */
export const local = new Map();

/** Whether bytes are still to be sent (leaving the page would stop them). */
export const sending = () => [...local.values()].some((entry) => !entry.sent && !entry.failed);

guardLeaving(sending);

const titleOf = (file) => file.name.replace(/\.[^.]+$/, "") || file.name;

/**
 * @typedef {{courseId: string, sectionId?: string | null, nextPosition: () => number,
 *   changed: (videoId: string) => void, refresh: () => Promise<any>}} UploadContext
 */

function entryFor(videoId, ctx) {
  const entry = { uploader: null, fraction: 0, queued: true, failed: false, sent: false, error: null };
  local.set(videoId, entry);
  const onProgress = (fraction) => {
    entry.fraction = fraction;
    ctx.changed(videoId);
  };
  return { entry, onProgress };
}

/** Send an entry's file (or what is left of it) and complete the upload. */
export async function run(videoId, attempt, ctx) {
  const entry = local.get(videoId);
  if (!entry) return;
  Object.assign(entry, { queued: false, failed: false, error: null });
  ctx.changed(videoId);
  try {
    await attempt();
    entry.sent = true;
    forgetFile(videoId);
    announce(t("editor.upload.uploaded", { title: entry.uploader?.video.title || "" }));
  } catch (error) {
    entry.failed = true;
    entry.error = error;
  }
  await ctx.refresh();
}

/**
 * Create a video for each file, then upload them one by one. Resolves to the files refused
 * (not videos, or refused by the service) with their errors.
 * @param {File[]} files
 * @param {UploadContext} ctx
 */
export async function uploadFiles(files, ctx) {
  const refused = [];
  const queue = [];
  for (const file of files) {
    if (!isVideoFile(file)) {
      refused.push({ file, error: new UploadError(0, t("editor.upload.not_video", { name: file.name })) });
      continue;
    }
    try {
      const created = await videos.create({
        course_id: ctx.courseId,
        title: titleOf(file),
        filename: file.name,
        content_type: file.type || "video/mp4",
        size_bytes: file.size,
        position: ctx.nextPosition(),
        ...(ctx.sectionId ? { section_id: ctx.sectionId } : {}),
      });
      rememberFile(created.video.id, file);
      const { entry, onProgress } = entryFor(created.video.id, ctx);
      entry.uploader = new VideoUpload(created, file, onProgress);
      queue.push(created.video.id);
    } catch (error) {
      refused.push({ file, error });
    }
  }
  if (queue.length) await ctx.refresh();
  const work = (async () => {
    for (const videoId of queue) {
      const entry = local.get(videoId);
      if (entry?.uploader) await run(videoId, () => entry.uploader?.start(), ctx);
    }
  })();
  return { refused, done: work };
}

/** Retry a stopped upload of this page (the file is still in memory). */
export function retry(videoId, ctx) {
  const entry = local.get(videoId);
  if (entry?.uploader) return run(videoId, () => entry.uploader?.resume(), ctx);
  return Promise.resolve();
}

/**
 * Resume a video left "uploading" (by a reload or a closed tab) with the file picked again.
 * @param {any} video
 * @param {File} file
 * @param {UploadContext} ctx
 */
export async function resumeWithFile(video, file, ctx) {
  const known = rememberedFile(video.id);
  if (!isRememberedFile(video.id, file)) {
    throw new UploadError(0, t("editor.upload.wrong_file", { name: file.name, expected: known?.name || t("editor.upload.same_file") }));
  }
  const { entry, onProgress } = entryFor(video.id, ctx);
  try {
    entry.uploader = await VideoUpload.resumeFrom(video, file, onProgress);
  } catch (error) {
    local.delete(video.id);
    throw error;
  }
  rememberFile(video.id, file);
  await run(video.id, () => entry.uploader?.start(), ctx);
}

/** Give up an unfinished upload: the video and what S3 holds of it are removed. */
export async function discard(video) {
  await videos.remove(video.id);
  local.delete(video.id);
  forgetFile(video.id);
}
