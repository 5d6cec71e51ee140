// @ts-check
// The video player: one control bar inside the video area (also in full screen), keys as on
// YouTube, remembered speed/volume/captions, resume with a "Start over" notice, stream URLs
// renewed before they expire, heartbeats with the spans really played, the next video's
// countdown, and chapters.
import { progress } from "../../infrastructure/api.js";
import { t } from "../../infrastructure/i18n.js";
import { SpanTracker } from "../../infrastructure/tracker.js";
import { announce, h } from "../ui.js";
import { chapterAt, drawMarks } from "./chapters.js";
import { buildControls } from "./controls.js";
import { bindKeys, buildHelp } from "./keys.js";
import { nextCountdown, resumeNotice } from "./notices.js";
import { Playback } from "./playback.js";
import { loadPrefs, savePrefs } from "./prefs.js";
import { buildSettings, SPEEDS } from "./settings.js";
import { StreamSource } from "./source.js";
import { seekPreview } from "./storyboard.js";

const HEARTBEAT_MS = 10000;

/**
 * Play `meta` (the video) in the <video> `el` inside `box`, from `stream` (the /stream answer;
 * `fetchStream()` asks for a new one). `saved` is the progress record or null; `next` the next
 * video or null (`goNext()` opens it); `onTheatre(on)` widens the page; `onChapter(chapter)`
 * and `onTime(seconds)` follow playback.
 */
