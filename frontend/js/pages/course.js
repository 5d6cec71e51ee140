// @ts-check
// Course page: hero (cover, instructor, size), what you'll learn, a collapsible description,
// the syllabus by section with watched ticks and Resume, and the forum and flags tabs.
// The public parts draw at once; who is looking (enrol, progress, moderation) follows the session.

import { categoryName, courseSize, cover, levelName } from "../components/cards.js";
import { confirmDialog } from "../components/dialog.js";
import { forumRequested, renderFlags, renderForum } from "../components/forum-list.js";
import { resumeTarget, syllabus } from "../components/syllabus.js";
import { mountTranscriptSearch } from "../components/transcript-search.js";
import { announce, busy, byId, empty, errorAlert, h, loading, pageUrl, params, badge as pill, progressBar, replace } from "../components/ui.js";
import { courses, orNull, progress, videos } from "../infrastructure/api.js";
import { t, tNodes } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";
import { loginUrl } from "../infrastructure/session.js";

const NOBODY = { relation: "none", can_view_content: false, can_moderate: false };

/** What the caller may do here: the access endpoint, or a fallback from the enrolment. */
async function accessOf(course, user) {
  if (!user) return NOBODY;
  const access = await courses.access(course.id).catch(() => null);
  if (access) return access;
  const owner = course.owner_id === user.id;
  const enrolled = !owner && !!(await orNull(courses.enrollment(course.id)));
  const relation = owner ? "owner" : user.role === "admin" ? "admin" : enrolled ? "enrolled" : "none";
  return { relation, can_view_content: relation !== "none", can_moderate: owner || user.role === "admin" };
}

async function act(button, work, message, refresh) {
  const slot = byId("enrol-error");
  slot.replaceChildren();
  try {
    await busy(button, work);
    announce(message);
    await refresh();
  } catch (error) {
    slot.replaceChildren(errorAlert(error));
  }
}

function enrolControls(course, user, access, resume, refresh) {
  if (!user) return h("a", { class: "btn btn-primary btn-lg", href: loginUrl(), text: t("course.login_to_enrol") });
  const controls = [];
  if (resume) {
    const text = resume.started ? t("course.resume", { title: resume.video.title }) : t("course.start");
    controls.push(
      h("a", {
        class: "btn btn-primary btn-lg text-break-anywhere",
        href: pageUrl("/watch.html", { id: resume.video.id }),
        text,
        dataset: { testid: "resume" },
      }),
    );
  }
  if (access.relation === "owner" || access.relation === "admin") {
    controls.push(h("a", { class: "btn btn-outline-primary", href: pageUrl("/course-edit.html", { id: course.id }), text: t("course.edit") }));
  }
  if (access.relation === "owner") return controls;
  if (access.relation === "enrolled") {
    const leave = h("button", { type: "button", class: "btn btn-outline-secondary", text: t("course.unenrol") });
    leave.addEventListener("click", async () => {
      const ok = await confirmDialog({ title: t("course.leave_title"), body: t("course.leave_body"), confirmLabel: t("course.unenrol") });
      if (ok) await act(leave, () => courses.unenrol(course.id), t("course.left"), refresh);
    });
    controls.push(pill(t("course.enrolled"), "success"), leave);
  } else if (access.relation !== "admin") {
    const join = h("button", { type: "button", class: "btn btn-primary btn-lg", text: t("course.enrol") });
    join.addEventListener("click", () => act(join, () => courses.enrol(course.id), t("course.now_enrolled"), refresh));
    controls.push(join);
  }
  return controls;
}

