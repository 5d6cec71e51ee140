// @ts-check
// Cards and list items shared by several pages (courses, videos, categories).
import { badge, formatDuration, h, pageUrl, progressBar } from "./ui.js";

// Categories are free text in the API (matched case-insensitively); these are suggestions.
export const CATEGORIES = ["Programming", "Data Science", "Design", "Business", "Science", "Mathematics", "Languages", "Music", "Other"];
export const LEVELS = ["beginner", "intermediate", "advanced"];

/** "3 learners", "1 learner". */
export const plural = (count, word) => `${count} ${word}${Number(count) === 1 ? "" : "s"}`;

/** "data science" → "Data science". */
export const label = (text) => (text ? String(text)[0].toUpperCase() + String(text).slice(1) : "");

/** Fill a <select> with categories (plus any extra seen in data), keeping `selected`. */
export function fillCategories(select, selected = "") {
  const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
  const values = [...CATEGORIES];
  if (selected && !values.some((value) => same(value, selected))) values.push(selected);
  for (const value of values) {
    select.append(h("option", { value, text: label(value), selected: !!selected && same(value, selected) }));
  }
}

/** A course card in a Bootstrap grid column; `extra` nodes go at the bottom. */
export function courseCard(course, ...extra) {
  const meta = [label(course.category), label(course.level)].filter(Boolean).join(" · ");
  const enrolled = Number(course.enrolled_count) || 0;
  return h(
    "div",
    { class: "col" },
    h(
      "article",
      { class: "card h-100 shadow-sm", dataset: { courseId: course.id } },
      h("div", { class: "course-banner rounded-top p-3 small text-body-emphasis", text: meta || "Course" }),
      h(
        "div",
        { class: "card-body d-flex flex-column" },
        h(
          "h3",
          { class: "h5 card-title" },
          h("a", { class: "card-link-title stretched-link", href: pageUrl("/course.html", { id: course.id }), text: course.title }),
        ),
        h("p", { class: "card-text line-clamp-3 text-body-secondary", text: course.description || "" }),
        h(
          "p",
          { class: "small text-body-secondary mt-auto mb-0" },
          plural(enrolled, "learner"),
          course.published === false ? [" · ", badge("Draft", "warning")] : null,
        ),
        extra,
      ),
    ),
  );
}

/** A video thumbnail (decorative: the title is next to it), or a placeholder. */
export function thumbnail(video, wide = false) {
  const size = wide ? "thumb thumb-wide" : "thumb";
  if (video?.thumbnail_url) {
    return h("img", { src: video.thumbnail_url, alt: "", class: `${size} rounded`, loading: "lazy", width: "160", height: "90" });
  }
  return h("div", {
    class: `${size} rounded d-flex align-items-center justify-content-center text-body-secondary`,
    "aria-hidden": "true",
    text: "▶",
  });
}

/** The status badge of a video that is not ready yet (null when ready). */
export function statusBadge(video) {
  if (video.status === "ready") return null;
  if (video.status === "failed") return badge("Failed", "danger");
  if (video.status === "processing") {
    const percent = video.progress_percent;
    return badge(percent ? `Processing ${Math.round(percent)}%` : "Processing", "info");
  }
  return badge("Uploading", "secondary");
}

/** Watched share of a video: a thin bar plus text, from a progress record. */
export function watchedLine(video, record) {
  const duration = video.duration_s ? formatDuration(video.duration_s) : "";
  if (!record) return h("div", { class: "small text-body-secondary", text: duration || " " });
  const percent = Math.round(Number(record.percent) || 0);
  const text = record.completed ? "Completed" : `${percent}% watched`;
  return h(
    "div",
    { class: "small text-body-secondary" },
    h("span", { text: [duration, text].filter(Boolean).join(" · ") }),
    progressBar(record.completed ? 100 : percent, `Watched of ${video.title}`, { small: true }),
  );
}
