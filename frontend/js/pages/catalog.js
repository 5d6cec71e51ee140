// @ts-check
// Catalog: search by title or tag, filter by category, "load more" through the cursor.

import { courseCard, fillCategories } from "../components/cards.js";
import { announce, byId, empty, h, pager, params } from "../components/ui.js";
import { courses } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {
  const form = byId("search-form", HTMLFormElement);
  const query = params();
  form.elements.q.value = query.get("q") || "";
  fillCategories(form.elements.category, query.get("category") || "");
  const list = byId("courses");
  let shown = 0;
  const paging = pager({
    list,
    more: byId("more"),
    fetchPage: async (cursor) => {
      const page = await courses.list({ q: form.elements.q.value.trim(), category: form.elements.category.value, cursor });
      shown = cursor ? shown + page.items.length : page.items.length;
      announce(`${shown} course${shown === 1 ? "" : "s"} shown.`);
      return page;
    },
    render: (course) => courseCard(course),
    emptyState: empty("No course matches. Try other words or all categories.", h("a", { href: "/catalog.html", text: "Clear the search" })),
    status: true,
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    if (form.elements.q.value.trim()) next.set("q", form.elements.q.value.trim());
    if (form.elements.category.value) next.set("category", form.elements.category.value);
    history.replaceState(null, "", next.toString() ? `?${next}` : window.location.pathname);
    paging.reload();
  });
  form.elements.category.addEventListener("change", () => form.requestSubmit());
  await paging.reload();
});
