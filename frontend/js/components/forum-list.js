// @ts-check
// The course forum tab (threads, pinned first; answered filter; new thread, also "about this
// video" from the player) and the moderators' flagged queue.
import { forum, orNull, videos } from "../infrastructure/api.js";
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
      thread.pinned && badge("Pinned", "primary"),
      thread.locked && badge("Locked", "secondary"),
      thread.answer_reply_id ? badge("Answered", "success") : badge("Unanswered", "light border text-body"),
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/forum-thread.html", { id: thread.id }), text: thread.title }),
    ),
    h(
      "div",
      { class: "small text-body-secondary d-flex flex-wrap align-items-center gap-1 mt-1" },
      author(thread, 32),
      ` · ${score} vote${score === 1 ? "" : "s"} · ${replies} ${replies === 1 ? "reply" : "replies"} · last activity `,
      time(thread.last_activity_at || thread.created_at, true),
      thread.video_title && [" · about ", h("span", { class: "fst-italic", text: thread.video_title })],
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
  const editor = markdownEditor({ label: "Message", videoId: video ? video.id : null, value: video && video.at !== null ? `${timestamp(video.at)} ` : "" });
  const about = h("div", { class: "alert alert-info py-2 d-flex flex-wrap align-items-center gap-2", hidden: !video, dataset: { testid: "thread-video" } });
  let videoId = video ? video.id : null;
  if (video) {
    const detach = h("button", { type: "button", class: "btn btn-sm btn-outline-secondary ms-auto", text: "Not about this video" });
    detach.addEventListener("click", () => {
      videoId = null;
      about.hidden = true;
    });
    replace(about, h("span", {}, "About the video ", h("strong", { text: video.title }), video.at !== null ? ` at ${formatDuration(video.at)}` : ""), detach);
  }
  const form = h(
    "form",
    { class: "card card-body mb-3", id: "new-thread-form", hidden: true },
    h("h3", { class: "h6", text: "Start a thread" }),
    h("div", { "data-form-error": "" }),
    about,
    h(
      "div",
      { class: "mb-2" },
      h("label", { class: "form-label", for: "thread-title", text: "Title" }),
      h("input", { class: "form-control", id: "thread-title", name: "title", required: true, maxLength: 200 }),
    ),
    editor.root,
    h("div", {}, h("button", { type: "submit", class: "btn btn-primary", text: "Post thread" })),
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
      announce("Thread posted.");
      await onCreated();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

function stateFilter(onChange) {
  const group = h("div", { class: "btn-group btn-group-sm mb-3", role: "group", "aria-label": "Show threads" });
  for (const [value, label] of [
    ["", "All"],
    ["false", "Unanswered"],
    ["true", "Answered"],
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
    replace(container, empty("Log in to read and join the discussion.", h("a", { class: "btn btn-primary", href: loginUrl(), text: "Log in" })));
    return;
  }
  if (!access.can_view_content) {
    replace(container, empty("Enrol in this course to read and join its discussion."));
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
    emptyState: empty("No threads here yet. Ask the first question!"),
  });
  const video = await askedVideo(course);
  const form = threadForm(course, video, () => paging.reload());
  const toggle = h("button", {
    type: "button",
    class: "btn btn-primary",
    text: "New thread",
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
  replace(container, h("h2", { class: "visually-hidden", text: "Forum" }), bar, form, filter, list, more);
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
  const remove = h("button", { type: "button", class: "btn btn-sm btn-outline-danger", text: "Delete post", hidden: gone });
  const dismiss = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-secondary",
    text: "Dismiss flags",
    "aria-label": `Dismiss flags on this ${kind}`,
  });
  dismiss.addEventListener("click", async () => {
    try {
      await busy(dismiss, () => forum.dismissFlags(item.post_id));
      announce("Flags dismissed.");
      await onDone();
    } catch (error) {
      dismiss.after(errorAlert(error));
    }
  });
  remove.addEventListener("click", async () => {
    const ok = await confirmDialog({ title: `Delete this ${kind}?`, body: "This cannot be undone." });
    if (!ok) return;
    try {
      await busy(remove, () => (kind === "reply" ? forum.deleteReply(post.id) : forum.deleteThread(post.id)));
      announce("Post deleted.");
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
      badge(kind === "reply" ? "Reply" : "Thread", "secondary"),
      count ? badge(`${count} flag${count === 1 ? "" : "s"}`, "danger") : null,
      gone && badge("Deleted", "secondary"),
      post.author_id && h("span", { class: "small text-body-secondary" }, author(post, 32)),
    ),
    post.title && h("p", { class: "fw-semibold mb-1 text-break-anywhere", text: post.title }),
    gone ? h("p", { class: "mb-1 fst-italic", text: "This post was deleted." }) : richText(post.body_html || ""),
    item.last_reason &&
      h("p", { class: "small mb-2" }, "Latest reason: ", item.last_reason, item.last_flagged_at ? [" · ", time(item.last_flagged_at, true)] : null),
    h(
      "div",
      { class: "d-flex gap-2" },
      threadId && h("a", { class: "btn btn-sm btn-outline-primary", href: pageUrl("/forum-thread.html", { id: threadId }), text: "Open thread" }),
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
    emptyState: empty("No flagged posts. All clear."),
  });
  replace(container, h("h2", { class: "visually-hidden", text: "Flagged posts" }), list, more);
  await paging.reload();
}
