// @ts-check
// The video player: hls.js adaptive playback (quality menu) with MP4/native fallback, resume,
// progress heartbeats with the spans really played, speed, captions and keyboard shortcuts.
import { progress } from "../infrastructure/api.js";
import { SpanTracker } from "../infrastructure/tracker.js";
import { announce, formatDuration, h, replace } from "./ui.js";

const HEARTBEAT_MS = 10000;
const SPEEDS = [0.5, 0.75, 1, 1.25, 1.5, 2];

/**
 * Start playing `meta` (the video) in `el` from `stream` ({mp4_url, hls_url, captions}).
 * controls: {quality, speed, captions} <select>s. `saved` is the progress record or null.
 */
export function startPlayer({ el, meta, stream, saved, controls, onEnded }) {
  const tracker = new SpanTracker();
  const state = { hls: null, lastSent: null, timer: null, resumeAt: resumePoint(saved, meta) };
  addCaptions(el, stream.captions || [], controls.captions);
  setupSpeed(el, controls.speed);
  load(el, stream, state, controls.quality);
  el.addEventListener(
    "loadedmetadata",
    () => {
      if (state.resumeAt && Math.abs(el.currentTime - state.resumeAt) > 1) el.currentTime = state.resumeAt;
      if (state.resumeAt) announce(`Resuming at ${formatDuration(state.resumeAt)}.`);
      state.resumeAt = 0;
    },
    { once: true },
  );

  const beat = (keepalive = false) => heartbeat(el, meta, tracker, state, keepalive);
  el.addEventListener("timeupdate", () => {
    if (!el.paused && !el.seeking) tracker.advance(el.currentTime);
  });
  el.addEventListener("playing", () => {
    tracker.advance(el.currentTime);
    clearInterval(state.timer);
    state.timer = setInterval(() => beat(), HEARTBEAT_MS);
  });
  el.addEventListener("pause", () => {
    tracker.advance(el.currentTime);
    tracker.close();
    clearInterval(state.timer);
    beat();
  });
  el.addEventListener("seeking", () => tracker.close());
  el.addEventListener("seeked", () => beat());
  el.addEventListener("ended", () => {
    tracker.close();
    clearInterval(state.timer);
    beat();
    if (onEnded) onEnded();
  });
  // keepalive lets the last heartbeat outlive the page (sendBeacon cannot carry the token).
  window.addEventListener("pagehide", () => beat(true));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") beat(true);
  });
  bindKeys(el);
  el.play().catch(() => announce("Press play to start the video."));
  return { beat, tracker };
}

function resumePoint(saved, meta) {
  // ?t=<seconds> (e.g. from a retention chart) starts there, whatever was saved.
  const asked = Number(new URLSearchParams(window.location.search).get("t"));
  if (asked > 0) return asked;
  if (!saved) return 0;
  const position = Number(saved.position_s) || 0;
  const duration = Number(saved.duration_s || meta.duration_s) || 0;
  // A finished video starts over; the first second is not worth resuming.
  if (position < 1 || (duration && position > duration - 3)) return 0;
  return position;
}

async function heartbeat(el, meta, tracker, state, keepalive) {
  const watched = tracker.take();
  const position = Math.round(el.currentTime * 100) / 100;
  if (watched.length === 0 && state.lastSent !== null && Math.abs(position - state.lastSent) < 0.5) return;
  const duration = Number.isFinite(el.duration) && el.duration > 0 ? el.duration : Number(meta.duration_s) || 0;
  const body = { course_id: meta.course_id, position_s: position, duration_s: Math.round(duration * 100) / 100, watched };
  try {
    await progress.heartbeat(meta.id, body, keepalive);
    state.lastSent = position;
  } catch (error) {
    tracker.restore(watched); // sent again with the next heartbeat; the server merges spans
    console.warn("heartbeat failed", error);
  }
}

