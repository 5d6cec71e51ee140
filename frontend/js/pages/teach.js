// @ts-check
// Teach: the instructor's courses (drafts included) and a form to create a new one.

import { courseForm, readCourseForm } from "../components/course-form.js";
import { confirmDialog } from "../components/dialog.js";
import { announce, badge, busy, byId, clearFormErrors, empty, errorAlert, h, pager, pageUrl, replace, showFormError } from "../components/ui.js";
import { courses } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

function courseRow(course) {
  const remove = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-danger",
    text: t("editor.delete"),
    "aria-label": t("editor.delete_aria", { title: course.title }),
  });
  const row = h(
    "li",
    { class: "list-group-item d-flex flex-wrap gap-2 align-items-center justify-content-between", dataset: { courseId: course.id } },
    h(
      "div",
      { class: "min-w-0" },
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/course-edit.html", { id: course.id }), text: course.title }),
      " ",
      course.published ? badge(t("editor.published"), "success") : badge(t("editor.draft"), "warning"),
      h("div", { class: "small text-body-secondary", text: t("card.learners", { count: course.enrolled_count || 0 }) }),
    ),
    h(
      "div",
      { class: "d-flex flex-wrap gap-2" },
      h("a", {
        class: "btn btn-sm btn-outline-secondary",
        href: pageUrl("/course.html", { id: course.id }),
        text: t("editor.view"),
        "aria-label": t("editor.view_aria", { title: course.title }),
      }),
      h("a", {
        class: "btn btn-sm btn-outline-secondary",
        href: pageUrl("/course-analytics.html", { id: course.id }),
        text: t("editor.analytics"),
        "aria-label": t("editor.analytics_aria", { title: course.title }),
      }),
      h("a", {
        class: "btn btn-sm btn-outline-primary",
        href: pageUrl("/course-edit.html", { id: course.id }),
        text: t("editor.edit"),
        "aria-label": t("editor.edit_aria", { title: course.title }),
      }),
      remove,
    ),
  );
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: t("editor.delete_course_title", { title: course.title }), body: t("editor.delete_course_body") });
    if (!ok) return;
    try {
      await busy(remove, () => courses.remove(course.id));
      row.remove();
      announce(t("editor.deleted", { title: course.title }));
    } catch (error) {
      row.append(errorAlert(error));
    }
  });
  return row;
}

startPage({ auth: true, roles: ["instructor", "admin"] }, async () => {
  const form = courseForm({ prefix: "new-course", submitLabel: t("editor.create_course") });
  replace(byId("new-course"), form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const { course } = await busy(form.querySelector("[type=submit]"), () => courses.create(readCourseForm(form)));
      window.location.assign(pageUrl("/course-edit.html", { id: course.id, created: "1" }));
    } catch (error) {
      showFormError(form, error);
    }
  });
  await pager({
    list: byId("my-courses"),
    more: byId("more"),
    fetchPage: (cursor) => courses.mine(cursor),
    render: courseRow,
    emptyState: empty(t("editor.no_courses")),
  }).reload();
});
