// @ts-check
// The course page's syllabus: videos grouped by section, each with its length, and for
// learners a tick on what they watched plus the video to resume.
import { formatLength, t } from "../infrastructure/i18n.js";
import { statusBadge } from "./cards.js";
import { empty, formatDuration, h, pageUrl } from "./ui.js";

/** Videos by section in the course's order; videos without a (known) section come last. */
export function groupBySection(course, videos) {
  const sections = [...(course.sections || [])].sort((a, b) => a.position - b.position);
  const known = new Set(sections.map((section) => section.id));
  const groups = sections.map((section) => ({ section, videos: videos.filter((video) => video.section_id === section.id) }));
  const loose = videos.filter((video) => !video.section_id || !known.has(video.section_id));
  if (loose.length) groups.push({ section: null, videos: loose });
  return groups.filter((group) => group.videos.length || group.section);
}

/** The video a learner continues with: the latest unfinished one, else the first not completed. */
export function resumeTarget(videos, records) {
  const ready = videos.filter((video) => video.status === "ready");
  const unfinished = [...records.values()]
    .filter((record) => !record.completed && ready.some((video) => video.id === record.video_id))
    .sort((a, b) => String(b.updated_at || "").localeCompare(String(a.updated_at || "")));
  if (unfinished.length) return { video: ready.find((video) => video.id === unfinished[0].video_id), started: true };
  const next = ready.find((video) => !records.get(video.id)?.completed);
  return next ? { video: next, started: records.size > 0 } : null;
}

function tick(record) {
  if (record?.completed) return h("span", { class: "watched-tick text-success fw-bold", role: "img", "aria-label": t("course.completed"), text: "✓" });
  return h("span", { class: "watched-tick text-body-tertiary", "aria-hidden": "true", text: "○" });
}

function videoRow(video, number, record, canWatch) {
  const title = `${number}. ${video.title}`;
  const percent = record && !record.completed ? Math.round(Number(record.percent) || 0) : 0;
  return h(
    "li",
    { class: "list-group-item d-flex gap-2 align-items-start", dataset: { videoId: video.id, watched: record?.completed ? "1" : "0" } },
    tick(record),
    h(
      "div",
      { class: "flex-grow-1 min-w-0" },
      canWatch && video.status === "ready"
        ? h("a", { class: "text-break-anywhere", href: pageUrl("/watch.html", { id: video.id }), text: title })
        : h("span", { class: "text-break-anywhere", text: title }),
      " ",
      statusBadge(video),
      percent > 0 && h("div", { class: "small text-body-secondary", text: t("course.percent_watched", { percent }) }),
    ),
    video.duration_s ? h("span", { class: "small text-body-secondary text-nowrap", text: formatDuration(video.duration_s) }) : null,
  );
}

/** The syllabus block: one list per section with a heading "Title — N videos · length". */
export function syllabus(course, videos, records, canWatch) {
  if (!videos.length) return empty(t("course.no_videos"));
  let number = 0;
  return groupBySection(course, videos).map(({ section, videos: inSection }, index) => {
    const length = inSection.reduce((sum, video) => sum + (Number(video.duration_s) || 0), 0);
    const headingId = `section-${index}`;
    const summary = [t("card.videos", { count: inSection.length }), length ? formatLength(length) : ""].filter(Boolean).join(" · ");
    return h(
      "section",
      { class: "card mb-3", "aria-labelledby": headingId, dataset: { sectionId: section ? section.id : "" } },
      h(
        "div",
        { class: "card-header d-flex flex-wrap justify-content-between gap-2" },
        h("h3", { class: "h6 mb-0 text-break-anywhere", id: headingId, text: section ? section.title : t("course.other_videos") }),
        h("span", { class: "small text-body-secondary", text: summary }),
      ),
      inSection.length
        ? h(
            "ol",
            { class: "list-group list-group-flush list-unstyled" },
            inSection.map((video) => videoRow(video, ++number, records.get(video.id), canWatch)),
          )
        : h("p", { class: "card-body small text-body-secondary mb-0", text: t("course.no_videos") }),
    );
  });
}
