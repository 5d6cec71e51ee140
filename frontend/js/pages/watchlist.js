// @ts-check
// Watchlist: the videos the user saved for later, newest first, with remove and load more.

import { announce, busy, byId, empty, errorAlert, h, pager, pageUrl, time } from "../components/ui.js";
import { watchlist } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

function row(item) {
  const remove = h("button", {
    type: "button",
    class: "btn btn-sm btn-outline-danger",
    text: "Remove",
    "aria-label": `Remove ${item.title} from the watchlist`,
  });
  const li = h(
    "li",
    { class: "list-group-item d-flex flex-wrap gap-2 align-items-center justify-content-between", dataset: { videoId: item.video_id } },
    h(
      "div",
      { class: "min-w-0" },
      h("a", { class: "fw-semibold text-break-anywhere", href: pageUrl("/watch.html", { id: item.video_id }), text: item.title || "Video" }),
      h(
        "div",
        { class: "small text-body-secondary" },
        h("a", { class: "link-secondary", href: pageUrl("/course.html", { id: item.course_id }), text: "Course page" }),
        " · added ",
        time(item.added_at),
      ),
    ),
    remove,
  );
  remove.addEventListener("click", async () => {
    try {
      await busy(remove, () => watchlist.remove(item.video_id));
      li.remove();
      announce(`${item.title} removed from your watchlist.`);
      if (!byId("watchlist").children.length) byId("more").replaceChildren(emptyState());
    } catch (error) {
      li.append(errorAlert(error));
    }
  });
  return li;
}

const emptyState = () =>
  empty("Your watchlist is empty. Use “+ Watchlist” under any video to save it here.", h("a", { href: "/catalog.html", text: "Find something to watch" }));

startPage({ auth: true }, async () => {
  await pager({
    list: byId("watchlist"),
    more: byId("more"),
    fetchPage: (cursor) => watchlist.list(cursor),
    render: row,
    emptyState: emptyState(),
    status: true,
  }).reload();
});
