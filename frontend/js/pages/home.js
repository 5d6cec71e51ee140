// @ts-check
// Home: "continue watching" and recommendations for members, the newest courses for all.

import { courseCard, gridEmpty, skeletonCards, thumbnail } from "../components/cards.js";
import { byId, errorAlert, formatDuration, h, loading, pageUrl, progressBar, replace } from "../components/ui.js";
import { courses, progress, videos } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

function heroActions(user) {
  if (user) {
    return [
      h("a", { class: "btn btn-primary btn-lg me-2 mb-2", href: "/catalog.html", text: t("home.browse") }),
      h("a", { class: "btn btn-outline-primary btn-lg mb-2", href: "/learning.html", text: t("home.my_learning") }),
    ];
  }
  return [
    h("a", { class: "btn btn-primary btn-lg me-2 mb-2", href: "/register.html", text: t("home.signup_free") }),
    h("a", { class: "btn btn-outline-primary btn-lg mb-2", href: "/catalog.html", text: t("home.browse") }),
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
          h("a", {
            class: "card-link-title stretched-link",
            href: pageUrl("/watch.html", { id: record.video_id }),
            text: video ? video.title : t("home.video"),
          }),
        ),
        courseTitle && h("p", { class: "small text-body-secondary mb-2", text: courseTitle }),
        progressBar(record.percent, t("home.watched_of", { title: video ? video.title : t("home.video") }), { small: true }),
        h("p", { class: "small text-body-secondary mt-1 mb-0", text: t("home.left", { time: formatDuration(left) }) }),
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
      replace(list, gridEmpty(t("home.continue_empty")));
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
    replace(list, cards.length ? cards : gridEmpty(t("home.continue_empty")));
  } catch (error) {
    replace(list, h("div", { class: "w-100" }, errorAlert(error)));
  }
}

async function showRecommended() {
  const list = byId("recommended-list");
  byId("recommended").hidden = false;
  replace(list, skeletonCards(3));
  try {
    const items = (await courses.recommended(6)).items || [];
    if (items.length === 0) {
      replace(list, gridEmpty(t("home.recommended_empty")));
      return;
    }
    replace(
      list,
      items.map(({ course, reason }) => courseCard(course, reason && h("p", { class: "small mb-0 mt-2 text-primary-emphasis", text: reason }))),
    );
  } catch (error) {
    replace(list, h("div", { class: "w-100" }, errorAlert(error)));
  }
}

async function showLatest() {
  const list = byId("latest-list");
  replace(list, skeletonCards(6));
  try {
    const items = (await courses.list({ limit: 6 })).items || [];
    replace(list, items.length ? items.map((course) => courseCard(course)) : gridEmpty(t("home.latest_empty")));
  } catch (error) {
    replace(list, h("div", { class: "w-100" }, errorAlert(error)));
  }
}

startPage({ eager: true }, async ({ session }) => {
  // The catalog part never waits for the session; the personal parts follow it.
  const latest = showLatest();
  const user = await session;
  replace(byId("hero-actions"), heroActions(user));
  if (user) byId("hero-title").textContent = t("home.welcome", { name: user.display_name });
  await Promise.all([user && showContinue(), user && showRecommended(), latest]);
});
