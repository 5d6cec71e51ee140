// @ts-check
// Instructor page (public): avatar, name, bio and the published courses as cards.

import { courseCard } from "../components/cards.js";
import { avatar, empty, h, params, replace } from "../components/ui.js";
import { courses, orNull } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

function notFound(root) {
  replace(
    root,
    h("h1", { class: "h3", text: t("instructor.not_found") }),
    empty(t("instructor.not_found_text"), h("a", { href: "/catalog.html", text: t("course.open_catalog") })),
  );
}

startPage({ eager: true }, async ({ root }) => {
  const id = params().get("id");
  const found = id ? await orNull(courses.instructor(id)) : null;
  if (!found) return notFound(root);
  const { instructor } = found;
  const list = found.courses || [];
  const learners = list.reduce((sum, course) => sum + (Number(course.enrolled_count) || 0), 0);
  document.title = `${instructor.display_name} · DREAD`;
  replace(
    root,
    h(
      "div",
      { class: "d-flex flex-column flex-sm-row align-items-sm-center gap-3 mb-4" },
      avatar(instructor.avatar_url, instructor.display_name, 128),
      h(
        "div",
        { class: "min-w-0" },
        h("p", { class: "small text-body-secondary mb-1", text: t("instructor.title") }),
        h("h1", { class: "h3 mb-1 text-break-anywhere", text: instructor.display_name }),
        h("p", {
          class: "mb-0 text-body-secondary",
          dataset: { testid: "instructor-stats" },
          text: t("instructor.stats", { courses: t("instructor.courses_count", { count: list.length }), learners: t("card.learners", { count: learners }) }),
        }),
      ),
    ),
    h("p", { class: "pre-line mb-4 col-lg-9", text: instructor.bio || t("instructor.no_bio") }),
    h("h2", { class: "h5 mb-3", text: t("instructor.courses", { name: instructor.display_name }) }),
    list.length
      ? h(
          "div",
          { class: "row row-cols-1 row-cols-sm-2 row-cols-lg-3 row-cols-xl-4 g-3" },
          list.map((course) => courseCard(course)),
        )
      : empty(t("instructor.no_courses")),
  );
});
