// @ts-check
// Course page: description, enrolment, videos with the caller's progress, forum and flags tabs.

import { label, plural, statusBadge, thumbnail, watchedLine } from "../components/cards.js";
import { confirmDialog } from "../components/dialog.js";
import { forumRequested, renderFlags, renderForum } from "../components/forum-list.js";
import { announce, busy, byId, empty, errorAlert, h, loading, pageUrl, params, badge as pill, progressBar, replace } from "../components/ui.js";
import { courses, orNull, progress, videos } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";
import { loginUrl } from "../infrastructure/session.js";

/** What the caller may do here: the access endpoint, or a fallback from the enrolment. */
async function accessOf(course, user) {
  if (!user) return { relation: "none", can_view_content: false, can_moderate: false };
  const access = await courses.access(course.id).catch(() => null);
  if (access) return access;
  const owner = course.owner_id === user.id;
  const enrolled = !owner && !!(await orNull(courses.enrollment(course.id)));
  const relation = owner ? "owner" : user.role === "admin" ? "admin" : enrolled ? "enrolled" : "none";
  return { relation, can_view_content: relation !== "none", can_moderate: owner || user.role === "admin" };
}

function enrolControls(course, user, access, refresh) {
  if (!user) return h("a", { class: "btn btn-primary", href: loginUrl(), text: "Log in to enrol" });
  const controls = [];
  if (access.relation === "owner" || access.relation === "admin") {
    controls.push(h("a", { class: "btn btn-outline-primary me-2", href: pageUrl("/course-edit.html", { id: course.id }), text: "Edit course" }));
  }
  if (access.relation === "owner") return controls;
  if (access.relation === "enrolled") {
    const leave = h("button", { type: "button", class: "btn btn-outline-danger", text: "Unenrol" });
    leave.addEventListener("click", async () => {
      const ok = await confirmDialog({ title: "Leave this course?", body: "Your progress is kept if you come back.", confirmLabel: "Unenrol" });
      if (!ok) return;
      await act(leave, () => courses.unenrol(course.id), "You left the course.", refresh);
    });
    controls.push(pill("Enrolled", "success"), " ", leave);
  } else {
    const join = h("button", { type: "button", class: "btn btn-primary", text: "Enrol" });
    join.addEventListener("click", () => act(join, () => courses.enrol(course.id), "You are enrolled.", refresh));
    controls.push(join);
  }
  return controls;
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

function videoItem(video, record, index, canWatch) {
  const title = `${index + 1}. ${video.title}`;
  return h(
    "li",
    { class: "list-group-item d-flex gap-3 align-items-center", dataset: { videoId: video.id } },
    thumbnail(video),
    h(
      "div",
      { class: "flex-grow-1 min-w-0" },
      canWatch && video.status === "ready"
        ? h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/watch.html", { id: video.id }), text: title })
        : h("span", { class: "fw-semibold text-break-anywhere", text: title }),
      " ",
      statusBadge(video),
      watchedLine(video, record),
    ),
  );
}

async function showVideos(course, access) {
  const pane = byId("videos-pane");
  replace(pane, loading("Loading videos…"));
  const [list, courseProgress] = await Promise.all([
    videos.list(course.id),
    access.relation === "enrolled" ? orNull(progress.course(course.id)).catch(() => null) : null,
  ]);
  const items = (list.items || []).map((item) => item.video || item).filter((video) => access.can_moderate || video.status === "ready");
  const records = new Map((courseProgress?.videos || []).map((item) => item.progress || item).map((p) => [p.video_id, p]));
  if (courseProgress) {
    const percent = Math.round(Number(courseProgress.percent) || 0);
    replace(
      byId("course-progress"),
      h("p", { class: "mb-1", text: `${courseProgress.completed_videos} of ${courseProgress.total_videos} videos completed (${percent}%)` }),
      progressBar(percent, "Course progress"),
    );
  }
  replace(
    pane,
    !access.can_view_content &&
      access.relation === "none" &&
      h("p", { class: "text-body-secondary", text: "Enrol to watch the videos and track your progress." }),
    items.length
      ? h(
          "ol",
          { class: "list-group list-unstyled" },
          items.map((video, index) => videoItem(video, records.get(video.id), index, access.can_view_content)),
        )
      : empty("No videos in this course yet."),
  );
}

function header(course, user, access, refresh) {
  const tags = (course.tags || []).map((tag) => pill(tag, "light border"));
  return [
    h(
      "nav",
      { "aria-label": "Breadcrumb" },
      h(
        "ol",
        { class: "breadcrumb" },
        h("li", { class: "breadcrumb-item" }, h("a", { href: "/catalog.html", text: "Catalog" })),
        h("li", { class: "breadcrumb-item active", "aria-current": "page", text: course.title }),
      ),
    ),
    h(
      "div",
      { class: "course-banner rounded-3 p-4 mb-3" },
      h("h1", { class: "h2 text-break-anywhere", text: course.title }),
      h(
        "p",
        { class: "mb-2" },
        [label(course.category), label(course.level), plural(course.enrolled_count || 0, "learner")].filter(Boolean).join(" · "),
        course.published === false ? [" ", pill("Draft", "warning")] : null,
      ),
      tags.length > 0 && h("p", { class: "d-flex flex-wrap gap-1 mb-3" }, tags),
      h("div", { class: "d-flex flex-wrap align-items-center gap-2" }, enrolControls(course, user, access, refresh)),
      h("div", { id: "enrol-error", class: "mt-2" }),
    ),
    h("div", { id: "course-progress", class: "mb-3" }),
    h("h2", { class: "h5", text: "About this course" }),
    h("p", { class: "pre-line", text: course.description || "No description yet." }),
  ];
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

async function show(root, id, user) {
  const found = await orNull(courses.get(id));
  if (!found) {
    replace(
      root,
      h("h1", { class: "h3", text: "Course not found" }),
      empty("It may have been removed or is not published.", h("a", { href: "/catalog.html", text: "Back to the catalog" })),
    );
    return;
  }
  const { course } = found;
  document.title = `${course.title} · DREAD`;
  const access = await accessOf(course, user);
  const first = params().get("tab") || (forumRequested() ? "forum" : "videos");
  const tabs = [
    ["videos", "Videos"],
    ["forum", "Forum"],
  ];
  if (access.can_moderate) tabs.push(["flags", "Flagged posts"]);
  replace(
    root,
    header(course, user, access, () => show(root, id, user)),
    h(
      "ul",
      { class: "nav nav-tabs", role: "tablist" },
      tabs.map(([key, text]) => tab(key, text, key === first)),
    ),
    h(
      "div",
      { class: "tab-content" },
      tabs.map(([key]) => pane(key, key === first)),
    ),
  );
  const loaders = {
    videos: () => showVideos(course, access),
    forum: () => renderForum(byId("forum-pane"), { course, user, access }),
    flags: () => renderFlags(byId("flags-pane"), course),
  };
  for (const [key] of tabs) {
    byId(`${key}-tab`).addEventListener("shown.bs.tab", () => loaders[key]().catch((error) => replace(byId(`${key}-pane`), errorAlert(error))), { once: true });
  }
  await Promise.all([showVideos(course, access), first !== "videos" && loaders[first] ? loaders[first]() : null]);
}

startPage({}, async ({ user, root }) => {
  const id = params().get("id");
  if (!id) {
    replace(
      root,
      h("h1", { class: "h3", text: "No course chosen" }),
      empty("Pick a course in the catalog.", h("a", { href: "/catalog.html", text: "Open the catalog" })),
    );
    return;
  }
  await show(root, id, user);
});
