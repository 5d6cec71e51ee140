// @ts-check
// Watch page: the player, chapters, watchlist toggle, "Ask about this video", the next video
// (with autoplay countdown) and the course's other videos with watched ticks.

import { statusBadge, thumbnail } from "../components/cards.js";
import { chapterList } from "../components/player/chapters.js";
import { startPlayer } from "../components/player/index.js";
import { loadPrefs } from "../components/player/prefs.js";
import { preloadPlaylists } from "../components/player/source.js";
import { transcriptPanel } from "../components/player/transcript.js";
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

/** The course forum, opened on a new question about this video at `time()` seconds. */
function askUrl(courseId, videoId, seconds) {
  return `${pageUrl("/course.html", { id: courseId, ask_video: videoId, t: String(Math.floor(seconds)) })}#forum`;
}

function sidebar(items, current, watched) {
  return h(
    "ol",
    { class: "list-group list-unstyled" },
    items.map((video, index) => {
      const here = video.id === current.id;
      const done = watched.has(video.id);
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
          h(
            "div",
            { class: `small${here ? "" : " text-body-secondary"}` },
            video.duration_s ? formatDuration(video.duration_s) : "",
            done ? h("span", { class: `ms-2 fw-semibold${here ? "" : " text-success"}`, "data-testid": "watched", text: "✓ Watched" }) : null,
          ),
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
async function streamFor(id, courseId, first) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await (attempt === 0 && first ? first : videos.stream(id));
    } catch (error) {
      if (error.status !== 403 || attempt >= 6) throw error;
      const access = await courses.access(courseId).catch(() => null);
      if (!access?.can_view_content) throw error;
      if (attempt === 0) announce("Checking your enrolment…");
      await pause(1000);
    }
  }
}

/** Theatre mode: the player takes the page's width, the side panels go below. */
function widen(on) {
  byId("watch-main").className = on ? "col-12" : "col-lg-8";
  byId("watch-side").className = on ? "col-12" : "col-lg-4";
}

function showChapters(video, player) {
  const chapters = Array.isArray(video.chapters) ? video.chapters : [];
  if (!chapters.length) return null;
  const panel = chapterList(chapters, (start) => {
    player().seek(start);
    player()
      .el.play()
      .catch(() => {});
  });
  replace(byId("chapters"), panel.list);
  byId("chapters-panel").hidden = false;
  return panel;
}

/** The transcript of the caption in the viewer's language (or the first), beside the video;
 * a language menu when there are several. Returns {follow(time)} or null without captions. */
function showTranscript(id, captions, player) {
  if (!captions.length) return null;
  const wanted = loadPrefs().captions;
  const slot = h("div");
  const follower = { follow: (_time) => {} };
  const draw = async (language) => {
    const found = await orNull(videos.transcript(id, language)).catch(() => null);
    if (!found) {
      replace(slot, empty("No transcript in this language."));
      follower.follow = () => {};
      return;
    }
    const panel = transcriptPanel(slot, found.cues || [], (start) => {
      player().seek(start);
      player()
        .el.play()
        .catch(() => {});
    });
    follower.follow = (time) => panel.follow(time);
  };
  const first = captions.find((caption) => caption.language === wanted) || captions[0];
  const parts = [];
  if (captions.length > 1) {
    const menu = h(
      "select",
      { id: "transcript-language", class: "form-select form-select-sm mb-2" },
      captions.map((caption) => h("option", { value: caption.language, text: caption.label || caption.language, selected: caption === first })),
    );
    menu.addEventListener("change", () => draw(menu.value));
    parts.push(h("label", { for: "transcript-language", class: "visually-hidden", text: "Transcript language" }), menu);
  }
  replace(byId("transcript"), parts, slot);
  byId("transcript-panel").hidden = false;
  draw(first.language);
  return follower;
}

async function show({ root, id }) {
  // the stream is asked for with the video itself: the player can start one round trip sooner
  const early = videos.stream(id);
  // ...and its playlists while the page reads the rest (hls.js then starts on the first segment)
  early.then((stream) => window.Hls?.isSupported() && preloadPlaylists(stream.hls_url)).catch(() => {}); // errors handled below, once the course is known
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
  const [courseFound, list, saved, listed, courseProgress] = await Promise.all([
    orNull(courses.get(video.course_id)).catch(() => null),
    videos.list(video.course_id).catch(() => ({ items: [] })),
    orNull(progress.video(id)).catch(() => null),
    orNull(watchlist.has(id)).catch(() => null),
    orNull(progress.course(video.course_id)).catch(() => null),
  ]);
  const course = courseFound ? courseFound.course : { id: video.course_id, title: "Course" };
  const items = (list.items || []).map((item) => item.video || item).filter((item) => item.status === "ready" || item.id === id);
  const watched = new Set(
    (courseProgress?.videos || [])
      .map((entry) => entry.progress || entry)
      .filter((entry) => entry.completed)
      .map((entry) => entry.video_id),
  );
  const next = items[items.findIndex((item) => item.id === id) + 1] || null;
  const nextUrl = next ? pageUrl("/watch.html", { id: next.id }) : "";
  const nextLink = next && h("a", { class: "btn btn-outline-secondary", id: "next-video", href: nextUrl }, "Next: ", next.title);
  const ask = h("a", { class: "btn btn-outline-secondary", id: "ask-video", href: askUrl(course.id, id, 0) }, "Ask about this video");
  byId("crumb-course", HTMLAnchorElement).href = pageUrl("/course.html", { id: course.id });
  byId("crumb-course").textContent = course.title;
  byId("crumb-video").textContent = video.title;
  byId("video-title").textContent = video.title;
  byId("video-description").textContent = video.description || "";
  replace(byId("course-videos"), items.length ? sidebar(items, video, watched) : empty("No other videos."));
  let stream;
  try {
    stream = await streamFor(id, course.id, early);
  } catch (error) {
    replace(
      byId("player-slot"),
      blocked(error, course, () => show({ root, id })),
    );
    return;
  }
  // only someone who may watch gets the actions: a visitor could not use "+ Watchlist" or "Next"
  replace(byId("video-actions"), watchlistButton(id, !!listed), ask, nextLink);
  byId("player-slot").hidden = true;
  byId("player-wrap").hidden = false;
  /** @type {any} */
  let player = null;
  const chapters = showChapters(video, () => player);
  const transcript = showTranscript(id, stream.captions || [], () => player);
  let shownSecond = -1;
  player = startPlayer({
    box: byId("player-box"),
    el: byId("player", HTMLVideoElement),
    meta: video,
    stream,
    fetchStream: () => videos.stream(id),
    saved: saved ? saved.progress || saved : null,
    next,
    goNext: () => window.location.assign(nextUrl),
    onTheatre: widen,
    onChapter: (chapter) => chapters?.highlight(chapter),
    onTime: (seconds) => {
      transcript?.follow(seconds);
      if (Math.floor(seconds) === shownSecond) return;
      shownSecond = Math.floor(seconds);
      ask.setAttribute("href", askUrl(course.id, id, seconds));
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
