// @ts-check
// Catalog: search, category/level filters and sort, all in the URL; "Load more" through the
// cursor; coming back from a course shows the same cards at the same scroll position.

import { courseCard, fillCategories, fillLevels, skeletonCards } from "../components/cards.js";
import { announce, byId, empty, h, pager, params } from "../components/ui.js";
import { courses } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { startPage } from "../infrastructure/page.js";

const SORTS = ["relevance", "popular", "newest", "title"];
// A search's matches in any order (relevance first); browsing by popularity, date or title.
const SEARCH_SORTS = ["relevance", "popular", "newest", "title"];
const BROWSE_SORTS = ["popular", "newest", "title"];
const FIELDS = ["q", "category", "level", "sort"];
const KEPT = "dread.catalog"; // sessionStorage: the last list shown, for the back button

/** The search as the URL says it (unknown sort values dropped). */
function readQuery() {
  const query = params();
  const state = Object.fromEntries(FIELDS.map((name) => [name, (query.get(name) || "").trim()]));
  if (!SORTS.includes(state.sort)) state.sort = "";
  return state;
}

function fillSorts(select, hasQuery, selected) {
  const options = hasQuery ? SEARCH_SORTS : BROWSE_SORTS;
  select.replaceChildren(...options.map((sort) => h("option", { value: sort, text: t(`catalog.sort_${sort}`), selected: sort === selected })));
  if (!options.includes(selected)) select.value = options[0];
}

function kept(key) {
  try {
    const saved = JSON.parse(window.sessionStorage.getItem(KEPT) || "null");
    return saved && saved.key === key ? saved : null;
  } catch {
    return null;
  }
}

function keep(saved) {
  try {
    window.sessionStorage.setItem(KEPT, JSON.stringify(saved));
  } catch {
    // storage full or blocked: back shows the first page again
  }
}

const cameBack = () => /** @type {any} */ (performance.getEntriesByType("navigation")[0])?.type === "back_forward";

startPage({ eager: true }, async () => {
  const form = byId("search-form", HTMLFormElement);
  const state = readQuery();
  form.elements.q.value = state.q;
  fillCategories(form.elements.category, state.category);
  fillLevels(form.elements.level, state.level);
  fillSorts(form.elements.sort, !!state.q, state.sort);
  const list = byId("courses");
  let shown = [];
  let key = window.location.search;
  let cursor = null;
  const current = () => ({
    q: form.elements.q.value.trim(),
    category: form.elements.category.value,
    level: form.elements.level.value,
    sort: form.elements.sort.value,
  });
  const paging = pager({
    list,
    more: byId("more"),
    fetchPage: async (from) => {
      const page = await courses.list({ ...current(), cursor: from });
      shown = from ? [...shown, ...page.items] : page.items;
      cursor = page.next_cursor || null;
      announce(t("catalog.shown", { count: shown.length }));
      return page;
    },
    render: (course) => courseCard(course),
    emptyState: empty(t("catalog.none"), h("a", { href: "/catalog.html", text: t("catalog.clear") })),
    status: true,
    placeholder: () => skeletonCards(6),
  });
  // Remember what is shown and where the visitor scrolled, for when they come back.
  const save = () => keep({ key, items: shown, cursor, scroll: window.scrollY });
  window.addEventListener("pagehide", save);
  list.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a")) save();
  });

  const search = () => {
    const next = new URLSearchParams(Object.entries(current()).filter(([, value]) => value));
    // The default sort is implied: keep the URL short.
    if (next.get("sort") === (next.get("q") ? "relevance" : "popular")) next.delete("sort");
    history.replaceState(null, "", next.toString() ? `?${next}` : window.location.pathname);
    key = window.location.search;
    return paging.reload();
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    fillSorts(form.elements.sort, !!form.elements.q.value.trim(), form.elements.sort.value);
    search();
  });
  for (const name of ["category", "level", "sort"]) form.elements[name].addEventListener("change", () => form.requestSubmit());

  const before = cameBack() ? kept(key) : null;
  if (before?.items?.length) {
    shown = before.items;
    cursor = before.cursor;
    paging.restore(shown, cursor);
    window.scrollTo(0, before.scroll || 0);
    return;
  }
  await paging.reload();
});
