// @ts-check
// Which spans of a video were really played: built from `timeupdate` steps, broken on seeks.

const MAX_STEP_S = 4; // a bigger jump between two timeupdates is a seek, not playback
const MAX_SPANS = 100;
const round = (value) => Math.round(value * 100) / 100;

/** Collects played spans [[from_s, to_s], ...] until take() hands them over. */
export class SpanTracker {
  constructor() {
    this.spans = [];
    this.start = null;
    this.last = null;
  }

  /** Playback reached `time` (seconds): extend the open span or start a new one. */
  advance(time) {
    if (this.start === null) {
      this.start = time;
      this.last = time;
      return;
    }
    const step = time - this.last;
    if (step >= 0 && step <= MAX_STEP_S) {
      this.last = time;
    } else {
      this.close();
      this.start = time;
      this.last = time;
    }
  }

  /** Close the open span (pause, seek, end). */
  close() {
    if (this.start !== null && this.last - this.start > 0.05) {
      this.spans.push([round(this.start), round(this.last)]);
    }
    this.start = null;
    this.last = null;
  }

  /** The spans played since the last take(); an open span is cut here and continues. */
  take() {
    if (this.start !== null && this.last - this.start > 0.05) {
      this.spans.push([round(this.start), round(this.last)]);
      this.start = this.last;
    }
    const spans = merge(this.spans);
    this.spans = [];
    return spans;
  }

  /** Put spans back (a heartbeat failed) so the next one carries them. */
  restore(spans) {
    this.spans = [...spans, ...this.spans];
  }
}

/** Sorted union of spans, at most MAX_SPANS (the API's limit per heartbeat; the newest kept). */
function merge(spans) {
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const out = [];
  for (const [from, to] of sorted) {
    const last = out[out.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out.slice(-MAX_SPANS);
}
