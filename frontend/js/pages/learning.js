// @ts-check
// My learning: the courses the user is enrolled in, each with its progress, plus recent videos.

import { courseCard } from "../components/cards.js";
import { byId, empty, h, loading, pager, progressBar, replace } from "../components/ui.js";
import { courses, progress } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

function progressSlot(course) {
  const slot = h("div", { class: "mt-2" }, loading("Loading progress…"));
  progress
    .course(course.id)
    .then((summary) => {
      const percent = Math.round(Number(summary.percent) || 0);
      replace(
        slot,
        h("p", { class: "small mb-1", text: `${summary.completed_videos} of ${summary.total_videos} videos completed` }),
        progressBar(percent, `Progress in ${course.title}`),
      );
    })
    .catch((error) => {
      replace(
        slot,
        error.status === 404
          ? h("p", { class: "small mb-0 text-body-secondary", text: "Not started yet" })
          : h("p", { class: "small mb-0 text-danger", text: error.detail }),
      );
    });
  return slot;
}

startPage({ auth: true }, async () => {
  const counts = { courses: 0 };
  await pager({
    list: byId("enrolled"),
    more: byId("more"),
    fetchPage: async (cursor) => {
      const page = await courses.enrolled(cursor);
      counts.courses += page.items.length;
      byId("summary").textContent = `${counts.courses} course${counts.courses === 1 ? "" : "s"}`;
      return page;
    },
    render: (course) => courseCard(course, progressSlot(course)),
    emptyState: empty("You are not enrolled in any course yet.", h("a", { class: "btn btn-primary", href: "/catalog.html", text: "Browse the catalog" })),
  }).reload();
});