export function startPlayer({
  box,
  el,
  meta,
  stream,
  fetchStream,
  saved,
  next = null,
  goNext = () => {},
  onTheatre = (_on) => {},
  onChapter = (_chapter) => {},
  onTime = (_seconds) => {},
}) {
  const prefs = loadPrefs();
  const source = new StreamSource(stream, fetchStream);
  const tracker = new SpanTracker();
  const state = { lastSent: null, timer: 0, chapter: null, countdown: null };
  const resume = resumePoint(saved, meta);
  const chapters = Array.isArray(meta.chapters) ? meta.chapters : [];
  el.removeAttribute("controls");
  el.playbackRate = prefs.rate;
  el.defaultPlaybackRate = prefs.rate;
  el.volume = Math.min(1, Math.max(0, prefs.volume));
  el.muted = prefs.muted;

  const tracks = addTracks(el, stream.captions || []);
  const help = buildHelp(box);
  const actions = {
    togglePlay: () => (el.paused ? el.play().catch(() => {}) : el.pause()),
    skip: (seconds) => seekTo(el.currentTime + seconds),
    jumpTo: (fraction) => seekTo(fraction * (el.duration || 0)),
    nudgeVolume: (step) => actions.setVolume(Math.round((el.volume + step) * 100) / 100),
    setVolume: (value) => {
      el.volume = Math.min(1, Math.max(0, value));
      el.muted = el.volume === 0;
    },
    toggleMute: () => {
      el.muted = !el.muted;
      if (!el.muted && el.volume === 0) el.volume = 0.5;
    },
    toggleFullscreen: () => {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      else box.requestFullscreen().catch(() => announce(t("player.no_fullscreen")));
    },
    togglePip: () => {
      if (document.pictureInPictureElement) document.exitPictureInPicture().catch(() => {});
      else el.requestPictureInPicture().catch(() => announce(t("player.no_pip")));
    },
    toggleTheatre: () => setTheatre(!box.classList.contains("player-wide")),
    toggleCaptions: () => setCaptions(shownLanguage() ? "" : prefs.captions || tracks[0]?.language || ""),
    setCaptions: (language) => setCaptions(language),
    setQuality: (value) => {
      playback.setLevel(value);
      announce(
        value === "-1" ? t("player.quality_auto") : t("player.quality_is", { label: menu.panel.querySelector("#quality option:checked")?.textContent || "" }),
      );
    },
    setSpeed: (rate) => {
      el.playbackRate = rate;
    },
    stepSpeed: (direction) => {
      const index = SPEEDS.indexOf(el.playbackRate);
      const at = index === -1 ? SPEEDS.indexOf(1) : index;
      el.playbackRate = SPEEDS[Math.min(SPEEDS.length - 1, Math.max(0, at + direction))];
      announce(el.playbackRate === 1 ? t("player.speed_normal") : t("player.speed_is", { rate: el.playbackRate }));
    },
    showHelp: () => help.show(),
    preview: (seconds, fraction) => {
      if (seconds === null) preview.hide();
      else preview.show(seconds, fraction, chapterAt(chapters, seconds)?.title || "");
    },
    onTime: (seconds) => {
      const current = chapterAt(chapters, seconds);
      if (current !== state.chapter) {
        state.chapter = current;
        bar.chapter.textContent = current ? current.title : "";
        onChapter(current);
      }
      onTime(seconds);
    },
  };
  const bar = buildControls(box, el, actions);
  const menu = buildSettings(bar.bar, bar.settings, actions);
  const preview = seekPreview(bar.track);
  const playback = new Playback(el, source, { startAt: resume.at, onLevels: (shown) => menu.setQualities(shown.levels(), shown.level()) });
  menu.setQualities(playback.levels(), playback.level());
  box.dataset.engine = playback.kind;
  bindKeys(box, actions);

  function seekTo(seconds) {
    const end = Number.isFinite(el.duration) ? el.duration : Number.POSITIVE_INFINITY;
    el.currentTime = Math.min(end, Math.max(0, seconds));
  }
  function shownLanguage() {
    return Array.from(el.textTracks).find((track) => track.mode === "showing")?.language || "";
  }
  function setCaptions(language) {
    Array.from(el.textTracks).forEach((track) => {
      track.mode = language && track.language === language ? "showing" : "disabled";
    });
    if (language) prefs.captions = language;
    savePrefs({ captions: language });
    menu.setCaptions(tracks, language);
    bar.setCaptionsOn(!!language, tracks.length > 0);
  }
  function setTheatre(on) {
    box.classList.toggle("player-wide", on);
    bar.setTheatre(on);
    savePrefs({ theatre: on });
    onTheatre(on);
  }

  el.addEventListener("ratechange", () => {
    menu.setSpeed(el.playbackRate);
    savePrefs({ rate: el.playbackRate });
  });
  el.addEventListener("volumechange", () => savePrefs({ volume: el.volume, muted: el.muted }));
  el.addEventListener("loadedmetadata", () => drawMarks(bar.marks, chapters, el.duration));
  el.addEventListener(
    "loadedmetadata",
    () => {
      if (resume.at && Math.abs(el.currentTime - resume.at) > 1) el.currentTime = resume.at;
      if (resume.at && resume.saved) resumeNotice(box, resume.at, () => seekTo(0));
    },
    { once: true },
  );
  if (stream.storyboard?.url) preview.load(stream.storyboard.url);
  source.onRenew((fresh) => {
    box.dataset.renewals = String(source.renewals);
    renewTracks(el, fresh.captions || []);
    // the track lists presigned sprite URLs: read it again so a later hover finds fresh ones
    if (fresh.storyboard?.url) preview.load(fresh.storyboard.url);
  });
  menu.setSpeed(el.playbackRate);
  const startLanguage = tracks.some((track) => track.language === prefs.captions) ? prefs.captions : "";
  setCaptions(startLanguage);
  if (prefs.theatre) setTheatre(true);

  // Heartbeats: the spans really played, on a timer while playing and at every pause/seek/end.
  const beat = (keepalive = false) => heartbeat(el, meta, tracker, state, keepalive);
  el.addEventListener("timeupdate", () => {
    if (!el.paused && !el.seeking) tracker.advance(el.currentTime);
  });
  el.addEventListener("playing", () => {
    tracker.advance(el.currentTime);
    window.clearInterval(state.timer);
    state.timer = window.setInterval(() => beat(), HEARTBEAT_MS);
  });
  el.addEventListener("pause", () => {
    tracker.advance(el.currentTime);
    tracker.close();
    window.clearInterval(state.timer);
    beat();
  });
  el.addEventListener("seeking", () => tracker.close());
  el.addEventListener("seeked", () => beat());
  el.addEventListener("ended", () => {
    tracker.close();
    window.clearInterval(state.timer);
    beat();
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    if (!next) return announce(t("player.course_end"));
    announce(t("player.finished_next", { title: next.title }));
    state.countdown = nextCountdown(box, next, goNext);
  });
  el.addEventListener("play", () => state.countdown?.stop());
  // keepalive lets the last heartbeat outlive the page (sendBeacon cannot carry the token).
  window.addEventListener("pagehide", () => beat(true));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") beat(true);
  });
  el.play().catch(() => announce(t("player.press_play")));
  return { beat, tracker, source, playback, seek: seekTo, actions, el };
}

/** Where to start: ?t= (a link to a moment) wins, then the saved position. */
function resumePoint(saved, meta) {
  const asked = Number(new URLSearchParams(window.location.search).get("t"));
  if (asked > 0) return { at: asked, saved: false };
  if (!saved) return { at: 0, saved: false };
  const position = Number(saved.position_s) || 0;
  const duration = Number(saved.duration_s || meta.duration_s) || 0;
  // A finished video starts over; the first second is not worth resuming.
  if (position < 1 || (duration && position > duration - 3)) return { at: 0, saved: false };
  return { at: position, saved: true };
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

/** <track>s for the captions; returns [{language, label}] in order. */
function addTracks(el, captions) {
  for (const caption of captions) {
    el.append(h("track", { kind: "captions", src: caption.url, srclang: caption.language, label: caption.label || caption.language }));
  }
  return captions.map((caption) => ({ language: caption.language, label: caption.label || caption.language }));
}

/** Point tracks not loaded yet at their renewed URLs (a loaded track keeps its cues). */
function renewTracks(el, captions) {
  for (const track of el.querySelectorAll("track")) {
    const fresh = captions.find((caption) => caption.language === track.srclang);
    if (fresh && track.readyState !== HTMLTrackElement.LOADED) track.src = fresh.url;
  }
}
