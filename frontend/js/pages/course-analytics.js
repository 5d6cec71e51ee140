// @ts-check
// Course analytics for owners and admins: the funnel, a table of videos, the learner roster
// (search, CSV download).

import { announce, busy, byId, empty, errorAlert, formatDuration, h, pageUrl, params, replace, time } from "../components/ui.js";
import { analytics, courses } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

const percent = (part, whole) => (whole ? Math.round((part / whole) * 100) : 0);

function funnelRow(label, count, whole) {
  const share = percent(count, whole);
  const bar = h("div", { class: "progress-bar" });
  bar.style.width = `${share}%`; // CSSOM, not a style attribute (the CSP allows no inline styles)
  return h(
    "div",
    { class: "funnel-step" },
    h("div", { class: "d-flex justify-content-between small" }, h("span", { text: label }), h("span", { text: `${count} (${share} %)` })),
    h(
      "div",
      { class: "progress", role: "progressbar", "aria-label": label, "aria-valuenow": String(share), "aria-valuemin": "0", "aria-valuemax": "100" },
      bar,
    ),
  );
}

function videoRow(video) {
  const average = video.viewers ? video.watch_time_s / video.viewers : 0;
  return h(
    "tr",
    {},
    h("td", {}, h("a", { href: pageUrl("/video-analytics.html", { id: video.video_id }), text: video.title || video.video_id })),
    h("td", { class: "text-end", text: String(video.viewers) }),
    h("td", { class: "text-end", text: `${video.completed_viewers} (${percent(video.completed_viewers, video.viewers)} %)` }),
    h("td", { class: "text-end", text: formatDuration(average) }),
  );
}

function learnerRow(learner) {
  return h(
    "tr",
    { dataset: { search: `${learner.display_name || ""} ${learner.user_id}`.toLowerCase() } },
    h("td", { class: "text-break-anywhere", text: learner.display_name || learner.user_id }),
    h("td", { class: "text-end", text: `${learner.completed_videos} / ${learner.total_videos}` }),
    h("td", { class: "text-end", text: `${Math.round(learner.percent)} %` }),
    h("td", { class: "text-end", text: formatDuration(learner.watched_s) }),
    h("td", {}, learner.last_activity_at ? time(learner.last_activity_at, true) : "—"),
  );
}

async function loadRoster(courseId) {
  const body = byId("roster-table").querySelector("tbody");
  const more = byId("roster-more");
  let cursor = null;
  let count = 0;
  do {
    const page = await analytics.learners(courseId, cursor);
    for (const learner of page.items) body.append(learnerRow(learner));
    count += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  replace(more, count ? "" : empty("No learner has watched anything yet. Learners appear here with their progress after their first minute of video."));
}

function filterRoster(text) {
  const needle = text.trim().toLowerCase();
  let shown = 0;
  for (const row of byId("roster-table").querySelectorAll("tbody tr")) {
    const match = !needle || (row instanceof HTMLElement && (row.dataset.search || "").includes(needle));
    row.toggleAttribute("hidden", !match);
    if (match) shown += 1;
  }
  announce(`${shown} learners shown.`);
}

async function downloadCsv(courseId, button) {
  const text = await busy(button, () => analytics.learnersCsv(courseId));
  const link = h("a", { href: URL.createObjectURL(new Blob([text], { type: "text/csv" })), download: `learners-${courseId}.csv` });
  document.body.append(link);
  link.click();
  link.remove();
}

startPage({ auth: true }, async () => {
  const courseId = params().get("id") || "";
  const status = byId("status");
  try {
    const [course, figures] = await Promise.all([courses.get(courseId), analytics.course(courseId)]);
    const title = course.course ? course.course.title : "Course";
    byId("heading").textContent = `Analytics: ${title}`;
    const crumb = byId("crumb-course", HTMLAnchorElement);
    crumb.textContent = title;
    crumb.href = pageUrl("/course.html", { id: courseId });
    replace(
      byId("funnel"),
      funnelRow("Enrolled", figures.learners, figures.learners),
      funnelRow("Started a video", figures.started, figures.learners),
      funnelRow("Completed every video", figures.completed, figures.learners),
    );
    byId("funnel-section").hidden = false;
    const body = byId("videos-table").querySelector("tbody");
    if (figures.videos.length) body.replaceChildren(...figures.videos.map(videoRow));
    else
      byId("videos-section").append(
        empty("This course has no ready video yet. Each video's viewers and completion appear here once it is published and watched."),
      );
    byId("videos-section").hidden = false;
    byId("roster-section").hidden = false;
    byId("roster-search", HTMLInputElement).addEventListener("input", (event) => filterRoster(/** @type {HTMLInputElement} */ (event.target).value));
    const csv = byId("roster-csv", HTMLButtonElement);
    csv.addEventListener("click", () => downloadCsv(courseId, csv).catch((error) => status.replaceChildren(errorAlert(error))));
    await loadRoster(courseId);
  } catch (error) {
    status.replaceChildren(errorAlert(error));
  }
});
