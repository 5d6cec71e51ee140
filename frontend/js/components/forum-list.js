// @ts-check
// The course forum tab (threads, pinned first; answered filter; new thread, also "about this
// video" from the player) and the moderators' flagged queue.
import { forum, orNull, videos } from "../infrastructure/api.js";
import { t, tNodes } from "../infrastructure/i18n.js";
import { loginUrl } from "../infrastructure/session.js";
import { confirmDialog } from "./dialog.js";
import { followButton } from "./follow-button.js";
import { markdownEditor } from "./forum-editor.js";
import { author } from "./forum-post.js";
import { richText } from "./rich-text.js";
import { announce, badge, busy, clearFormErrors, empty, errorAlert, formatDuration, h, pager, pageUrl, params, replace, showFormError, time } from "./ui.js";

/** Whether the page was opened to use the forum (`#forum`, or "Ask about this video"). */
export const forumRequested = () => window.location.hash === "#forum" || params().has("ask_video");

/** `[m:ss]` / `[h:mm:ss]` for a second of a video (the forum links these). */
export function timestamp(seconds) {
  const total = Math.max(0, Math.floor(Number(seconds) || 0));
  const [hours, minutes, secs] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60];
  const pad = (n) => String(n).padStart(2, "0");
  return hours ? `[${hours}:${pad(minutes)}:${pad(secs)}]` : `[${minutes}:${pad(secs)}]`;
}

function threadItem(thread) {
  const replies = Number(thread.reply_count) || 0;
  const score = Number(thread.score) || 0;
  return h(
    "li",
    { class: "list-group-item", dataset: { threadId: thread.id } },
    h(
      "div",
      { class: "d-flex flex-wrap align-items-center gap-2" },
      thread.pinned && badge(t("forum.pinned"), "primary"),
      thread.locked && badge(t("forum.locked"), "secondary"),
      thread.answer_reply_id ? badge(t("forum.answered"), "success") : badge(t("forum.unanswered"), "light border text-body"),
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/forum-thread.html", { id: thread.id }), text: thread.title }),
    ),
    h(
      "div",
      { class: "small text-body-secondary d-flex flex-wrap align-items-center gap-1 mt-1" },
      author(thread, 32),
      t("forum.thread_stats", { votes: t("forum.votes", { count: score }), replies: t("forum.replies", { count: replies }) }),
      time(thread.last_activity_at || thread.created_at, true),
      thread.video_title && [` · ${t("forum.about")} `, h("span", { class: "fst-italic", text: thread.video_title })],
    ),
  );
}

/** The video a new thread is about (the player's "Ask about this video" link), if it is in this course. */
async function askedVideo(course) {
  const id = params().get("ask_video");
  if (!id) return null;
  const found = await orNull(videos.get(id)).catch(() => null);
  if (!found || found.video.course_id !== course.id) return null;
  const at = params().get("t");
  return { id, title: found.video.title, at: at === null ? null : Number(at) };
}

