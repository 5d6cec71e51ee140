// @ts-check
// Video analytics for owners and admins: the retention curve (uPlot, vendored) with chapters
// marked, drop-offs and re-watch hot spots in words, a click opening the player at that
// second, and the same figures as a table.

import { byId, empty, errorAlert, formatDuration, h, pageUrl, params, replace } from "../components/ui.js";
import { analytics, videos } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

const DROPS = 3;

function card(label, value) {
  return h(
    "div",
    { class: "col-6 col-md-3" },
    h(
      "div",
      { class: "border rounded-3 p-3 h-100" },
      h("div", { class: "small text-body-secondary", text: label }),
      h("div", { class: "fs-4 fw-semibold", text: value }),
    ),
  );
}

/** The largest falls between consecutive buckets, biggest first. */
export function dropOffs(viewers, bucket) {
  const falls = [];
  for (let i = 1; i < viewers.length; i += 1) {
    const fall = viewers[i - 1] - viewers[i];
    if (fall > 0) falls.push({ at: i * bucket, fall, from: viewers[i - 1] });
  }
  return falls.sort((a, b) => b.fall - a.fall || a.at - b.at).slice(0, DROPS);
}

function words(figures, chapters) {
  const { bucket_s: bucket, viewers } = figures.retention;
  const lines = [];
  const chapterAt = (second) => {
    const before = chapters.filter((c) => c.start_s <= second);
    return before.length ? ` (chapter “${before[before.length - 1].title}”)` : "";
  };
  for (const drop of dropOffs(viewers, bucket)) {
    lines.push(`${drop.fall} of ${drop.from} learners stopped around ${formatDuration(drop.at)}${chapterAt(drop.at)}.`);
  }
  for (const spot of figures.hot_spots) {
    lines.push(
      `${spot.learners} learner${spot.learners === 1 ? "" : "s"} re-watched ${formatDuration(spot.from_s)}–${formatDuration(spot.to_s)}${chapterAt(spot.from_s)}: a part that may need explaining.`,
    );
  }
  if (!lines.length) lines.push("No learner stopped early and nobody re-watched a part.");
  return h(
    "ul",
    { class: "mb-0" },
    lines.map((text) => h("li", { text })),
  );
}

function table(figures) {
  const { bucket_s: bucket, viewers } = figures.retention;
  const again = figures.rewatches.viewers;
  return viewers.map((count, i) =>
    h(
      "tr",
      {},
      h("td", {}, h("a", { href: pageUrl("/watch.html", { id: figures.video_id, t: i * bucket }), text: formatDuration(i * bucket) })),
      h("td", { text: formatDuration(Math.min((i + 1) * bucket, figures.duration_s)) }),
      h("td", { class: "text-end", text: String(count) }),
      h("td", { class: "text-end", text: String(again[i] || 0) }),
    ),
  );
}

function chart(figures, chapters) {
  const slot = byId("retention-chart");
  const { bucket_s: bucket, viewers } = figures.retention;
  const Plot = /** @type {any} */ (window).uPlot;
  if (!Plot) return; // the table below still shows every figure
  const xs = viewers.map((_, i) => i * bucket);
  const marks = {
    hooks: {
      draw: [
        (/** @type {any} */ u) => {
          const { ctx } = u;
          ctx.save();
          ctx.strokeStyle = "#6c757d";
          ctx.setLineDash([4, 4]);
          for (const chapter of chapters) {
            const x = u.valToPos(chapter.start_s, "x", true);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.fillText(chapter.title, x + 4, u.bbox.top + 12);
          }
          ctx.restore();
        },
      ],
    },
  };
  const plot = new Plot(
    {
      width: Math.max(320, slot.clientWidth || 640),
      height: 260,
      plugins: [marks],
      scales: { x: { time: false }, y: { range: [0, Math.max(1, ...viewers)] } },
      axes: [{ values: (/** @type {any} */ _u, /** @type {number[]} */ ticks) => ticks.map((t) => formatDuration(t)) }, { label: "Learners" }],
      series: [
        { label: "Second", value: (/** @type {any} */ _u, /** @type {number} */ v) => formatDuration(v) },
        { label: "Viewers", stroke: "#0d6efd", fill: "rgba(13,110,253,0.12)", width: 2 },
        { label: "Re-watched by", stroke: "#dc3545", width: 1 },
      ],
    },
    [xs, viewers, figures.rewatches.viewers],
    slot,
  );
  plot.over.addEventListener("click", () => {
    const index = plot.cursor.idx;
    if (index === null || index === undefined) return;
    window.location.href = pageUrl("/watch.html", { id: figures.video_id, t: xs[index] });
  });
  plot.over.title = "Click to open the video at this moment";
}

startPage({ auth: true }, async () => {
  const videoId = params().get("id") || "";
  const status = byId("status");
  try {
    const [figures, video] = await Promise.all([analytics.video(videoId), videos.get(videoId)]);
    const meta = video.video || {};
    const chapters = Array.isArray(meta.chapters) ? meta.chapters : [];
    byId("heading").textContent = `Analytics: ${meta.title || "video"}`;
    byId("crumb-video").textContent = meta.title || "Video";
    const crumb = byId("crumb-course", HTMLAnchorElement);
    crumb.href = pageUrl("/course-analytics.html", { id: figures.course_id });
    const average = figures.viewers ? figures.watch_time_s / figures.viewers : 0;
    const summary = byId("summary");
    replace(
      summary,
      card("Viewers", String(figures.viewers)),
      card("Completed", `${figures.completed_viewers}`),
      card("Watch time", formatDuration(figures.watch_time_s)),
      card("Average watched", formatDuration(average)),
    );
    summary.hidden = false;
    const section = byId("retention-section");
    if (!figures.viewers) {
      section.replaceChildren(
        empty(
          "Nobody has watched this video yet. Once learners watch it, this page shows how many stay to each moment, where they stop and which parts they watch again.",
        ),
      );
      section.hidden = false;
      return;
    }
    section.hidden = false;
    byId("retention-words").replaceChildren(words(figures, chapters));
    byId("retention-table")
      .querySelector("tbody")
      ?.replaceChildren(...table(figures));
    chart(figures, chapters);
  } catch (error) {
    status.replaceChildren(errorAlert(error));
  }
});
