// @ts-check
// Home: "continue watching" and recommendations for members, the newest courses for all.

import { courseCard, thumbnail } from "../components/cards.js";
import { byId, empty, errorAlert, formatDuration, h, loading, pageUrl, progressBar, replace } from "../components/ui.js";
import { courses, progress, videos } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

function heroActions(user) {
  if (user) {
    return [
      h("a", { class: "btn btn-primary btn-lg me-2 mb-2", href: "/catalog.html", text: "Browse the catalog" }),
      h("a", { class: "btn btn-outline-primary btn-lg mb-2", href: "/learning.html", text: "My learning" }),
    ];
  }
  return [
    h("a", { class: "btn btn-primary btn-lg me-2 mb-2", href: "/register.html", text: "Sign up free" }),
    h("a", { class: "btn btn-outline-primary btn-lg mb-2", href: "/catalog.html", text: "Browse the catalog" }),
  ];
}

function continueCard(record, video, courseTitle) {
  const left = Math.max(0, (Number(record.duration_s) || 0) - (Number(record.position_s) || 0));
  return h(
    "div",
    { class: "col" },
    h(
      "article",
      { class: "card h-100 shadow-sm" },
      thumbnail(video, true),
      h(
        "div",
        { class: "card-body" },
        h(
          "h3",
          { class: "h6 card-title mb-1" },
          h("a", { class: "card-link-title stretched-link", href: pageUrl("/watch.html", { id: record.video_id }), text: video ? video.title : "Video" }),
        ),
        courseTitle && h("p", { class: "small text-body-secondary mb-2", text: courseTitle }),
        progressBar(record.percent, `Watched of ${video ? video.title : "video"}`, { small: true }),
        h("p", { class: "small text-body-secondary mt-1 mb-0", text: `${formatDuration(left)} left` }),
      ),
    ),
  );
}

async function courseTitles(ids) {
  const found = await Promise.all(ids.map((id) => courses.get(id).catch(() => null)));
  return new Map(found.filter(Boolean).map(({ course }) => [course.id, course.title]));
}

async function showContinue() {
  const list = byId("continue-list");
  replace(list, loading());
  byId("continue").hidden = false;
  try {
    const records = ((await progress.recent(6)).items || []).map((item) => item.progress || item);
    if (records.length === 0) {
      replace(list, empty("Nothing in progress yet. Pick a course and press play."));
      return;
    }
    const ids = records.map((record) => record.video_id);
    const [found, titles] = await Promise.all([
      videos.lookup(ids).catch(() => ({ items: [] })),
      courseTitles([...new Set(records.map((record) => record.course_id))]),
    ]);
    const byVideo = new Map((found.items || []).map((item) => item.video || item).map((video) => [video.id, video]));
    const cards = records
      .filter((record) => byVideo.has(record.video_id) || !(found.items || []).length)
      .map((record) => continueCard(record, byVideo.get(record.video_id), titles.get(record.course_id)));
    replace(list, cards.length ? cards : empty("Nothing in progress yet."));
  } catch (error) {
    replace(list, errorAlert(error));
  }
}

async function showRecommended() {
  const list = byId("recommended-list");
  byId("recommended").hidden = false;
  replace(list, loading());
  try {
    const items = (await courses.recommended(6)).items || [];
    if (items.length === 0) {
      replace(list, empty("No recommendations yet: enrol in a course and we will suggest more."));
      return;
    }
    replace(
      list,
      items.map(({ course, reason }) => courseCard(course, reason && h("p", { class: "small mb-0 mt-2 text-primary-emphasis", text: reason }))),
    );
  } catch (error) {
    replace(list, errorAlert(error));
  }
}

async function showLatest() {
  const list = byId("latest-list");
  replace(list, loading());
  try {
    const items = (await courses.list({ limit: 6 })).items || [];
    replace(list, items.length ? items.map((course) => courseCard(course)) : empty("No courses published yet."));
  } catch (error) {
    replace(list, errorAlert(error));
  }
}

startPage({}, async ({ user }) => {
  replace(byId("hero-actions"), heroActions(user));
  if (user) byId("hero-title").textContent = `Welcome back, ${user.display_name}`;
  await Promise.all([user && showContinue(), user && showRecommended(), showLatest()]);
});
