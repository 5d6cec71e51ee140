// @ts-check
// What plays: hls.js (adaptive, with quality levels) loading through the renewing loader,
// native HLS (Safari), or the MP4; the MP4 and native sources are swapped after a renewal.

import { t } from "../../infrastructure/i18n.js";
import { announce } from "../ui.js";
import { renewingLoader } from "./source.js";

/** The hls.js settings the player starts with (bench/bench_player.py measures these too). */
export function hlsConfig(extra = {}) {
  return {
    capLevelToPlayerSize: false,
    // start on the lowest rung (levels are sorted by bitrate; the master lists it first too):
    // its first segment is one second of small frames, the quickest first frame; no segment is
    // spent testing the bandwidth first, and the one just loaded lets ABR climb at the next
    startLevel: 0,
    testBandwidth: false,
    startFragPrefetch: true,
    // transmux on the page: starting hls.js's worker evaluates its whole bundle a second time
    // and held the first frame back by 100-300 ms (bench/bench_player.py), while remuxing a
    // segment (1 s first, then 4 s, at most 1.4 MB) takes a few milliseconds
    enableWorker: false,
    // 30 s ahead at most, whatever the bitrate (hls.js would fill 60 MB: a whole lecture),
    // so memory stays flat on a 3-hour video and segment URLs are fetched while still fresh
    maxBufferLength: 30,
    maxMaxBufferLength: 30,
    backBufferLength: 90,
    ...extra,
  };
}

/** @typedef {{value: string, label: string}} Choice */

/** One video element's source: `levels()` lists the qualities, `setLevel()` picks one. */
export class Playback {
  /** `onLevels(playback)` runs when the qualities or the automatic choice change. */
  constructor(el, source, { startAt = 0, onLevels = (_playback) => {} } = {}) {
    this.el = el;
    this.source = source;
    this.onLevels = onLevels;
    /** @type {any} */
    this.hls = null;
    this.kind = "mp4";
    this.recovered = false;
    const Hls = window.Hls;
    const stream = source.stream;
    if (stream.hls_url && Hls?.isSupported()) this.startHls(Hls, startAt);
    else if (stream.hls_url && el.canPlayType("application/vnd.apple.mpegurl")) this.startNative("native", stream.hls_url);
    else this.startNative("mp4", stream.mp4_url);
    source.onRenew((fresh) => this.renewed(fresh));
    el.addEventListener("error", () => this.failed());
  }

  startHls(Hls, startAt) {
    this.kind = "hls";
    const loader = renewingLoader(this.source, Hls.DefaultConfig.loader);
    const hls = new Hls(hlsConfig({ startPosition: startAt > 0 ? startAt : -1, loader }));
    this.hls = hls;
    hls.on(Hls.Events.MANIFEST_PARSED, () => this.onLevels(this));
    hls.on(Hls.Events.LEVEL_SWITCHED, () => this.onLevels(this));
    hls.on(Hls.Events.ERROR, (_event, data) => {
      if (!data.fatal) return;
      if (data.type === Hls.ErrorTypes.MEDIA_ERROR && !this.recovered) {
        this.recovered = true;
        hls.recoverMediaError();
        return;
      }
      this.fallBackToMp4();
    });
    hls.loadSource(this.source.stream.hls_url);
    hls.attachMedia(this.el);
  }

  startNative(kind, url) {
    this.kind = kind;
    this.el.src = url;
  }

  /** Qualities for the menu: "Auto (720p)" first, then the renditions from the top. */
  levels() {
    if (!this.hls) return [{ value: "-1", label: t(this.kind === "mp4" ? "player.original" : "player.auto") }];
    const hls = this.hls;
    const playing = hls.levels[hls.currentLevel]?.height;
    const auto = { value: "-1", label: hls.autoLevelEnabled && playing ? t("player.auto_playing", { height: playing }) : t("player.auto") };
    const rungs = hls.levels.map((level, index) => ({ index, height: level.height, bitrate: level.bitrate }));
    rungs.sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
    const label = (rung) => (rung.height ? `${rung.height}p` : `${Math.round(rung.bitrate / 1000)} kbps`);
    return [auto, ...rungs.map((rung) => ({ value: String(rung.index), label: label(rung) }))];
  }

  /** The chosen quality ("-1" for automatic). */
  level() {
    return this.hls && !this.hls.autoLevelEnabled ? String(this.hls.currentLevel) : "-1";
  }

  setLevel(value) {
    if (this.hls) this.hls.currentLevel = Number(value);
  }

  /** A renewal: hls.js picks the new URLs up by itself; a plain source is swapped while paused. */
  renewed(stream) {
    if (this.kind === "hls" || !this.el.paused) return;
    this.swap(this.kind === "mp4" ? stream.mp4_url : stream.hls_url, false);
  }

  /** The element failed (an expired MP4 URL answers 403): renew and carry on where it was. */
  failed() {
    if (this.kind === "hls" || !this.el.error) return;
    const wasPlaying = !this.el.paused || this.el.error.code === this.el.error.MEDIA_ERR_NETWORK;
    this.source.renew().then(
      (stream) => this.swap(this.kind === "mp4" ? stream.mp4_url : stream.hls_url, wasPlaying),
      () => announce(t("player.cannot_play")),
    );
  }

  swap(url, play) {
    const at = this.el.currentTime;
    const rate = this.el.playbackRate;
    this.el.src = url;
    this.el.addEventListener(
      "loadedmetadata",
      () => {
        this.el.currentTime = at;
        this.el.playbackRate = rate;
        if (play) this.el.play().catch(() => {});
      },
      { once: true },
    );
  }

  fallBackToMp4() {
    const at = this.el.currentTime;
    this.hls.destroy();
    this.hls = null;
    this.kind = "mp4";
    if (!this.source.stream.mp4_url) {
      announce(t("player.cannot_play"));
      return;
    }
    announce(t("player.switched_mp4"));
    this.onLevels(this);
    this.el.src = this.source.stream.mp4_url;
    this.el.addEventListener(
      "loadedmetadata",
      () => {
        this.el.currentTime = at;
        this.el.play().catch(() => {});
      },
      { once: true },
    );
  }
}
