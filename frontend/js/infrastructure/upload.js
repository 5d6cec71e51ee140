// @ts-check
// Browser → S3 uploads through presigned requests, with real progress (XHR upload events).
// Video uploads are a single PUT or S3 multipart (parts retried; resumable after a failure).
import { videos } from "./api.js";
import { t } from "./i18n.js";

const PARALLEL_PARTS = 3;
const PART_ATTEMPTS = 4;
const UNSAFE_HEADERS = new Set(["host", "content-length", "connection"]);

/** An upload failure: status 0 for a network error, else S3's status and message. */
export class UploadError extends Error {
  constructor(status, message) {
    super(message || (status ? `The upload was refused (${status}).` : "The upload was interrupted (network error)."));
    this.status = status;
    this.detail = this.message;
  }
}

function s3Message(xhr) {
  const match = /<Message>([^<]*)<\/Message>/.exec(xhr.responseText || "");
  return match ? `The storage refused the upload: ${match[1]}` : null;
}

/**
 * Send `blob` with one presigned request ({method, url, fields|headers}); resolves to the ETag.
 * @param {{method?: string, url: string, fields?: Record<string, string>, headers?: Record<string, string>}} upload
 * @param {Blob} blob
 * @param {(loaded: number, total: number) => void} [onProgress]
 */
export function sendFile(upload, blob, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(upload.method || "PUT", upload.url);
    /** @type {Blob | FormData} */
    let body = blob;
    if ((upload.method || "PUT").toUpperCase() === "POST") {
      body = new FormData();
      for (const [name, value] of Object.entries(upload.fields || {})) body.append(name, value);
      body.append("file", blob); // S3 POST policy: the file is the last field
    } else {
      for (const [name, value] of Object.entries(upload.headers || {})) {
        if (!UNSAFE_HEADERS.has(name.toLowerCase())) xhr.setRequestHeader(name, value);
      }
    }
    xhr.upload.onprogress = (event) => onProgress(event.loaded, event.lengthComputable ? event.total : blob.size);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(blob.size, blob.size);
        resolve(xhr.getResponseHeader("ETag"));
      } else reject(new UploadError(xhr.status, s3Message(xhr)));
    };
    xhr.onerror = () => reject(new UploadError(0));
    xhr.ontimeout = () => reject(new UploadError(0));
    xhr.onabort = () => reject(new UploadError(0, "The upload was cancelled."));
    xhr.send(body);
  });
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `file` can be the file an upload was planned for (its size fits the plan). */
function fitsUpload(upload, file) {
  if ((upload.method || "").toLowerCase() === "multipart") {
    const size = Number(upload.part_size);
    const count = Number(upload.part_count);
    return file.size > (count - 1) * size && file.size <= count * size;
  }
  const declared = upload.headers?.["Content-Length"];
  return declared === undefined || Number(declared) === file.size;
}

/**
 * Uploads one video file for a created video ({video, upload} from POST /api/videos), then
 * completes it. onProgress(fraction 0..1). After a failure, resume() retries what is missing.
 */
export class VideoUpload {
  /** First retry delay of a failed part (doubles each attempt); tests shorten it. */
  static retryBaseMs = 1000;

  /**
   * @param {any} created the API's answer to creating the video (video and upload)
   * @param {File} file
   * @param {(fraction: number) => void} [onProgress]
   */
  constructor(created, file, onProgress = () => {}) {
    this.video = created.video;
    this.upload = created.upload;
    this.file = file;
    this.onProgress = onProgress;
    this.etags = new Map(); // part number → ETag of parts S3 has
    this.loaded = new Map(); // part number → bytes sent so far
  }

  report() {
    let sent = 0;
    for (const bytes of this.loaded.values()) sent += bytes;
    this.onProgress(Math.min(1, sent / (this.file.size || 1)));
  }

  /**
   * Continue the upload of a video left "uploading" (a reload, a closed tab): the person picks
   * the file again; S3 keeps the parts it has, so only the missing ones are sent.
   * @param {any} video
   * @param {File} file
   * @param {(fraction: number) => void} [onProgress]
   */
  static async resumeFrom(video, file, onProgress = () => {}) {
    const state = await videos.uploadState(video.id);
    const upload = state.upload || state;
    if (!fitsUpload(upload, file)) {
      throw new UploadError(0, t("editor.upload.wrong_size", { name: file.name }));
    }
    const uploader = new VideoUpload({ video, upload: { ...upload, parts: upload.parts || [] } }, file, onProgress);
    if (upload.uploaded) uploader.loaded.set(1, file.size); // the PUT went through; only completing is left
    uploader.merge(upload);
    return uploader;
  }

  /** Upload everything, then complete; resolves to the video (status processing). */
  async start() {
    if ((this.upload.method || "").toLowerCase() !== "multipart") {
      if (this.upload.uploaded) return (await videos.complete(this.video.id)).video;
      await sendFile(this.upload, this.file, (loaded) => {
        this.loaded.set(1, loaded);
        this.report();
      });
      return (await videos.complete(this.video.id)).video;
    }
    await this.sendParts();
    const parts = [...this.etags].map(([part_number, etag]) => ({ part_number, etag })).sort((a, b) => a.part_number - b.part_number);
    return (await videos.complete(this.video.id, parts)).video;
  }

  /** After a failure: ask which parts S3 already has (and fresh URLs), then send the rest. */
  async resume() {
    if ((this.upload.method || "").toLowerCase() === "multipart") {
      const state = await videos.uploadState(this.video.id).catch(() => null);
      if (state) this.merge(state.upload || state);
    }
    return this.start();
  }

  merge(state) {
    if (state.part_size) this.upload.part_size = state.part_size;
    const urls = new Map((state.parts || []).filter((part) => part.url).map((part) => [part.part_number, part.url]));
    if (urls.size) this.upload.parts = this.upload.parts.map((part) => ({ ...part, url: urls.get(part.part_number) || part.url }));
    for (const part of state.uploaded_parts || []) {
      if (part.etag) {
        this.etags.set(part.part_number, part.etag);
        this.loaded.set(part.part_number, this.partBlob(part.part_number).size);
      }
    }
    this.report();
  }

  partBlob(number) {
    const size = this.upload.part_size;
    return this.file.slice((number - 1) * size, Math.min(number * size, this.file.size));
  }

  async sendParts() {
    const queue = this.upload.parts.filter((part) => !this.etags.has(part.part_number));
    let failure = null;
    // A failed part stops new ones from starting; running ones finish and count for resume().
    const worker = async () => {
      while (queue.length && !failure) {
        const part = queue.shift();
        await this.sendPart(part).catch((error) => {
          failure = failure || error;
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
    if (failure) throw failure;
  }

  async sendPart(part) {
    const blob = this.partBlob(part.part_number);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const etag = await sendFile({ method: "PUT", url: part.url }, blob, (loaded) => {
          this.loaded.set(part.part_number, loaded);
          this.report();
        });
        if (!etag) throw new UploadError(0, "The storage did not confirm a part (no ETag).");
        this.etags.set(part.part_number, etag);
        await videos.reportPart(this.video.id, part.part_number, etag).catch(() => {});
        return;
      } catch (error) {
        this.loaded.set(part.part_number, 0);
        this.report();
        // 4xx (but 408/429) will not get better by retrying the same request.
        const retryable = error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
        if (!retryable || attempt >= PART_ATTEMPTS) throw error;
        await pause(VideoUpload.retryBaseMs * 2 ** (attempt - 1));
      }
    }
  }
}
