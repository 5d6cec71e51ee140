// @ts-check
// One forum thread: its post, the accepted answer first, replies (oldest first), votes,
// Markdown editor with preview, edit (If-Match) / delete / flag, moderation.

import { confirmDialog } from "../components/dialog.js";
import { followButton } from "../components/follow-button.js";
import { markdownEditor } from "../components/forum-editor.js";
import { byline, flagButton, voteButton } from "../components/forum-post.js";
import { richText } from "../components/rich-text.js";
import { announce, badge, busy, byId, clearFormErrors, empty, errorAlert, h, pager, pageUrl, params, replace, showFormError } from "../components/ui.js";
import { courses, forum, orNull } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

const ctx = { user: null, thread: null, moderator: false, replyItems: new Map() };

/**
 * An inline edit form for a thread (with its title) or a reply (title undefined).
 * @param {{id: string, title?: string, body: string, onSave: (changes: any) => Promise<void>, onCancel: () => void}} options
 */
function editForm({ id, title, body, onSave, onCancel }) {
  const editor = markdownEditor({ label: t("forum.message"), value: body, videoId: ctx.thread.video_id });
  const form = h(
    "form",
    { class: "my-2", id: `${id}-edit` },
    h("div", { "data-form-error": "" }),
    title !== undefined &&
      h(
        "div",
        { class: "mb-2" },
        h("label", { class: "form-label", for: `${id}-title`, text: t("forum.title") }),
        h("input", { class: "form-control", id: `${id}-title`, name: "title", value: title, required: true, maxLength: 200 }),
      ),
    editor.root,
    h("button", { type: "submit", class: "btn btn-primary btn-sm me-2", text: t("forum.save") }),
    h("button", { type: "button", class: "btn btn-outline-secondary btn-sm", text: t("common.cancel"), onclick: onCancel }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const changes = { body: editor.textarea.value.trim() };
    if (title !== undefined) changes.title = form.elements.title.value.trim();
    try {
      await busy(form.querySelector("[type=submit]"), () => onSave(changes));
    } catch (error) {
      showFormError(form, error.status === 412 ? { detail: t("forum.stale") } : error);
    }
  });
  return form;
}

const button = (text, onclick, kind = "outline-secondary", extra = {}) =>
  h("button", { type: "button", class: `btn btn-sm btn-${kind}`, text, onclick, ...extra });

const mayAnswer = () => ctx.user && (ctx.thread.author_id === ctx.user.id || ctx.moderator) && !ctx.thread.deleted;

async function setAnswer(replyId) {
  try {
    ctx.thread = (await forum.updateThread(ctx.thread.id, { answer_reply_id: replyId })).thread;
    announce(t(replyId ? "forum.marked_answer" : "forum.answer_unmarked"));
    drawThread();
    await drawAnswer();
    for (const [, redraw] of ctx.replyItems) redraw();
  } catch (error) {
    byId("thread-error").replaceChildren(errorAlert(error));
  }
}