function threadForm(course, video, onCreated) {
  const editor = markdownEditor({
    label: t("forum.message"),
    videoId: video ? video.id : null,
    value: video && video.at !== null ? `${timestamp(video.at)} ` : "",
  });
  const about = h("div", { class: "alert alert-info py-2 d-flex flex-wrap align-items-center gap-2", hidden: !video, dataset: { testid: "thread-video" } });
  let videoId = video ? video.id : null;
  if (video) {
    const detach = h("button", { type: "button", class: "btn btn-sm btn-outline-secondary ms-auto", text: t("forum.not_about_video") });
    detach.addEventListener("click", () => {
      videoId = null;
      about.hidden = true;
    });
    const at = video.at !== null ? t("forum.about_video_at", { time: formatDuration(video.at) }) : "";
    replace(about, h("span", {}, ...tNodes("forum.about_video", { title: h("strong", { text: video.title }) }), at), detach);
  }
  const form = h(
    "form",
    { class: "card card-body mb-3", id: "new-thread-form", hidden: true },
    h("h3", { class: "h6", text: t("forum.start_thread") }),
    h("div", { "data-form-error": "" }),
    about,
    h(
      "div",
      { class: "mb-2" },
      h("label", { class: "form-label", for: "thread-title", text: t("forum.title") }),
      h("input", { class: "form-control", id: "thread-title", name: "title", required: true, maxLength: 200 }),
    ),
    editor.root,
    h("div", {}, h("button", { type: "submit", class: "btn btn-primary", text: t("forum.post_thread") })),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = { title: form.elements.title.value.trim(), body: editor.textarea.value.trim() };
    if (videoId) body.video_id = videoId;
    try {
      await busy(form.querySelector("[type=submit]"), () => forum.createThread(course.id, body));
      form.reset();
      editor.textarea.value = "";
      editor.showWrite();
      form.hidden = true;
      announce(t("forum.thread_posted"));
      await onCreated();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

function stateFilter(onChange) {
  const group = h("div", { class: "btn-group btn-group-sm mb-3", role: "group", "aria-label": t("forum.show_threads") });
  for (const [value, label] of [
    ["", t("forum.filter_all")],
    ["false", t("forum.unanswered")],
    ["true", t("forum.answered")],
  ]) {
    const id = `thread-filter-${value || "all"}`;
    const input = h("input", { type: "radio", class: "btn-check", name: "thread-filter", id, value, checked: value === "" });
    input.addEventListener("change", () => onChange(value === "" ? null : value === "true"));
    group.append(input, h("label", { class: "btn btn-outline-secondary", for: id, text: label }));
  }
  return group;
}

/** Draw the forum tab: who may post, the new-thread form, the filter and the thread list. */
export async function renderForum(container, { course, user, access }) {
  if (!user) {
    replace(container, empty(t("forum.login_to_read"), h("a", { class: "btn btn-primary", href: loginUrl(), text: t("nav.login") })));
    return;
  }
  if (!access.can_view_content) {
    replace(container, empty(t("forum.enrol_to_read")));
    return;
  }
  let answered = null;
  const list = h("ul", { class: "list-group", id: "thread-list" });
  const more = h("div", { class: "text-center my-3" });
  const paging = pager({
    list,
    more,
    fetchPage: (cursor) => forum.threads(course.id, cursor, 20, answered),
    render: threadItem,
    emptyState: empty(t("forum.no_threads")),
  });
  const video = await askedVideo(course);
  const form = threadForm(course, video, () => paging.reload());
  const toggle = h("button", {
    type: "button",
    class: "btn btn-primary",
    text: t("forum.new_thread"),
    "aria-controls": "new-thread-form",
    "aria-expanded": "false",
  });
  const open = (show) => {
    form.hidden = !show;
    toggle.setAttribute("aria-expanded", String(show));
    if (show) form.elements.title.focus();
  };
  toggle.addEventListener("click", () => open(form.hidden));
  const filter = stateFilter((value) => {
    answered = value;
    paging.reload();
  });
  const bar = h(
    "div",
    { class: "d-flex flex-wrap align-items-center gap-2 mb-3" },
    toggle,
    h("div", { id: "forum-follow" }, followButton({ kind: "course", id: course.id })),
  );
  replace(container, h("h2", { class: "visually-hidden", text: t("forum.heading") }), bar, form, filter, list, more);
  if (video) {
    open(true);
    container.scrollIntoView({ block: "start" });
  }
  await paging.reload();
}

function flaggedItem(item, onDone) {
  const post = item.post || { id: item.post_id, deleted: true };
  const kind = item.post_type || (post.thread_id ? "reply" : "thread");
  const threadId = item.thread_id || (kind === "reply" ? post.thread_id : post.id);
  const count = Number(item.flag_count) || 0;
  const gone = !!post.deleted;
  const remove = h("button", { type: "button", class: "btn btn-sm btn-outline-danger", text: t("forum.delete_post"), hidden: gone });
  const dismiss = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-secondary",
    text: t("forum.dismiss_flags"),
    "aria-label": t(kind === "reply" ? "forum.dismiss_flags_reply" : "forum.dismiss_flags_thread"),
  });
  dismiss.addEventListener("click", async () => {
    try {
      await busy(dismiss, () => forum.dismissFlags(item.post_id));
      announce(t("forum.flags_dismissed"));
      await onDone();
    } catch (error) {
      dismiss.after(errorAlert(error));
    }
  });
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: t(kind === "reply" ? "forum.delete_reply_q" : "forum.delete_thread_q"), body: t("forum.cannot_undo") });
    if (!ok) return;
    try {
      await busy(remove, () => (kind === "reply" ? forum.deleteReply(post.id) : forum.deleteThread(post.id)));
      announce(t("forum.post_deleted"));
      await onDone();
    } catch (error) {
      remove.after(errorAlert(error));
    }
  });
  return h(
    "li",
    { class: "list-group-item" },
    h(
      "div",
      { class: "d-flex flex-wrap gap-2 align-items-center mb-1" },
      badge(t(kind === "reply" ? "forum.badge_reply" : "forum.badge_thread"), "secondary"),
      count ? badge(t("forum.flags", { count }), "danger") : null,
      gone && badge(t("forum.deleted"), "secondary"),
      post.author_id && h("span", { class: "small text-body-secondary" }, author(post, 32)),
    ),
    post.title && h("p", { class: "fw-semibold mb-1 text-break-anywhere", text: post.title }),
    gone ? h("p", { class: "mb-1 fst-italic", text: t("forum.post_was_deleted") }) : richText(post.body_html || ""),
    item.last_reason &&
      h("p", { class: "small mb-2" }, t("forum.latest_reason"), item.last_reason, item.last_flagged_at ? [" · ", time(item.last_flagged_at, true)] : null),
    h(
      "div",
      { class: "d-flex gap-2" },
      threadId && h("a", { class: "btn btn-sm btn-outline-primary", href: pageUrl("/forum-thread.html", { id: threadId }), text: t("forum.open_thread") }),
      dismiss,
      remove,
    ),
  );
}

/** Draw the moderators' queue of flagged posts for `course`. */
export async function renderFlags(container, course) {
  const list = h("ul", { class: "list-group", id: "flag-list" });
  const more = h("div", { class: "text-center my-3" });
  const paging = pager({
    list,
    more,
    fetchPage: (cursor) => forum.flags(course.id, cursor),
    render: (item) => flaggedItem(item, () => paging.reload()),
    emptyState: empty(t("forum.no_flags")),
  });
  replace(container, h("h2", { class: "visually-hidden", text: t("forum.flagged_posts") }), list, more);
  await paging.reload();
}
