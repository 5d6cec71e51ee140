// @ts-check
// Course editor: details (optimistic locking with If-Match), publish, delete, and its videos.

import { courseForm, readCourseForm } from "../components/course-form.js";
import { coverEditor } from "../components/cover-editor.js";
import { confirmDialog } from "../components/dialog.js";
import { addSectionForm, focusById, sectionHeader } from "../components/section-editor.js";
import { announce, badge, busy, byId, clearFormErrors, empty, errorAlert, h, notice, pageUrl, params, replace, showFormError } from "../components/ui.js";
import { manageVideos, refresh as refreshVideos } from "../components/video-manager.js";
import { courses, orNull } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { guardLeaving } from "../infrastructure/leave-guard.js";
import { startPage } from "../infrastructure/page.js";

const ctx = { course: null };

function staleNotice() {
  return h(
    "div",
    { class: "alert alert-warning", role: "alert" },
    t("editor.stale"),
    h("button", { type: "button", class: "btn btn-sm btn-warning ms-1", text: t("editor.reload_latest"), onclick: () => window.location.reload() }),
  );
}

/** What the details form would change on the stored course (empty when nothing). */
function pendingEdits(form) {
  const values = readCourseForm(form);
  const course = ctx.course;
  const same = {
    title: values.title === (course.title || "").trim(),
    description: values.description === (course.description || "").trim(),
    category: values.category.toLowerCase() === String(course.category || "").toLowerCase(),
    level: values.level === (course.level || values.level),
    tags: values.tags.join(",") === (course.tags || []).join(","),
  };
  return Object.fromEntries(Object.entries(values).filter(([name]) => same[name] === false));
}

const detailsForm = () => /** @type {HTMLFormElement | null} */ (document.getElementById("details-form"));

async function save(changes, statusSlot) {
  try {
    ctx.course = (await courses.update(ctx.course.id, changes, ctx.course.version)).course;
    drawHeading();
    return true;
  } catch (error) {
    if (error.status === 412 || error.status === 409) statusSlot.replaceChildren(staleNotice());
    throw error;
  }
}

function drawHeading() {
  const course = ctx.course;
  document.title = `${t("editor.edit_title")}: ${course.title} · DREAD`;
  byId("crumb-course").textContent = course.title;
  const state = course.published ? badge(t("editor.published"), "success") : badge(t("editor.draft"), "warning");
  state.classList.add("fs-6", "align-middle");
  replace(byId("course-heading"), course.title, " ", state);
  const toggle = byId("publish-toggle");
  toggle.textContent = course.published ? t("editor.unpublish") : t("editor.publish");
  toggle.className = `btn ${course.published ? "btn-outline-secondary" : "btn-success"}`;
  byId("view-course", HTMLAnchorElement).href = pageUrl("/course.html", { id: course.id });
  byId("course-analytics", HTMLAnchorElement).href = pageUrl("/course-analytics.html", { id: course.id });
  const form = byId("details-form", HTMLFormElement);
  if (form) form.elements.published.checked = !!course.published;
}

function bindDetails() {
  const form = courseForm({ prefix: "details", submitLabel: t("editor.form.save"), course: ctx.course });
  replace(byId("details"), form);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    byId("details-status").replaceChildren();
    try {
      await busy(form.querySelector("[type=submit]"), () => save(readCourseForm(form), byId("details-status")));
      byId("details-status").replaceChildren(notice(t("editor.saved")));
    } catch (error) {
      // A stale edit already shows the stale notice, a role=alert region: announced once.
      if (![409, 412].includes(error.status)) showFormError(form, error);
    }
  });
  const toggle = byId("publish-toggle");
  toggle.addEventListener("click", async () => {
    const publish = !ctx.course.published;
    // Edits still in the form go with the publish, in the same PATCH: publishing must never
    // leave them behind (nor publish a course whose form says something else).
    const edits = pendingEdits(form);
    const withEdits = Object.keys(edits).length > 0;
    byId("publish-status").replaceChildren();
    byId("details-status").replaceChildren();
    clearFormErrors(form);
    try {
      await busy(toggle, () => save({ ...edits, published: publish }, byId("publish-status")));
      drawHeading();
      const saved = withEdits ? t("editor.saved_with") : "";
      announce(`${t(publish ? "editor.published_note" : "editor.unpublished_note")}${saved}`);
    } catch (error) {
      if ([409, 412].includes(error.status)) return;
      if (withEdits && error.status === 422) showFormError(form, error);
      else byId("publish-status").replaceChildren(errorAlert(error, "", { subject: "course" }));
    }
  });
  guardLeaving(() => {
    const current = detailsForm();
    return !!current && Object.keys(pendingEdits(current)).length > 0;
  });
  byId("delete-course").addEventListener("click", async (event) => {
    const ok = await confirmDialog({
      title: t("editor.delete_course_title", { title: ctx.course.title }),
      body: t("editor.delete_course_body"),
    });
    if (!ok) return;
    try {
      await busy(event.target, () => courses.remove(ctx.course.id));
      window.location.assign("/teach.html");
    } catch (error) {
      byId("delete-status").replaceChildren(errorAlert(error));
    }
  });
}

startPage({ auth: true, roles: ["instructor", "admin"] }, async ({ root }) => {
  const id = params().get("id");
  const found = id ? await orNull(courses.get(id)) : null;
  if (!found) {
    replace(
      root,
      h("h1", { class: "h3", text: t("editor.not_found") }),
      empty(t("editor.not_found_body"), h("a", { href: "/teach.html", text: t("editor.back") })),
    );
    return;
  }
  ctx.course = found.course;
  if (params().get("created")) byId("created-note").replaceChildren(notice(t("editor.created")));
  bindDetails();
  drawHeading();
  replace(
    byId("cover"),
    coverEditor(ctx.course, (course) => {
      ctx.course = course;
      drawHeading();
    }),
  );
  const sections = {
    courseId: ctx.course.id,
    // A section change is a course change (new version): keep this page's If-Match current.
    changed: async (course, focus) => {
      ctx.course = course;
      drawHeading();
      await refreshVideos({ sections: course.sections || [] });
      focusById(focus);
    },
  };
  replace(byId("sections-form"), addSectionForm(sections));
  await manageVideos(ctx.course, { sectionHeader: (section, index, count) => sectionHeader(section, index, count, sections) });
});
