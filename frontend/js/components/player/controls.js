// @ts-check
// The control bar inside the video area: play, seek bar (buffered range, chapter marks),
// time, volume, captions, settings, theatre, picture-in-picture, full screen. Every control
// is a labelled button or range; the bar hides while playing with the pointer still.

import { t } from "../../infrastructure/i18n.js";
import { formatDuration, h } from "../ui.js";
import { icon, setIcon } from "./icons.js";

const IDLE_MS = 2500;

const button = (name, key, keys, extra = {}) =>
  h("button", { type: "button", class: `player-button player-${name}`, "aria-label": t(key), title: t(key), "aria-keyshortcuts": keys, ...extra }, icon(name));

/** Format seconds as m:ss (h:mm:ss past an hour). */
export function clock(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const rest = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** Build the bar into `box` (the element holding the video) and keep it in step with `el`. */
export function buildControls(box, el, actions) {
  const play = button("play", "player.play", "k");
  const mute = button("volume", "player.mute", "m");
  const volume = h("input", { type: "range", class: "player-volume", min: "0", max: "1", step: "0.05", "aria-label": t("player.volume") });
  const time = h("span", { class: "player-time", "aria-hidden": "true" }, "0:00 / 0:00");
  const chapter = h("span", { class: "player-chapter text-truncate", "data-testid": "current-chapter" });
  const captions = button("captions", "player.captions", "c", { "aria-pressed": "false" });
  const settings = button("settings", "player.settings", null, { "aria-expanded": "false", "aria-controls": "player-settings", "aria-haspopup": "true" });
  const theatre = button("theatre", "player.theatre", "t", { "aria-pressed": "false" });
  const pip = button("pip", "player.pip", "i");
  const full = button("fullscreen", "player.fullscreen", "f");
  const help = button("keyboard", "player.shortcuts", "?");
  const seek = h("input", {
    type: "range",
    class: "player-range",
    min: "0",
    max: "0",
    step: "any",
    value: "0",
    "aria-label": t("player.seek"),
    "data-testid": "seek",
  });
  const buffered = h("div", { class: "player-buffered" });
  const played = h("div", { class: "player-played" });
  const marks = h("div", { class: "player-marks" });
  const track = h("div", { class: "player-seek" }, h("div", { class: "player-track" }, buffered, played), marks, seek);
  pip.hidden = !document.pictureInPictureEnabled || el.disablePictureInPicture;
  const left = h("div", { class: "player-group" }, play, mute, volume, time, chapter);
  const right = h("div", { class: "player-group" }, captions, settings, help, theatre, pip, full);
  const bar = h("div", { class: "player-bar", role: "group", "aria-label": t("player.controls") }, track, h("div", { class: "player-row" }, left, right));
  box.append(bar);

  let dragging = false;
  const duration = () => (Number.isFinite(el.duration) ? el.duration : 0);
  const drawTime = () => {
    const now = dragging ? Number(seek.value) : el.currentTime;
    const end = duration();
    if (!dragging) seek.value = String(now);
    seek.max = String(end || 0);
    seek.setAttribute("aria-valuetext", t("player.time_of", { now: formatDuration(now), end: formatDuration(end) }));
    time.textContent = `${clock(now)} / ${clock(end)}`;
    played.style.width = end ? `${(now / end) * 100}%` : "0";
  };
  const drawBuffered = () => {
    const end = duration();
    let reach = 0;
    for (let i = 0; i < el.buffered.length; i += 1) {
      if (el.buffered.start(i) <= el.currentTime + 0.5) reach = Math.max(reach, el.buffered.end(i));
    }
    buffered.style.width = end ? `${Math.min(100, (reach / end) * 100)}%` : "0";
  };
  const drawPlay = () => {
    const label = t(el.paused ? "player.play" : "player.pause");
    setIcon(play, el.paused ? "play" : "pause");
    play.setAttribute("aria-label", label);
    play.title = t("player.with_key", { label, key: "k" });
    box.classList.toggle("player-paused", el.paused);
  };
  const drawVolume = () => {
    const silent = el.muted || el.volume === 0;
    setIcon(mute, silent ? "muted" : "volume");
    mute.setAttribute("aria-label", t(silent ? "player.unmute" : "player.mute"));
    volume.value = String(el.muted ? 0 : el.volume);
    volume.setAttribute("aria-valuetext", `${Math.round((el.muted ? 0 : el.volume) * 100)}%`);
  };
  const drawFull = () => {
    const on = document.fullscreenElement === box;
    setIcon(full, on ? "exitFullscreen" : "fullscreen");
    full.setAttribute("aria-label", t(on ? "player.exit_fullscreen" : "player.fullscreen"));
  };

  el.addEventListener("timeupdate", () => {
    drawTime();
    actions.onTime(el.currentTime);
  });
  el.addEventListener("durationchange", drawTime);
  el.addEventListener("progress", drawBuffered);
  el.addEventListener("timeupdate", drawBuffered);
  el.addEventListener("play", drawPlay);
  el.addEventListener("pause", drawPlay);
  el.addEventListener("volumechange", drawVolume);
  document.addEventListener("fullscreenchange", drawFull);
  play.addEventListener("click", () => actions.togglePlay());
  el.addEventListener("click", () => actions.togglePlay());
  el.addEventListener("dblclick", () => actions.toggleFullscreen());
  mute.addEventListener("click", () => actions.toggleMute());
  volume.addEventListener("input", () => actions.setVolume(Number(volume.value)));
  captions.addEventListener("click", () => actions.toggleCaptions());
  theatre.addEventListener("click", () => actions.toggleTheatre());
  full.addEventListener("click", () => actions.toggleFullscreen());
  help.addEventListener("click", () => actions.showHelp());
  pip.addEventListener("click", () => actions.togglePip());
  seek.addEventListener("input", () => {
    dragging = true;
    drawTime();
    actions.preview(Number(seek.value), Number(seek.value) / (duration() || 1));
  });
  seek.addEventListener("change", () => {
    dragging = false;
    el.currentTime = Number(seek.value);
    actions.preview(null, 0);
  });
  seek.addEventListener("pointermove", (event) => {
    const rect = seek.getBoundingClientRect();
    const fraction = Math.min(1, Math.max(0, (event.clientX - rect.left) / rect.width));
    actions.preview(fraction * duration(), fraction);
  });
  seek.addEventListener("pointerleave", () => {
    if (!dragging) actions.preview(null, 0);
  });

  // Hide the bar while playing with the pointer still (the bar stays while focused).
  let idle = 0;
  const wake = () => {
    box.classList.remove("player-idle");
    window.clearTimeout(idle);
    idle = window.setTimeout(() => {
      if (!el.paused && !box.matches(":focus-within") && !settings.matches("[aria-expanded=true]")) box.classList.add("player-idle");
    }, IDLE_MS);
  };
  box.addEventListener("pointermove", wake);
  box.addEventListener("keydown", wake);
  el.addEventListener("play", wake);
  el.addEventListener("pause", wake);

  drawPlay();
  drawVolume();
  drawTime();
  drawFull();
  return {
    bar,
    track,
    seek,
    marks,
    chapter,
    settings,
    setCaptionsOn(on, available) {
      captions.setAttribute("aria-pressed", String(on));
      captions.disabled = !available;
    },
    setTheatre(on) {
      theatre.setAttribute("aria-pressed", String(on));
    },
    wake,
  };
}
