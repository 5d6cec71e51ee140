// @ts-check
// Notifications: replies, new threads, answers and mentions in what the user follows,
// newest first; opening one marks it read; "Mark all as read".

import { CHANGED_EVENT } from "../components/notifications.js";
import { announce, busy, byId, empty, errorAlert, h, pager, pageUrl, time } from "../components/ui.js";
import { request } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

const changed = () => window.dispatchEvent(new Event(CHANGED_EVENT));
const markRead = (body) => request("POST", "/api/forum/notifications/read", { body });

function row(note) {
  const href = pageUrl("/forum-thread.html", { id: note.thread_id });
  const link = h("a", {
    class: `text-break-anywhere ${note.read ? "" : "fw-semibold"}`,
    href: note.reply_id ? `${href}#reply-${note.reply_id}` : href,
    text: t("notify.row", {
      actor: note.actor_name || t("notify.someone"),
      verb: t(["reply", "thread", "answer", "mention"].includes(note.kind) ? `notify.verb_${note.kind}` : "notify.verb_other"),
      title: note.thread_title || t("notify.a_thread"),
    }),
  });
  const li = h(
    "li",
    { class: `list-group-item${note.read ? "" : " notification-unread"}`, dataset: { testid: "notification", read: String(note.read) } },
    h(
      "div",
      { class: "d-flex flex-wrap gap-2 justify-content-between" },
      link,
      note.read ? null : h("span", { class: "badge text-bg-primary", text: t("notify.new") }),
    ),
    note.excerpt ? h("div", { class: "small text-break-anywhere", text: note.excerpt }) : null,
    // unread: the tint's own text colour (forum.css), the secondary grey is too faint on it
    h("div", { class: note.read ? "small text-body-secondary" : "small" }, note.course_title ? `${note.course_title} · ` : "", time(note.created_at, true)),
  );
  link.addEventListener("click", async (event) => {
    if (note.read) return;
    event.preventDefault();
    await markRead({ ids: [note.id] }).catch(() => {});
    window.location.assign(link.href);
  });
  return li;
}

startPage({ auth: true }, async () => {
  const list = pager({
    list: byId("notifications"),
    more: byId("more"),
    fetchPage: (cursor) => request("GET", "/api/forum/notifications", { query: { cursor, limit: 20 } }),
    render: row,
    emptyState: empty(t("notify.empty")),
    status: true,
  });
  const all = byId("mark-all", HTMLButtonElement);
  all.addEventListener("click", async () => {
    try {
      await busy(all, () => markRead({ all: true }));
      changed();
      announce(t("notify.all_read"));
      await list.reload();
    } catch (error) {
      byId("more").prepend(errorAlert(error));
    }
  });
  await list.reload();
});
