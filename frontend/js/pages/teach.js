// @ts-check
// Teach: the instructor's courses (drafts included) and a form to create a new one.

import { plural } from "../components/cards.js";
import { courseForm, readCourseForm } from "../components/course-form.js";
import { confirmDialog } from "../components/dialog.js";
import { announce, badge, busy, byId, clearFormErrors, empty, errorAlert, h, pager, pageUrl, replace, showFormError } from "../components/ui.js";
import { courses } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

function courseRow(course) {
  const remove = h("button", { type: "button", class: "btn btn-sm btn-outline-danger", text: "Delete", "aria-label": `Delete ${course.title}` });
  const row = h(
    "li",
    { class: "list-group-item d-flex flex-wrap gap-2 align-items-center justify-content-between", dataset: { courseId: course.id } },
    h(
      "div",
      { class: "min-w-0" },
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/course-edit.html", { id: course.id }), text: course.title }),
      " ",
      course.published ? badge("Published", "success") : badge("Draft", "warning"),
      h("div", { class: "small text-body-secondary", text: plural(course.enrolled_count || 0, "learner") }),
    ),
    h(
      "div",
      { class: "d-flex flex-wrap gap-2" },
      h("a", {
        class: "btn btn-sm btn-outline-secondary",
        href: pageUrl("/course.html", { id: course.id }),
        text: "View",
        "aria-label": `View ${course.title}`,
      }),
      h("a", {
        class: "btn btn-sm btn-outline-secondary",
        href: pageUrl("/course-analytics.html", { id: course.id }),
        text: "Analytics",
        "aria-label": `Analytics of ${course.title}`,
      }),
      h("a", {
        class: "btn btn-sm btn-outline-primary",
        href: pageUrl("/course-edit.html", { id: course.id }),
        text: "Edit",
        "aria-label": `Edit ${course.title}`,
      }),
      remove,
    ),
  );
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: `Delete “${course.title}”?`, body: "Its videos stop streaming and it leaves the catalog. This cannot be undone." });
    if (!ok) return;
    try {
      await busy(remove, () => courses.remove(course.id));
      row.remove();
      announce(`${course.title} deleted.`);
    } catch (error) {
      row.append(errorAlert(error));
    }
  });
  return row;
}

startPage({ auth: true, roles: ["instructor", "admin"] }, async () => {
  const form = courseForm({ prefix: "new-course", submitLabel: "Create course" });
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
    emptyState: empty("You have no courses yet. Create your first one with the form."),
  }).reload();
});
