// @ts-check
// One forum thread: its post, replies (oldest first), reply form, edit/delete/flag, moderation.

import { confirmDialog, promptDialog } from "../components/dialog.js";
import { announce, badge, busy, byId, clearFormErrors, empty, errorAlert, h, pager, pageUrl, params, replace, showFormError, time } from "../components/ui.js";
import { courses, forum, orNull } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

const ctx = { user: null, thread: null, moderator: false };

async function flag(kind, id, button) {
  const reason = await promptDialog({ title: "Flag this post", label: "Why should moderators look at it?", confirmLabel: "Flag" });
  if (reason === null) return;
  try {
    await busy(button, () => forum.flag(kind, id, reason));
    button.disabled = true;
    button.textContent = "Flagged";
    button.removeAttribute("aria-label");
    announce("Thanks: moderators will review this post.");
  } catch (error) {
    if (error.status === 409) {
      button.disabled = true;
      button.textContent = "Flagged";
      button.removeAttribute("aria-label");
      announce("You already flagged this post.");
    } else button.after(errorAlert(error));
  }
}

/**
 * An inline edit form for a thread (with its title) or a reply (title undefined).
 * @param {{id: string, title?: string, body: string, onSave: (changes: any) => Promise<void>, onCancel: () => void}} options
 */
function editForm({ id, title, body, onSave, onCancel }) {
  const form = h(
    "form",
    { class: "my-2" },
    h("div", { "data-form-error": "" }),
    title !== undefined &&
      h(
        "div",
        { class: "mb-2" },
        h("label", { class: "form-label", for: `${id}-title`, text: "Title" }),
        h("input", { class: "form-control", id: `${id}-title`, name: "title", value: title, required: true, maxLength: 200 }),
      ),
    h(
      "div",
      { class: "mb-2" },
      h("label", { class: "form-label", for: `${id}-body`, text: "Message" }),
      h("textarea", { class: "form-control", id: `${id}-body`, name: "body", value: body, rows: 4, required: true, maxLength: 10000 }),
    ),
    h("button", { type: "submit", class: "btn btn-primary btn-sm me-2", text: "Save" }),
    h("button", { type: "button", class: "btn btn-outline-secondary btn-sm", text: "Cancel", onclick: onCancel }),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    const changes = { body: form.elements.body.value.trim() };
    if (title !== undefined) changes.title = form.elements.title.value.trim();
    try {
      await busy(form.querySelector("[type=submit]"), () => onSave(changes));
    } catch (error) {
      showFormError(form, error);
    }
  });
  return form;
}

const button = (text, onclick, kind = "outline-secondary") => h("button", { type: "button", class: `btn btn-sm btn-${kind}`, text, onclick });

function replyItem(reply) {
  const mine = ctx.user && reply.author_id === ctx.user.id;
  const item = h("li", { class: "list-group-item", dataset: { replyId: reply.id } });
  if (reply.deleted) {
    return replace(item, h("p", { class: "text-body-secondary fst-italic mb-0", text: "This reply was deleted." }));
  }
  const draw = (current) => {
    const actions = h("div", { class: "d-flex flex-wrap gap-2 mt-2" });
    if (mine)
      actions.append(
        button("Edit", () =>
          replace(
            item,
            editForm({
              id: `reply-${current.id}`,
              body: current.body,
              onSave: async (changes) => draw((await forum.updateReply(current.id, changes.body)).reply),
              onCancel: () => draw(current),
            }),
          ),
        ),
      );
    if (mine || ctx.moderator) actions.append(button("Delete", () => removeReply(current, item), "outline-danger"));
    if (!mine) actions.append(button("Flag", (event) => flag("replies", current.id, event.currentTarget)));
    // Many rows have the same buttons: name each after its reply for screen readers.
    for (const node of actions.querySelectorAll("button")) node.setAttribute("aria-label", `${node.textContent} reply by ${current.author_name || "someone"}`);
    replace(
      item,
      h(
        "div",
        { class: "small text-body-secondary" },
        h("a", { href: pageUrl("/user.html", { id: current.author_id }), text: current.author_name || "Someone" }),
        " · ",
        time(current.created_at, true),
        current.edited_at ? " · edited" : "",
      ),
      h("p", { class: "pre-line mb-0 mt-1", text: current.body }),
      actions,
    );
  };
  draw(reply);
  return item;
}

