// @ts-check
// Stream URLs that never run out. `/stream` is asked again before its answer expires and on a
// 403; hls.js loads every playlist and segment through a loader that swaps in a fresh URL when
// the one it holds is about to expire, so a lecture of any length or a pause of any length
// keeps playing at the same position. Media playlists are re-read only when a segment needs it.

const MAX_LEAD_MS = 60000; // renew at most a minute early (TTL/4 for short test TTLs)
const RETRY_MS = 5000;
const MAX_TIMER_MS = 2 ** 31 - 1; // a longer setTimeout delay overflows and fires at once

/** Where a URL points, without its query (the key of a presigned object). */
const pathOf = (url) => {
  const parsed = new URL(url, window.location.href);
  return parsed.origin + parsed.pathname;
};

/** When a presigned URL stops working (ms since epoch): SigV4 X-Amz-Date + X-Amz-Expires,
 * SigV2 Expires; Infinity when it says nothing (then only a 403 renews it). */
export function urlExpiry(url) {
  const query = new URL(url, window.location.href).searchParams;
  const date = query.get("X-Amz-Date");
  const seconds = Number(query.get("X-Amz-Expires"));
  if (date && seconds) {
    const iso = date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, "$1-$2-$3T$4:$5:$6Z");
    const start = Date.parse(iso);
    if (Number.isFinite(start)) return start + seconds * 1000;
  }
  const expires = Number(query.get("Expires"));
  return expires ? expires * 1000 : Number.POSITIVE_INFINITY;
}

const isPlaylist = (url) => /\/hls\/[^/]+\.m3u8$/.test(new URL(url, window.location.href).pathname);

/** @type {Map<string, Promise<string>>} playlists fetched ahead of hls.js, by path */
const preloaded = new Map();

const fetchText = async (url) => {
  const response = await fetch(url, { cache: "no-store" });
  if (!response.ok) throw new Error(`playlist ${response.status}`);
  return response.text();
};

/** Fetch the master playlist of `hlsUrl` and its first variant's media playlist now, while the
 * page reads the rest: hls.js then asks for the first segment at once instead of after two
 * more round trips. Each preloaded text is handed to the loader once. */
export function preloadPlaylists(hlsUrl) {
  if (!hlsUrl) return Promise.resolve();
  const master = fetchText(hlsUrl);
  preloaded.set(pathOf(hlsUrl), master);
  return master
    .then((text) => {
      // the first variant is the one hls.js starts on (the server puts the lowest rung first)
      const first = text.split("\n").find((line) => line.trim() && !line.startsWith("#"));
      if (!first) return;
      const media = new URL(first.trim(), new URL(hlsUrl, window.location.href)).href;
      const job = fetchText(media);
      preloaded.set(pathOf(media), job);
      return job.then(() => {});
    })
    .catch(() => {
      preloaded.clear(); // hls.js loads them itself (and renews on a 403)
    });
}

/** The preloaded text of playlist `url` (taken once), or null. */
function takePreloaded(url) {
  const key = pathOf(url);
  const job = preloaded.get(key) || null;
  preloaded.delete(key);
  return job;
}

/** hls.js's load statistics for a response that needed no request. */
function instantStats(size) {
  const now = performance.now();
  const span = () => ({ start: now, first: now, end: now });
  return { aborted: false, loaded: size, total: size, retry: 0, chunkCount: 0, bwEstimate: 0, loading: span(), parsing: span(), buffering: span() };
}

/** One video's stream answer ({mp4_url, hls_url, expires_at, captions}), kept current. */
export class StreamSource {
  /** `fetchStream()` asks `/stream` again; it resolves to a new answer. */
  constructor(stream, fetchStream) {
    this.fetchStream = fetchStream;
    /** @type {((stream: any) => void)[]} */
    this.listeners = [];
    /** @type {Map<string, {url: string, expires: number}>} freshest URL of each segment */
    this.segments = new Map();
    /** @type {Map<string, Promise<void>>} media playlists being re-read, by rendition */
    this.rereads = new Map();
    /** @type {Promise<any> | null} */
    this.pending = null;
    this.timer = 0;
    this.renewals = 0;
    this.accept(stream);
  }

  /** Take a new answer and plan its renewal. */
  accept(stream) {
    this.stream = stream;
    const now = Date.now();
    // expires_in_s counts from now on this clock (a skewed clock cannot misplace it)
    const ttl = Number(stream.expires_in_s) * 1000;
    this.expires = ttl > 0 ? now + ttl : Date.parse(stream.expires_at) || now + 3600000;
    this.lead = Math.min(MAX_LEAD_MS, Math.max(500, (this.expires - now) / 4));
    this.plan(this.expires - this.lead - now);
  }

  plan(waitMs) {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(
      () => {
        this.renew().catch(() => this.plan(RETRY_MS)); // offline for a moment: try again soon
      },
      Math.min(MAX_TIMER_MS, Math.max(0, waitMs)),
    );
  }

