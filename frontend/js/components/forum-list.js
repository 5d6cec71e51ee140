// @ts-check
// The course forum tab (threads, pinned first; new thread) and the moderators' flagged queue.
import { forum } from "../infrastructure/api.js";
import { loginUrl } from "../infrastructure/session.js";
import { confirmDialog } from "./dialog.js";
import { announce, badge, busy, clearFormErrors, empty, errorAlert, h, pager, pageUrl, replace, showFormError, time } from "./ui.js";

function threadItem(thread) {
  const replies = Number(thread.reply_count) || 0;
  return h(
    "li",
    { class: "list-group-item", dataset: { threadId: thread.id } },
    h(
      "div",
      { class: "d-flex flex-wrap align-items-center gap-2" },
      thread.pinned && badge("Pinned", "primary"),
      thread.locked && badge("Locked", "secondary"),
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/forum-thread.html", { id: thread.id }), text: thread.title }),
    ),
    h(
      "div",
      { class: "small text-body-secondary" },
      `${thread.author_name || "Someone"} · ${replies} ${replies === 1 ? "reply" : "replies"} · last activity `,
      time(thread.last_activity_at || thread.created_at, true),
    ),
  );
}

function threadForm(course, onCreated) {
  const form = h(
    "form",
    { class: "card card-body mb-3", id: "new-thread-form", hidden: true },
    h("h3", { class: "h6", text: "Start a thread" }),
    h("div", { "data-form-error": "" }),
    h(
      "div",
      { class: "mb-2" },
      h("label", { class: "form-label", for: "thread-title", text: "Title" }),
      h("input", { class: "form-control", id: "thread-title", name: "title", required: true, maxLength: 200 }),
    ),
    h(
      "div",
      { class: "mb-2" },
      h("label", { class: "form-label", for: "thread-body", text: "Message" }),
      h("textarea", { class: "form-control", id: "thread-body", name: "body", rows: 4, required: true, maxLength: 10000 }),
    ),
    h("div", {}, h("button", { type: "submit", class: "btn btn-primary", text: "Post thread" })),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const body = { title: form.elements.title.value.trim(), body: form.elements.body.value.trim() };
    try {
      await busy(form.querySelector("[type=submit]"), () => forum.createThread(course.id, body));
      form.reset();
      form.hidden = true;
      announce("Thread posted.");
      await onCreated();
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

/** Draw the forum tab: who may post, the new-thread form and the thread list. */
export async function renderForum(container, { course, user, access }) {
  if (!user) {
    replace(container, empty("Log in to read and join the discussion.", h("a", { class: "btn btn-primary", href: loginUrl(), text: "Log in" })));
    return;
  }
  if (!access.can_view_content) {
    replace(container, empty("Enrol in this course to read and join its discussion."));
    return;
  }
  const list = h("ul", { class: "list-group", id: "thread-list" });
  const more = h("div", { class: "text-center my-3" });
  const paging = pager({
    list,
    more,
    fetchPage: (cursor) => forum.threads(course.id, cursor),
    render: threadItem,
    emptyState: empty("No threads yet. Ask the first question!"),
  });
  const form = threadForm(course, () => paging.reload());
  const toggle = h("button", {
    type: "button",
    class: "btn btn-primary mb-3",
    text: "New thread",
    "aria-controls": "new-thread-form",
    "aria-expanded": "false",
  });
  toggle.addEventListener("click", () => {
    form.hidden = !form.hidden;
    toggle.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.elements.title.focus();
  });
  replace(container, h("h2", { class: "visually-hidden", text: "Forum" }), toggle, form, list, more);
  await paging.reload();
}

function flaggedItem(item, onDone) {
  const post = item.post || { id: item.post_id, deleted: true };
  const kind = item.post_type || (post.thread_id ? "reply" : "thread");
  const threadId = item.thread_id || (kind === "reply" ? post.thread_id : post.id);
  const count = Number(item.flag_count) || 0;
  const gone = !!post.deleted;
  const remove = h("button", { type: "button", class: "btn btn-sm btn-outline-danger", text: "Delete post", hidden: gone });
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
      h("span", { class: "small text-body-secondary", text: post.author_name || "" }),
    ),
    post.title && h("p", { class: "fw-semibold mb-1 text-break-anywhere", text: post.title }),
    h("p", { class: "pre-line mb-1", text: gone ? "This post was deleted." : post.body || "" }),
    item.last_reason &&
      h("p", { class: "small mb-2" }, "Latest reason: ", item.last_reason, item.last_flagged_at ? [" · ", time(item.last_flagged_at, true)] : null),
    h(
      "div",
      { class: "d-flex gap-2" },
      threadId && h("a", { class: "btn btn-sm btn-outline-primary", href: pageUrl("/forum-thread.html", { id: threadId }), text: "Open thread" }),
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
