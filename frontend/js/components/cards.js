// @ts-check
// Cards and list items shared by several pages (courses, videos, categories).
import { formatLength, t, tOr } from "../infrastructure/i18n.js";
import { badge, empty, formatDuration, h, pageUrl, progressBar } from "./ui.js";

// Categories are free text in the API (matched case-insensitively); these are suggestions.
export const CATEGORIES = ["Programming", "Data Science", "Design", "Business", "Science", "Mathematics", "Languages", "Music", "Other"];
export const LEVELS = ["beginner", "intermediate", "advanced"];

/** "3 learners", "1 learner" (English only: other pages' wording; new text uses t()). */
export const plural = (count, word) => `${count} ${word}${Number(count) === 1 ? "" : "s"}`;

/** "data science" → "Data science". */
export const label = (text) => (text ? String(text)[0].toUpperCase() + String(text).slice(1) : "");

/** A category's name in the page's language (free-text ones as written). */
export const categoryName = (value) => (value ? tOr(`categories.${String(value).toLowerCase()}`, label(value)) : "");

/** A level's name in the page's language. */
export const levelName = (value) => (value ? tOr(`levels.${String(value).toLowerCase()}`, label(value)) : "");

/** Fill a <select> with categories (plus any extra seen in data), keeping `selected`. */
export function fillCategories(select, selected = "") {
  const same = (a, b) => String(a).toLowerCase() === String(b).toLowerCase();
  const values = [...CATEGORIES];
  if (selected && !values.some((value) => same(value, selected))) values.push(selected);
  for (const value of values) {
    select.append(h("option", { value, text: categoryName(value), selected: !!selected && same(value, selected) }));
  }
}

/** Fill a <select> with the levels, keeping `selected`. */
export function fillLevels(select, selected = "") {
  for (const value of LEVELS) select.append(h("option", { value, text: levelName(value), selected: value === selected }));
}

const HUES = 8; // .cover-hue-0 … 7 in app.css

/** A stable palette index for a text (the same course always gets the same colour). */
export function hueOf(text) {
  let hash = 0;
  for (const char of String(text || "")) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return hash % HUES;
}

/** Up to two initials of a title ("Intro to Python" → "IP"). */
export function initials(text) {
  const words = String(text || "")
    .split(/\s+/)
    .filter((word) => /^[\p{L}\p{N}]/u.test(word) && !/^(to|of|the|and|a|an|for|in|on|de|la|el|y|en|del)$/i.test(word));
  return (
    words
      .slice(0, 2)
      .map((word) => word[0].toUpperCase())
      .join("") || "?"
  );
}

/** A course's cover: its image, or a generated placeholder (initials on a colour from the title). */
export function cover(course, { hero = false } = {}) {
  const shape = hero ? "course-cover course-cover-hero" : "course-cover";
  // Cards take the small webp (480x270), the hero the large one (1280x720).
  const src = (hero ? course.cover_urls?.large : course.cover_urls?.small) || course.cover_url;
  if (src) {
    return h("img", { src, alt: "", class: `${shape} card-img-top`, loading: hero ? "eager" : "lazy", width: "480", height: "270" });
  }
  return h(
    "div",
    { class: `${shape} cover-placeholder cover-hue-${hueOf(course.title)}`, "aria-hidden": "true", dataset: { testid: "cover-placeholder" } },
    h("span", { text: initials(course.title) }),
  );
}

/** "12 videos · 1 h 5 min" (what is there to watch), or "" before any video is ready. */
export function courseSize(course) {
  const count = Number(course.video_count) || 0;
  if (!count) return "";
  const length = Number(course.total_duration_s) || 0;
  return [t("card.videos", { count }), length ? formatLength(length) : ""].filter(Boolean).join(" · ");
}

/** A course card in a Bootstrap grid column; `extra` nodes go at the bottom. */
export function courseCard(course, ...extra) {
  const enrolled = Number(course.enrolled_count) || 0;
  const teacher = course.instructor?.display_name;
  return h(
    "div",
    { class: "col" },
    h(
      "article",
      { class: "card h-100 shadow-sm course-card", dataset: { courseId: course.id } },
      cover(course),
      h(
        "div",
        { class: "card-body d-flex flex-column" },
        course.category && h("p", { class: "small text-body-secondary mb-1", text: categoryName(course.category) }),
        h(
          "h3",
          { class: "h6 card-title mb-1" },
          h("a", { class: "card-link-title stretched-link text-break-anywhere", href: pageUrl("/course.html", { id: course.id }), text: course.title }),
        ),
        teacher &&
          h("p", {
            class: "small mb-2 text-body-secondary text-break-anywhere",
            dataset: { testid: "card-instructor" },
            text: t("card.by", { name: teacher }),
          }),
        h(
          "p",
          { class: "small text-body-secondary mt-auto mb-0", dataset: { testid: "card-meta" } },
          [levelName(course.level), courseSize(course), t("card.learners", { count: enrolled })].filter(Boolean).join(" · "),
          course.published === false ? [" · ", badge(t("common.draft"), "warning")] : null,
        ),
        extra,
      ),
    ),
  );
}

/** An empty state inside a card grid row: wrapped so the row's gutter does not push it out. */
export const gridEmpty = (text, action = null) => h("div", { class: "w-100" }, empty(text, action));

/** Grey placeholder cards shown while a list of courses loads (hidden from screen readers). */
export function skeletonCards(count = 6) {
  return Array.from({ length: count }, () =>
    h(
      "div",
      { class: "col", "aria-hidden": "true", dataset: { skeleton: "1" } },
      h(
        "div",
        { class: "card h-100 shadow-sm placeholder-glow" },
        h("div", { class: "course-cover placeholder w-100" }),
        h(
          "div",
          { class: "card-body" },
          h("p", { class: "placeholder col-4 mb-2" }),
          h("p", { class: "placeholder col-10 mb-2" }),
          h("p", { class: "placeholder col-6 mb-0" }),
        ),
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
  if (video.status === "failed") return badge(t("course.status_failed"), "danger");
  if (video.status === "processing") {
    const percent = video.progress_percent;
    return badge(percent ? t("course.status_processing_percent", { percent: Math.round(percent) }) : t("course.status_processing"), "info");
  }
  return badge(t("course.status_uploading"), "secondary");
}

/** Watched share of a video: a thin bar plus text, from a progress record. */
export function watchedLine(video, record) {
  const duration = video.duration_s ? formatDuration(video.duration_s) : "";
  if (!record) return h("div", { class: "small text-body-secondary", text: duration || " " });
  const percent = Math.round(Number(record.percent) || 0);
  const text = record.completed ? t("course.completed") : t("course.percent_watched", { percent });
  return h(
    "div",
    { class: "small text-body-secondary" },
    h("span", { text: [duration, text].filter(Boolean).join(" · ") }),
    progressBar(record.completed ? 100 : percent, t("home.watched_of", { title: video.title }), { small: true }),
  );
}