async function removeReply(reply, item) {
  if (!(await confirmDialog({ title: "Delete this reply?", body: "This cannot be undone." }))) return;
  try {
    await forum.deleteReply(reply.id);
    replace(item, h("p", { class: "text-body-secondary fst-italic mb-0", text: "This reply was deleted." }));
    announce("Reply deleted.");
  } catch (error) {
    item.append(errorAlert(error));
  }
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
    toggle("pinned", ["Pin", "Unpin"], ["Thread pinned.", "Thread unpinned."]),
    toggle("locked", ["Lock", "Unlock"], ["Thread locked.", "Thread unlocked."]),
  ];
}

function drawThread() {
  const thread = ctx.thread;
  if (thread.deleted) {
    replace(byId("thread-post"), h("h1", { class: "h3", text: "Thread deleted" }), empty("Its author or a moderator removed it."));
    byId("reply-form").hidden = true;
    return;
  }
  const mine = ctx.user && thread.author_id === ctx.user.id;
  const post = byId("thread-post");
  const actions = h("div", { class: "d-flex flex-wrap gap-2 mt-3" });
  if (mine)
    actions.append(
      button("Edit", () =>
        replace(
          post,
          editForm({
            id: "thread",
            title: thread.title,
            body: thread.body,
            onSave: async (changes) => {
              ctx.thread = (await forum.updateThread(thread.id, changes)).thread;
              drawThread();
            },
            onCancel: drawThread,
          }),
        ),
      ),
    );
  if (mine || ctx.moderator) actions.append(button("Delete thread", deleteThread, "outline-danger"));
  if (ctx.moderator) actions.append(...moderation(thread, drawThread));
  if (!mine) actions.append(button("Flag", (event) => flag("threads", thread.id, event.currentTarget)));
  document.title = `${thread.title} · DREAD`;
  replace(
    post,
    h(
      "h1",
      { class: "h3 text-break-anywhere" },
      thread.title,
      " ",
      thread.pinned && badge("Pinned", "primary"),
      " ",
      thread.locked && badge("Locked", "secondary"),
    ),
    h(
      "p",
      { class: "small text-body-secondary" },
      h("a", { href: pageUrl("/user.html", { id: thread.author_id }), text: thread.author_name || "Someone" }),
      " · ",
      time(thread.created_at, true),
    ),
    h("p", { class: "pre-line", text: thread.body }),
    actions,
    h("div", { id: "thread-error", class: "mt-2" }),
  );
  drawReplyForm();
}

async function deleteThread() {
  if (!(await confirmDialog({ title: "Delete this thread?", body: "The thread and its replies will be removed." }))) return;
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

startPage({ auth: true }, async ({ user, root }) => {
  ctx.user = user;
  const id = params().get("id");
  const found = id ? await orNull(forum.thread(id)) : null;
  if (!found) {
    replace(
      root,
      h("h1", { class: "h3", text: "Thread not found" }),
      empty("It may have been deleted.", h("a", { href: "/catalog.html", text: "Back to the catalog" })),
    );
    return;
  }
  ctx.thread = found.thread;
  const access = await courses.access(ctx.thread.course_id).catch(() => null);
  const course = await orNull(courses.get(ctx.thread.course_id)).catch(() => null);
  ctx.moderator = access ? !!access.can_moderate : user.role === "admin" || (course && course.course.owner_id === user.id);
  const back = byId("back-link", HTMLAnchorElement);
  back.href = pageUrl("/course.html", { id: ctx.thread.course_id, tab: "forum" });
  back.textContent = course ? `${course.course.title}: forum` : "Course forum";
  drawThread();
  const list = byId("reply-list");
  const paging = pager({
    list,
    more: byId("more"),
    fetchPage: (cursor) => forum.replies(id, cursor),
    render: replyItem,
    emptyState: empty("No replies yet."),
  });
  const form = byId("reply-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const { reply } = await busy(form.querySelector("[type=submit]"), () => forum.reply(id, form.elements.body.value.trim()));
      form.reset();
      byId("more").querySelector(".border")?.remove();
      list.append(replyItem(reply));
      announce("Reply posted.");
    } catch (error) {
      showFormError(form, error);
    }
  });
  await paging.reload();
});