  /** Ask `/stream` again (one request at a time); listeners get the new answer. */
  renew() {
    if (!this.pending) {
      this.pending = Promise.resolve(this.fetchStream())
        .then((stream) => {
          this.renewals += 1;
          this.accept(stream);
          for (const listener of this.listeners) listener(stream);
          return stream;
        })
        .finally(() => {
          this.pending = null;
        });
    }
    return this.pending;
  }

  /** Call `listener(stream)` after every renewal. */
  onRenew(listener) {
    this.listeners.push(listener);
  }

  /** The answer, renewed first when it is about to expire (after a sleep, say). */
  async current() {
    if (this.expires - Date.now() <= this.lead) await this.renew();
    return this.stream;
  }

  stop() {
    window.clearTimeout(this.timer);
  }

  /** A URL to load now for `url` (a playlist or a segment): itself while it is fresh, else a
   * promise of a fresh one. */
  fresh(url) {
    if (isPlaylist(url)) {
      if (this.expires - Date.now() > this.lead) return this.withToken(url);
      return this.current().then(() => this.withToken(url));
    }
    const own = { url, expires: urlExpiry(url) };
    const known = this.segments.get(pathOf(url));
    const best = known && known.expires > own.expires ? known : own;
    if (best.expires - Date.now() > this.lead) return best.url;
    return this.reread(url).then(() => this.segments.get(pathOf(url))?.url || url);
  }

  /** `url` was refused (403): renew everything it depends on, then give a fresh URL. */
  async refused(url) {
    await this.renew();
    if (isPlaylist(url)) return this.withToken(url);
    this.segments.delete(pathOf(url));
    await this.reread(url);
    return this.segments.get(pathOf(url))?.url || url;
  }

  /** A playlist URL carrying the current token. */
  withToken(url) {
    const fresh = new URL(url, window.location.href);
    const token = new URL(this.stream.hls_url, window.location.href).searchParams.get("token");
    if (token) fresh.searchParams.set("token", token);
    return fresh.href;
  }

  /** Read the media playlist of `segmentUrl`'s rendition again: fresh URLs for its segments. */
  reread(segmentUrl) {
    const match = /\/hls\/([^/]+)\/[^/]+$/.exec(new URL(segmentUrl, window.location.href).pathname);
    if (!match) return Promise.resolve();
    const name = match[1];
    let job = this.rereads.get(name);
    if (!job) {
      job = this.current()
        .then(async (stream) => {
          const master = new URL(stream.hls_url, window.location.href);
          const media = new URL(`${name}.m3u8${master.search}`, master);
          const response = await fetch(media.href, { cache: "no-store" });
          if (!response.ok) throw new Error(`media playlist ${response.status}`);
          for (const line of (await response.text()).split("\n")) {
            const entry = line.trim();
            if (!entry || entry.startsWith("#")) continue;
            const url = new URL(entry, media).href;
            this.segments.set(pathOf(url), { url, expires: urlExpiry(url) });
          }
        })
        .finally(() => this.rereads.delete(name));
      this.rereads.set(name, job);
    }
    return job;
  }
}

/** An hls.js loader class that loads through `source`: fresh URLs before they expire, and
 * one renewal and retry when a URL is refused anyway (clock skew, a sleeping laptop). */
export function renewingLoader(source, Base) {
  return class RenewingLoader {
    constructor(config) {
      this.config = config;
      this.inner = new Base(config);
      this.context = null;
      this.aborted = false;
    }

    get stats() {
      return this.ownStats || this.inner.stats;
    }

    load(context, loadConfig, callbacks) {
      this.context = context;
      this.ownStats = null;
      const early = isPlaylist(context.url) ? takePreloaded(context.url) : null;
      if (early) {
        early.then(
          (text) => {
            if (this.aborted) return;
            this.ownStats = instantStats(text.length);
            callbacks.onSuccess({ url: context.url, data: text }, this.ownStats, context, null);
          },
          () => this.loadNow(context, loadConfig, callbacks),
        );
        return;
      }
      this.loadNow(context, loadConfig, callbacks);
    }

    /** Load `context.url` over the network, through fresh URLs. */
    loadNow(context, loadConfig, callbacks) {
      const start = (url, retried) => {
        if (this.aborted) return;
        context.url = url;
        if (retried) {
          this.inner.destroy();
          this.inner = new Base(this.config);
        }
        this.inner.load(context, loadConfig, {
          ...callbacks,
          onError: (error, ...rest) => {
            const refused = error.code === 403 || error.code === 401;
            if (!refused || retried || this.aborted) return callbacks.onError(error, ...rest);
            source.refused(context.url).then(
              (fresh) => start(fresh, true),
              () => callbacks.onError(error, ...rest),
            );
          },
        });
      };
      const url = source.fresh(context.url);
      if (typeof url === "string") start(url, false);
      else
        url.then(
          (fresh) => start(fresh, false),
          () => start(context.url, false),
        );
    }

    abort() {
      this.aborted = true;
      this.inner.abort();
    }

    destroy() {
      this.aborted = true;
      this.inner.destroy();
    }

    getCacheAge() {
      return this.inner.getCacheAge ? this.inner.getCacheAge() : null;
    }

    getResponseHeader(name) {
      return this.inner.getResponseHeader ? this.inner.getResponseHeader(name) : null;
    }
  };
}