function load(el, stream, state, quality) {
  const Hls = window.Hls;
  if (stream.hls_url && Hls?.isSupported()) {
    const hls = new Hls({ startPosition: state.resumeAt || -1, capLevelToPlayerSize: false });
    state.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, () => fillQuality(hls, quality));
    hls.on(Hls.Events.LEVEL_SWITCHED, (_event, data) => describeAuto(hls, quality, data.level));
    let recovered = false;
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !recovered) {
        recovered = true;
        hls.recoverMediaError();
        return;
      }
      fallBackToMp4(el, stream, state, quality);
    });
    hls.loadSource(stream.hls_url);
    hls.attachMedia(el);
    return;
  }
  if (stream.hls_url && el.canPlayType("application/vnd.apple.mpegurl")) {
    el.src = stream.hls_url; // Safari and others with native HLS
    singleQuality(quality, "Auto");
    return;
  }
  el.src = stream.mp4_url;
  singleQuality(quality, "Original");
}

function fallBackToMp4(el, stream, state, quality) {
  const at = el.currentTime;
  state.hls.destroy();
  state.hls = null;
  if (!stream.mp4_url) {
    announce("This video cannot be played right now.");
    return;
  }
  announce("Switched to the plain MP4 version.");
  el.src = stream.mp4_url;
  singleQuality(quality, "Original");
  el.addEventListener(
    "loadedmetadata",
    () => {
      el.currentTime = at;
      el.play().catch(() => {});
    },
    { once: true },
  );
}

function singleQuality(select, text) {
  select.replaceChildren(h("option", { value: "-1", text }));
  select.disabled = true;
}

function fillQuality(hls, select) {
  const levels = hls.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate }));
  levels.sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
  replace(
    select,
    h("option", { value: "-1", text: "Auto" }),
    levels.map((level) => h("option", { value: String(level.index), text: level.height ? `${level.height}p` : `${Math.round(level.bitrate / 1000)} kbps` })),
  );
  select.disabled = levels.length < 2;
  select.onchange = () => {
    hls.currentLevel = Number(select.value);
    announce(select.value === "-1" ? "Quality: automatic." : `Quality: ${select.selectedOptions[0].text}.`);
  };
}

function describeAuto(hls, select, level) {
  const auto = select.querySelector("option[value='-1']");
  const height = hls.levels[level]?.height;
  if (auto) auto.textContent = hls.autoLevelEnabled && height ? `Auto (${height}p)` : "Auto";
}

function setupSpeed(el, select) {
  select.replaceChildren(...SPEEDS.map((speed) => h("option", { value: String(speed), text: speed === 1 ? "Normal" : `${speed}×`, selected: speed === 1 })));
  select.addEventListener("change", () => {
    el.playbackRate = Number(select.value);
  });
  el.addEventListener("ratechange", () => {
    select.value = String(el.playbackRate);
  });
}

function addCaptions(el, captions, select) {
  captions.forEach((caption) => {
    el.append(h("track", { kind: "captions", src: caption.url, srclang: caption.language, label: caption.label || caption.language }));
  });
  replace(
    select,
    h("option", { value: "", text: "Off" }),
    captions.map((caption, index) => h("option", { value: String(index), text: caption.label || caption.language })),
  );
  select.disabled = captions.length === 0;
  select.addEventListener("change", () => {
    Array.from(el.textTracks).forEach((track, index) => {
      track.mode = String(index) === select.value ? "showing" : "disabled";
    });
  });
}

function bindKeys(el) {
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented) return;
    const target = /** @type {Element} */ (event.target);
    const typing = target.closest?.("input, textarea, select, [contenteditable], .modal");
    if (typing) return;
    const onControl = target !== el && target.closest && target.closest("button, a, summary");
    if (event.key === " " || event.key === "k") {
      if (onControl && event.key === " ") return; // space presses the focused button
      event.preventDefault();
      if (el.paused) el.play().catch(() => {});
      else el.pause();
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      const step = event.key === "ArrowLeft" ? -5 : 5;
      const end = Number.isFinite(el.duration) ? el.duration : Infinity;
      el.currentTime = Math.min(end, Math.max(0, el.currentTime + step));
    } else if (event.key === "f") {
      event.preventDefault();
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else el.requestFullscreen().catch(() => {});
    } else if (event.key === "m") {
      el.muted = !el.muted;
    }
  });
}