/** One reply as a list item; `answerCard` draws the copy shown first under the question. */
function replyItem(reply, { answerCard = false } = {}) {
  const mine = ctx.user && reply.author_id === ctx.user.id;
  const item = h(answerCard ? "div" : "li", { class: answerCard ? "card card-body border-success" : "list-group-item", dataset: { replyId: reply.id } });
  if (reply.deleted) {
    return replace(item, h("p", { class: "text-body-secondary fst-italic mb-0", text: t("forum.reply_was_deleted") }));
  }
  const draw = (current) => {
    if (!answerCard) ctx.replyItems.set(current.id, () => draw(current)); // redrawn when the answer changes
    const isAnswer = ctx.thread.answer_reply_id === current.id;
    const who = current.author_deleted ? t("forum.deleted_user") : current.author_name || t("forum.someone");
    const actions = h("div", { class: "d-flex flex-wrap gap-2 mt-2" }, voteButton("replies", current, t("forum.reply_by", { name: who })));
    if (!answerCard && mayAnswer())
      actions.append(
        isAnswer
          ? button(t("forum.unmark_answer"), () => setAnswer(null), "outline-success", { "aria-label": t("forum.unmark_answer_label", { name: who }) })
          : button(t("forum.mark_answer"), () => setAnswer(current.id), "outline-success", { "aria-label": t("forum.mark_answer_label", { name: who }) }),
      );
    if (!answerCard && mine)
      actions.append(
        button(
          t("forum.edit"),
          () =>
            replace(
              item,
              editForm({
                id: `reply-${current.id}`,
                body: current.body,
                onSave: async (changes) => draw((await forum.updateReply(current.id, changes.body, current.version)).reply),
                onCancel: () => draw(current),
              }),
            ),
          "outline-secondary",
          { "aria-label": t("forum.edit_reply_label", { name: who }) },
        ),
      );
    if (!answerCard && (mine || ctx.moderator))
      actions.append(
        button(t("forum.delete"), () => removeReply(current, item), "outline-danger", { "aria-label": t("forum.delete_reply_label", { name: who }) }),
      );
    if (!answerCard && !mine) actions.append(flagButton("replies", current.id, t("forum.reply_by", { name: who })));
    replace(
      item,
      h(
        "div",
        { class: "d-flex flex-wrap align-items-center gap-2" },
        byline(current),
        isAnswer && badge(t(answerCard ? "forum.accepted_answer" : "forum.answer"), "success"),
      ),
      h("div", { class: "mt-2" }, richText(current.body_html)),
      actions,
    );
  };
  draw(reply);
  return item;
}

async function removeReply(reply, item) {
  if (!(await confirmDialog({ title: t("forum.delete_reply_q"), body: t("forum.cannot_undo") }))) return;
  try {
    await forum.deleteReply(reply.id);
    replace(item, h("p", { class: "text-body-secondary fst-italic mb-0", text: t("forum.reply_was_deleted") }));
    announce(t("forum.reply_deleted"));
    if (ctx.thread.answer_reply_id === reply.id) {
      ctx.thread.answer_reply_id = null;
      drawThread();
      await drawAnswer();
    }
  } catch (error) {
    item.append(errorAlert(error));
  }
}

/** The accepted answer, shown first under the question. */
async function drawAnswer() {
  const slot = byId("thread-answer");
  const id = ctx.thread.answer_reply_id;
  if (!id) {
    replace(slot);
    return;
  }
  const found = await orNull(forum.getReply(id)).catch(() => null);
  if (!found || found.reply.deleted) {
    replace(slot);
    return;
  }
  replace(slot, h("h2", { class: "h6 text-success", text: t("forum.accepted_answer") }), replyItem(found.reply, { answerCard: true }));
}

function moderation(thread, redraw) {
  const toggle = (field, [on, off], [doneOn, doneOff]) =>
    button(thread[field] ? off : on, async (event) => {
      try {
        const changed = await busy(event.currentTarget, () => forum.updateThread(thread.id, { [field]: !thread[field] }));
        ctx.thread = changed.thread;
        announce(ctx.thread[field] ? doneOn : doneOff);
        redraw();
      } catch (error) {
        byId("thread-error").replaceChildren(errorAlert(error));
      }
    });
  return [
    toggle("pinned", [t("forum.pin"), t("forum.unpin")], [t("forum.pinned_done"), t("forum.unpinned_done")]),
    toggle("locked", [t("forum.lock"), t("forum.unlock")], [t("forum.locked_done"), t("forum.unlocked_done")]),
  ];
}

