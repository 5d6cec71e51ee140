// @ts-check
// Watch page: the player, watchlist toggle, next video and the course's other videos.

import { statusBadge, thumbnail } from "../components/cards.js";
import { startPlayer } from "../components/player.js";
import { announce, busy, byId, empty, errorAlert, formatDuration, h, pageUrl, params, replace } from "../components/ui.js";
import { courses, orNull, progress, videos, watchlist } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

function watchlistButton(videoId, listed) {
  const button = h("button", { type: "button", class: "btn btn-outline-primary", id: "watchlist-toggle" });
  const draw = (on) => {
    listed = on;
    button.setAttribute("aria-pressed", String(on));
    button.textContent = on ? "✓ In watchlist" : "+ Watchlist";
  };
  draw(listed);
  button.addEventListener("click", async () => {
    try {
      await busy(button, () => (listed ? watchlist.remove(videoId) : watchlist.add(videoId)));
      draw(!listed);
      announce(listed ? "Added to your watchlist." : "Removed from your watchlist.");
    } catch (error) {
      draw(listed);
      button.after(errorAlert(error));
    }
  });
  return button;
}

function sidebar(items, current) {
  return h(
    "ol",
    { class: "list-group list-unstyled" },
    items.map((video, index) => {
      const here = video.id === current.id;
      return h(
        "li",
        { class: `list-group-item d-flex gap-2 align-items-center${here ? " active" : ""}`, "aria-current": here ? "true" : null },
        thumbnail(video),
        h(
          "div",
          { class: "min-w-0" },
          here
            ? h("span", { class: "fw-semibold", text: `${index + 1}. ${video.title}` })
            : h("a", { href: pageUrl("/watch.html", { id: video.id }), text: `${index + 1}. ${video.title}` }),
          h("div", { class: `small${here ? "" : " text-body-secondary"}`, text: video.duration_s ? formatDuration(video.duration_s) : "" }),
          statusBadge(video),
        ),
      );
    }),
  );
}

function blocked(error, course, onEnrolled) {
  if (error.status === 403) {
    const enrol = h("button", { type: "button", class: "btn btn-primary", text: "Enrol to watch" });
    enrol.addEventListener("click", async () => {
      try {
        await busy(enrol, () => courses.enrol(course.id));
        onEnrolled();
      } catch (failure) {
        enrol.after(errorAlert(failure));
      }
    });
    return empty("This video is for learners enrolled in the course.", enrol);
  }
  if (error.status === 409) return empty("This video is still being processed. Try again in a minute.");
  return errorAlert(error);
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stream URLs; a 403 right after enrolling is retried while the course service says
 * the user is enrolled (other services cache course access for a few seconds). */
async function streamFor(id, courseId) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await videos.stream(id);
    } catch (error) {
      if (error.status !== 403 || attempt >= 6) throw error;
      const access = await courses.access(courseId).catch(() => null);
      if (!access?.can_view_content) throw error;
      if (attempt === 0) announce("Checking your enrolment…");
      await pause(1000);
    }
  }
}

async function show({ root, id }) {
  const found = await orNull(videos.get(id));
  if (!found) {
    replace(
      root,
      h("h1", { class: "h3", text: "Video not found" }),
      empty("It may have been removed.", h("a", { href: "/catalog.html", text: "Back to the catalog" })),
    );
    return;
  }
  const video = found.video;
  document.title = `${video.title} · DREAD`;
  const [courseFound, list, saved, listed] = await Promise.all([
    orNull(courses.get(video.course_id)).catch(() => null),
    videos.list(video.course_id).catch(() => ({ items: [] })),
    orNull(progress.video(id)).catch(() => null),
    orNull(watchlist.has(id)).catch(() => null),
  ]);
  const course = courseFound ? courseFound.course : { id: video.course_id, title: "Course" };
  const items = (list.items || []).map((item) => item.video || item).filter((item) => item.status === "ready" || item.id === id);
  const next = items[items.findIndex((item) => item.id === id) + 1] || null;
  const nextLink =
    next && h("a", { class: "btn btn-outline-secondary", id: "next-video", href: pageUrl("/watch.html", { id: next.id }) }, "Next: ", next.title);
  byId("crumb-course", HTMLAnchorElement).href = pageUrl("/course.html", { id: course.id });
  byId("crumb-course").textContent = course.title;
  byId("crumb-video").textContent = video.title;
  byId("video-title").textContent = video.title;
  byId("video-description").textContent = video.description || "";
  replace(byId("video-actions"), watchlistButton(id, !!listed), nextLink);
  replace(byId("course-videos"), items.length ? sidebar(items, video) : empty("No other videos."));
  let stream;
  try {
    stream = await streamFor(id, course.id);
  } catch (error) {
    replace(
      byId("player-slot"),
      blocked(error, course, () => show({ root, id })),
    );
    return;
  }
  const el = byId("player");
  byId("player-slot").hidden = true;
  byId("player-wrap").hidden = false;
  const record = saved ? saved.progress || saved : null;
  startPlayer({
    el,
    meta: video,
    stream,
    saved: record,
    controls: { quality: byId("quality"), speed: byId("speed"), captions: byId("captions") },
    onEnded: () => {
      if (!next) return announce("You reached the end of this course's videos.");
      announce(`Finished. Next: ${next.title}.`);
      nextLink.classList.replace("btn-outline-secondary", "btn-primary");
      nextLink.focus();
    },
  });
}

startPage({ auth: true }, async ({ root }) => {
  const id = params().get("id");
  if (!id) {
    replace(
      root,
      h("h1", { class: "h3", text: "No video chosen" }),
      empty("Pick a course and one of its videos.", h("a", { href: "/catalog.html", text: "Open the catalog" })),
    );
    return;
  }
  await show({ root, id });
});