/** Bullet lines of the description ("- ", "* ", "• ") are what the course teaches. */
function outcomes(description) {
  return String(description || "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => /^[-*•]\s+\S/.test(line))
    .map((line) => line.replace(/^[-*•]\s+/, ""));
}

function learnBlock(course) {
  const points = outcomes(course.description);
  if (!points.length) return null;
  return h(
    "section",
    { class: "card card-body mb-4", "aria-labelledby": "learn-title" },
    h("h2", { class: "h5", id: "learn-title", text: t("course.what_you_learn") }),
    h(
      "ul",
      { class: "row row-cols-1 row-cols-md-2 list-unstyled mb-0 g-2" },
      points.map((point) =>
        h(
          "li",
          { class: "col d-flex gap-2" },
          h("span", { class: "text-success", "aria-hidden": "true", text: "✓" }),
          h("span", { class: "text-break-anywhere", text: point }),
        ),
      ),
    ),
  );
}

function aboutBlock(course) {
  const text = course.description || t("course.no_description");
  const body = h("p", { class: "pre-line mb-1", id: "course-description", text });
  const long = text.length > 280 || text.split("\n").length > 4;
  if (!long) return [h("h2", { class: "h5", text: t("course.about") }), body];
  body.classList.add("line-clamp-3");
  const toggle = h("button", {
    type: "button",
    class: "btn btn-link px-0",
    "aria-expanded": "false",
    "aria-controls": "course-description",
    text: t("course.show_more"),
  });
  toggle.addEventListener("click", () => {
    const open = body.classList.toggle("line-clamp-3") === false;
    toggle.setAttribute("aria-expanded", String(open));
    toggle.textContent = t(open ? "course.show_less" : "course.show_more");
  });
  return [h("h2", { class: "h5", text: t("course.about") }), body, toggle];
}

function hero(course) {
  const teacher = course.instructor;
  const stats = [levelName(course.level), courseSize(course), t("card.learners", { count: Number(course.enrolled_count) || 0 })].filter(Boolean).join(" · ");
  return h(
    "div",
    { class: "course-banner rounded-3 p-3 p-md-4 mb-4" },
    h(
      "div",
      { class: "row g-4 align-items-center" },
      h(
        "div",
        { class: "col-lg-7 order-2 order-lg-1 min-w-0" },
        course.category && h("p", { class: "small text-body-secondary mb-1", text: categoryName(course.category) }),
        h("h1", { class: "h2 text-break-anywhere", text: course.title }, course.published === false ? [" ", pill(t("common.draft"), "warning")] : null),
        teacher?.id &&
          h(
            "p",
            { class: "mb-2", dataset: { testid: "instructor" } },
            tNodes("course.taught_by", {
              name: h("a", { href: pageUrl("/instructor.html", { id: teacher.id }), class: "fw-semibold text-break-anywhere", text: teacher.display_name }),
            }),
          ),
        h("p", { class: "mb-3 text-body-secondary", dataset: { testid: "course-stats" }, text: stats }),
        (course.tags || []).length > 0 &&
          h(
            "p",
            { class: "d-flex flex-wrap gap-1 mb-3", "aria-label": t("course.tags") },
            course.tags.map((tag) => pill(tag, "light border")),
          ),
        h(
          "div",
          { id: "enrol-controls", class: "d-flex flex-wrap align-items-center gap-2" },
          h("span", { class: "placeholder-glow" }, h("span", { class: "placeholder btn btn-lg col-6 disabled", "aria-hidden": "true" })),
        ),
        h("div", { id: "enrol-error", class: "mt-2" }),
      ),
      h("div", { class: "col-lg-5 order-1 order-lg-2" }, cover(course, { hero: true })),
    ),
  );
}

function breadcrumb(course) {
  return h(
    "nav",
    { "aria-label": t("course.breadcrumb") },
    h(
      "ol",
      { class: "breadcrumb" },
      h("li", { class: "breadcrumb-item" }, h("a", { href: "/catalog.html", text: t("nav.catalog") })),
      course.category &&
        h("li", { class: "breadcrumb-item" }, h("a", { href: pageUrl("/catalog.html", { category: course.category }), text: categoryName(course.category) })),
      h("li", { class: "breadcrumb-item active", "aria-current": "page", text: course.title }),
    ),
  );
}

function tab(id, text, active) {
  return h(
    "li",
    { class: "nav-item", role: "presentation" },
    h("button", {
      class: `nav-link${active ? " active" : ""}`,
      id: `${id}-tab`,
      type: "button",
      role: "tab",
      "data-bs-toggle": "tab",
      "data-bs-target": `#${id}-pane`,
      "aria-controls": `${id}-pane`,
      "aria-selected": active ? "true" : "false",
      text,
    }),
  );
}

const pane = (id, active) =>
  h("div", { class: `tab-pane fade pt-3${active ? " show active" : ""}`, id: `${id}-pane`, role: "tabpanel", "aria-labelledby": `${id}-tab`, tabindex: "0" });

/** The course, asked again once the session is known when a draft needs the owner's token. */
async function findCourse(id, session) {
  const found = await orNull(courses.get(id));
  if (found) return found;
  return (await session) ? orNull(courses.get(id)) : null;
}

function notFound(root) {
  replace(
    root,
    h("h1", { class: "h3", text: t("course.not_found") }),
    empty(t("course.not_found_text"), h("a", { href: "/catalog.html", text: t("course.back_to_catalog") })),
  );
}

async function show(root, id, session) {
  const [found, list] = await Promise.all([findCourse(id, session), orNull(videos.list(id)).catch(() => null)]);
  if (!found) return notFound(root);
  const { course } = found;
  document.title = `${course.title} · DREAD`;
  const wanted = forumRequested() ? "forum" : params().get("tab") || "syllabus";
  const first = ["syllabus", "forum"].includes(wanted) ? wanted : "syllabus";
  const allVideos = (list?.items || []).map((item) => item.video || item);
  replace(
    root,
    breadcrumb(course),
    hero(course),
    h("div", { id: "course-progress", class: "mb-3" }),
    learnBlock(course),
    aboutBlock(course),
    h(
      "ul",
      { class: "nav nav-tabs mt-4", role: "tablist", id: "course-tabs" },
      tab("syllabus", t("course.tab_syllabus"), first === "syllabus"),
      tab("forum", t("course.tab_forum"), first === "forum"),
    ),
    h("div", { class: "tab-content", id: "course-panes" }, pane("syllabus", first === "syllabus"), pane("forum", first === "forum")),
  );
  const drawSyllabus = (access, records) =>
    replace(
      byId("syllabus-pane"),
      access.relation === "none" && h("p", { class: "text-body-secondary", text: t("course.enrol_to_watch") }),
      syllabus(
        course,
        allVideos.filter((video) => access.can_moderate || video.status === "ready"),
        records,
        access.can_view_content,
      ),
    );
  drawSyllabus(NOBODY, new Map());

  const user = await session;
  const access = await accessOf(course, user);
  await personalise(root, { course, user, access, allVideos, drawSyllabus, first, wanted, refresh: () => show(root, id, session) });
}

async function personalise(root, { course, user, access, allVideos, drawSyllabus, first, wanted, refresh }) {
  const courseProgress = access.relation === "enrolled" ? await orNull(progress.course(course.id)).catch(() => null) : null;
  const records = new Map((courseProgress?.videos || []).map((item) => item.progress || item).map((record) => [record.video_id, record]));
  drawSyllabus(access, records);
  if (courseProgress) {
    const percent = Math.round(Number(courseProgress.percent) || 0);
    replace(
      byId("course-progress"),
      h("p", { class: "mb-1", text: t("course.progress", { done: courseProgress.completed_videos, total: courseProgress.total_videos, percent }) }),
      progressBar(percent, t("course.progress_label")),
    );
  }
  const resume = access.relation === "enrolled" ? resumeTarget(allVideos, records) : null;
  replace(byId("enrol-controls"), enrolControls(course, user, access, resume, refresh));
  if (access.can_view_content) {
    byId("course-tabs").append(tab("transcripts", t("course.tab_transcripts"), false));
    byId("course-panes").append(pane("transcripts", false));
  }
  if (access.can_moderate) {
    byId("course-tabs").append(tab("flags", t("course.tab_flags"), false));
    byId("course-panes").append(pane("flags", false));
  }
  const loaders = {
    forum: () => renderForum(byId("forum-pane"), { course, user, access }),
    flags: () => renderFlags(byId("flags-pane"), course),
    // "where did the lecturer say …?": the course's completed captions, hits linking into the player
    transcripts: async () => mountTranscriptSearch(byId("transcripts-pane"), { courseId: course.id }),
  };
  for (const [key, load] of Object.entries(loaders)) {
    const button = document.getElementById(`${key}-tab`);
    button?.addEventListener("shown.bs.tab", () => load().catch((error) => replace(byId(`${key}-pane`), errorAlert(error))), { once: true });
  }
  if (first === "forum") {
    replace(byId("forum-pane"), loading());
    await loaders.forum();
  }
  // ?tab=flags (or transcripts): that tab exists only now, for the callers who have it
  const late = wanted !== first ? document.getElementById(`${wanted}-tab`) : null;
  if (late) window.bootstrap.Tab.getOrCreateInstance(late).show();
  root.dataset.personalised = "1";
}

startPage({ eager: true }, async ({ root, session }) => {
  const id = params().get("id");
  if (!id) {
    replace(
      root,
      h("h1", { class: "h3", text: t("course.none_chosen") }),
      empty(t("course.none_chosen_text"), h("a", { href: "/catalog.html", text: t("course.open_catalog") })),
    );
    return;
  }
  await show(root, id, session);
});