function drawThread() {
  const thread = ctx.thread;
  if (thread.deleted) {
    replace(byId("thread-post"), h("h1", { class: "h3", text: t("forum.thread_deleted") }), empty(t("forum.removed")));
    byId("reply-form").hidden = true;
    return;
  }
  const mine = ctx.user && thread.author_id === ctx.user.id;
  const post = byId("thread-post");
  const actions = h("div", { class: "d-flex flex-wrap gap-2 mt-3" }, voteButton("threads", thread, t("forum.this_thread")));
  if (mine)
    actions.append(
      button(t("forum.edit"), () =>
        replace(
          post,
          editForm({
            id: "thread",
            title: thread.title,
            body: thread.body,
            onSave: async (changes) => {
              ctx.thread = (await forum.updateThread(thread.id, changes, thread.version)).thread;
              drawThread();
            },
            onCancel: drawThread,
          }),
        ),
      ),
    );
  if (mine || ctx.moderator) actions.append(button(t("forum.delete_thread"), deleteThread, "outline-danger"));
  if (ctx.moderator) actions.append(...moderation(thread, drawThread));
  if (!mine) actions.append(flagButton("threads", thread.id, t("forum.this_thread")));
  document.title = `${thread.title} · DREAD`;
  replace(
    post,
    h(
      "h1",
      { class: "h3 text-break-anywhere" },
      thread.title,
      " ",
      thread.pinned && badge(t("forum.pinned"), "primary"),
      " ",
      thread.locked && badge(t("forum.locked"), "secondary"),
      " ",
      thread.answer_reply_id ? badge(t("forum.answered"), "success") : null,
    ),
    byline(thread),
    thread.video_id &&
      h(
        "p",
        { class: "small mt-2 mb-0" },
        t("forum.about_the_video"),
        h("a", { href: pageUrl("/watch.html", { id: thread.video_id }), text: thread.video_title || t("forum.of_this_course") }),
      ),
    h("div", { class: "mt-3" }, richText(thread.body_html)),
    actions,
    h("div", { id: "thread-error", class: "mt-2" }),
  );
  replace(byId("thread-follow"), followButton({ kind: "thread", id: thread.id, following: thread.following }));
  drawReplyForm();
}

async function deleteThread() {
  if (!(await confirmDialog({ title: t("forum.delete_thread_q"), body: t("forum.delete_thread_body") }))) return;
  try {
    await forum.deleteThread(ctx.thread.id);
    window.location.assign(pageUrl("/course.html", { id: ctx.thread.course_id, tab: "forum" }));
  } catch (error) {
    byId("thread-error").replaceChildren(errorAlert(error));
  }
}

function drawReplyForm() {
  const form = byId("reply-form", HTMLFormElement);
  const locked = ctx.thread.locked;
  byId("locked-note").hidden = !locked;
  form.hidden = locked;
}

function replyForm(id, list) {
  const form = byId("reply-form", HTMLFormElement);
  const editor = markdownEditor({ label: t("forum.your_reply"), videoId: ctx.thread.video_id });
  byId("reply-editor").replaceWith(editor.root);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const { reply } = await busy(form.querySelector("[type=submit]"), () => forum.reply(id, editor.textarea.value.trim()));
      form.reset();
      editor.textarea.value = "";
      editor.showWrite();
      byId("more").querySelector(".border")?.remove();
      list.append(replyItem(reply));
      announce(t("forum.reply_posted"));
    } catch (error) {
      showFormError(form, error);
    }
  });
}

startPage({ auth: true }, async ({ user, root }) => {
  ctx.user = user;
  const id = params().get("id");
  const found = id ? await orNull(forum.thread(id)) : null;
  if (!found) {
    replace(
      root,
      h("h1", { class: "h3", text: t("forum.not_found") }),
      empty(t("forum.maybe_deleted"), h("a", { href: "/catalog.html", text: t("forum.back_to_catalog") })),
    );
    return;
  }
  ctx.thread = found.thread;
  const access = await courses.access(ctx.thread.course_id).catch(() => null);
  const course = await orNull(courses.get(ctx.thread.course_id)).catch(() => null);
  ctx.moderator = access ? !!access.can_moderate : user.role === "admin" || (course && course.course.owner_id === user.id);
  const back = byId("back-link", HTMLAnchorElement);
  back.href = pageUrl("/course.html", { id: ctx.thread.course_id, tab: "forum" });
  back.textContent = course ? t("forum.course_forum_of", { title: course.course.title }) : t("forum.course_forum");
  drawThread();
  const list = byId("reply-list");
  const paging = pager({
    list,
    more: byId("more"),
    fetchPage: (cursor) => forum.replies(id, cursor),
    render: (reply) => replyItem(reply),
    emptyState: empty(t("forum.no_replies")),
  });
  replyForm(id, list);
  await Promise.all([drawAnswer(), paging.reload()]);
});
