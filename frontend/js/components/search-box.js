// @ts-check
// The navbar's course search: suggestions as you type (GET /api/courses/suggest), a combobox
// with arrow keys, Enter opens the highlighted course or the catalog's results.
import { courses } from "../infrastructure/api.js";
import { t } from "../infrastructure/i18n.js";
import { h, pageUrl } from "./ui.js";

const DELAY_MS = 150; // wait for a pause in typing before asking
let shared = null; // one box per page: the navbar is redrawn when the session changes

/** The search form for the navbar (the same element on every redraw, so typing survives). */
export function searchBox() {
  shared = shared || build();
  return shared;
}

function build() {
  const listId = "nav-suggestions";
  const input = h("input", {
    type: "search",
    name: "q",
    class: "form-control form-control-sm",
    placeholder: t("nav.search_placeholder"),
    "aria-label": t("nav.search_label"),
    role: "combobox",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    autocomplete: "off",
    maxlength: "200",
    value: new URLSearchParams(window.location.search).get("q") || "",
  });
  const list = h("ul", { id: listId, class: "dropdown-menu w-100 mt-1", role: "listbox", "aria-label": t("nav.suggestions") });
  const form = h(
    "form",
    { class: "nav-search position-relative my-2 my-lg-0 mx-lg-3 flex-lg-grow-1", role: "search", action: "/catalog.html", method: "get" },
    h(
      "div",
      { class: "input-group input-group-sm" },
      input,
      h("button", { type: "submit", class: "btn btn-light", text: t("nav.search_button"), "aria-label": t("nav.search_label") }),
    ),
    list,
  );
  let items = [];
  let active = -1;
  let timer = null;
  let asked = 0;

  const close = () => {
    list.classList.remove("show");
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  };
  const highlight = (index) => {
    const options = [...list.querySelectorAll("[role=option]")];
    active = options.length ? (index + options.length) % options.length : -1;
    options.forEach((option, at) => {
      option.setAttribute("aria-selected", at === active ? "true" : "false");
      option.classList.toggle("active", at === active);
    });
    if (active >= 0) input.setAttribute("aria-activedescendant", options[active].id);
  };
  const open = (found) => {
    items = found;
    list.replaceChildren(
      ...found.map((item, index) =>
        h("li", {
          id: `${listId}-${index}`,
          role: "option",
          class: "dropdown-item text-wrap",
          "aria-selected": "false",
          text: item.title,
          onmousedown: (event) => event.preventDefault(), // keep the focus in the box
          onclick: () => go(item),
        }),
      ),
    );
    if (!found.length) return close();
    list.classList.add("show");
    input.setAttribute("aria-expanded", "true");
    active = -1;
  };
  const go = (item) => window.location.assign(pageUrl("/course.html", { id: item.id }));
  const ask = async () => {
    const q = input.value.trim();
    const mine = ++asked;
    if (q.length < 2) return close();
    try {
      const found = (await courses.suggest(q)).items || [];
      if (mine === asked) open(found.slice(0, 8));
    } catch {
      if (mine === asked) close(); // suggestions are a convenience: a failure shows none
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(ask, DELAY_MS);
  });
  input.addEventListener("keydown", (event) => {
    const shown = list.classList.contains("show");
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!shown) return;
      event.preventDefault();
      highlight(active + (event.key === "ArrowDown" ? 1 : -1));
    } else if (event.key === "Escape" && shown) {
      event.preventDefault();
      close();
    } else if (event.key === "Enter" && shown && active >= 0) {
      event.preventDefault();
      go(items[active]);
    }
  });
  input.addEventListener("blur", () => setTimeout(close, 100));
  form.addEventListener("submit", (event) => {
    if (!input.value.trim()) event.preventDefault();
  });
  return form;
}
