// @ts-check
// DOM helpers shared by every page. User text only ever enters the DOM as text nodes.
import { formatDate as localDate, formatDateTime as localDateTime, t } from "../infrastructure/i18n.js";
import { humanize } from "../infrastructure/messages.js";

/**
 * Create an element: h("a", {class: "x", href: "/", onclick: fn}, "text", child, ...).
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [props]
 * @param {...any} children nodes, strings, arrays of them; null and false are skipped
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const any = /** @type {any} */ (node); // props are set by name, whatever the element
  for (const [name, value] of Object.entries(props || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else if (name === "value") any.value = value;
    else if (name in node && !name.includes("-") && typeof value !== "string") any[name] = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace the children of `node`. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/**
 * The element with this id, of this kind (throws when a page lacks it: a programming error).
 * @template {HTMLElement} [T=HTMLElement]
 * @param {string} id
 * @param {new () => T} [kind] e.g. HTMLFormElement, checked with instanceof
 * @returns {T}
 */
export function byId(id, kind) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  if (kind && !(node instanceof kind)) throw new Error(`#${id} is no ${kind.name}`);
  return /** @type {T} */ (node);
}

/** Query-string parameters of the current page. */
export const params = () => new URLSearchParams(window.location.search);

/** Put a message in the page's polite live region (screen readers announce it). */
export function announce(text) {
  const region = document.getElementById("live-status");
  if (!region) return;
  region.textContent = "";
  // A tick later so repeating the same message is announced again.
  setTimeout(() => {
    region.textContent = text;
  }, 50);
}

/** A loading placeholder with an accessible label. */
export function loading(label = t("common.loading")) {
  return h(
    "div",
    { class: "d-flex align-items-center gap-2 text-body-secondary py-3 w-100", role: "status" },
    h("span", { class: "spinner-border spinner-border-sm", "aria-hidden": "true" }),
    h("span", { text: label }),
  );
}

/** An empty-state block with an optional action (a link or button). */
export function empty(text, action = null) {
  return h("div", { class: "text-center text-body-secondary border rounded-3 p-4 my-3 bg-body-tertiary w-100" }, h("p", { class: "mb-2", text }), action);
}

/** A dismissible-free error alert showing the problem's detail (and field errors), in plain words. */
export function errorAlert(error, prefix = "", context = {}) {
  const human = error ? humanize(error, context) : { detail: "", errors: {} };
  const detail = human.detail || String(error ? error.message : error); // a falsy error shows as itself
  const fields = Object.entries(human.errors);
  return h(
    "div",
    { class: "alert alert-danger w-100", role: "alert" },
    h("span", { text: prefix ? `${prefix} ${detail}` : detail }),
    fields.length > 0 &&
      h(
        "ul",
        { class: "mb-0 mt-2" },
        fields.map(([, message]) => h("li", { text: message })),
      ),
  );
}

/**
 * A success/info alert, itself a polite live region. Pages show it instead of calling
 * announce() with the same text, so screen readers (and tests) meet the message once.
 * `live: false` when the page announces it through the live region instead.
 */
export function notice(text, kind = "success", { live = true } = {}) {
  return h("div", { class: `alert alert-${kind}`, role: live ? "status" : null, text });
}

const fieldName = (key) => String(key).split(".").pop();

/** Clear the validation state a previous showFormError left on `form`. */
export function clearFormErrors(form) {
  for (const field of form.querySelectorAll(".is-invalid")) field.classList.remove("is-invalid");
  for (const node of form.querySelectorAll(".invalid-feedback[data-generated]")) node.remove();
  const slot = form.querySelector("[data-form-error]");
  if (slot) slot.replaceChildren();
}

/** The form's own label texts by field name, so messages name fields as the form does. */
function formLabels(form) {
  const labels = {};
  for (const field of form.elements) {
    const text = field.labels?.[0]?.textContent?.trim();
    if (field.name && text) labels[field.name] = text;
  }
  return labels;
}

/**
 * Show an ApiError on a form in plain words: the detail on top, each field error under its
 * field. `data-subject` on the form ("course", "video") names what a message is about.
 */
export function showFormError(form, error) {
  clearFormErrors(form);
  const unmatched = {};
  let first = null;
  const human = humanize(error, { subject: form.dataset.subject || "", labels: formLabels(form) });
  for (const [key, message] of Object.entries(human.errors)) {
    const field = form.elements.namedItem(fieldName(key));
    if (!field?.classList) {
      unmatched[key] = message;
      continue;
    }
    field.classList.add("is-invalid");
    const feedbackId = `${field.id || field.name}-error`;
    const feedback = h("div", { class: "invalid-feedback", id: feedbackId, text: message });
    feedback.dataset.generated = "1";
    field.insertAdjacentElement("afterend", feedback);
    field.setAttribute("aria-describedby", feedbackId);
    first = first || field;
  }
  const slot = form.querySelector("[data-form-error]");
  const alert = errorAlert({ detail: human.detail, errors: unmatched });
  // The alert is a role=alert live region once it is in the form; announce only otherwise.
  if (slot) slot.replaceChildren(alert);
  else announce(human.detail);
  (first || alert).focus?.();
}

/** Run `work` with `button` disabled and showing a spinner; rethrows work's error. */
export async function busy(button, work) {
  const label = button.textContent;
  button.disabled = true;
  button.replaceChildren(h("span", { class: "spinner-border spinner-border-sm me-1", "aria-hidden": "true" }), label);
  try {
    return await work();
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

/** A Bootstrap progress bar; its width is set through the CSSOM (allowed by the CSP). */
export function progressBar(percent, label, { striped = false, small = false } = {}) {
  const bar = h("div", { class: `progress-bar${striped ? " progress-bar-striped" : ""}` });
  const wrap = h(
    "div",
    {
      class: `progress${small ? " progress-thin" : ""}`,
      role: "progressbar",
      "aria-label": label,
      "aria-valuemin": "0",
      "aria-valuemax": "100",
    },
    bar,
  );
  setProgress(wrap, percent);
  return wrap;
}

/** Move a progressBar() to `percent`. */
export function setProgress(wrap, percent) {
  const value = Math.max(0, Math.min(100, Math.round(Number(percent) || 0)));
  wrap.setAttribute("aria-valuenow", String(value));
  wrap.setAttribute("aria-valuetext", `${value}%`);
  wrap.firstElementChild.style.width = `${value}%`;
}

/** Seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${secs}` : `${minutes}:${secs}`;
}

/** An ISO time as a short date in the page's language. */
export const formatDate = (iso) => localDate(iso);

/** An ISO time as date and time in the page's language. */
export const formatDateTime = (iso) => localDateTime(iso);

/** A <time> element for an ISO string. */
export const time = (iso, withTime = false) => h("time", { datetime: iso || "", text: withTime ? formatDateTime(iso) : formatDate(iso) });

/** Link to a page with query parameters. */
export function pageUrl(page, query = {}) {
  const search = new URLSearchParams(Object.entries(query).filter(([, value]) => value !== undefined && value !== null && value !== "")).toString();
  return search ? `${page}?${search}` : page;
}

/**
 * A paged list with a "Load more" button: fetchPage(cursor) → {items, next_cursor};
 * render(item) → node. Shows loading (or `placeholder` nodes in the list), empty and error
 * states. Returns {reload, restore(items, cursor)} (restore: show items kept from before).
 * @param {{list: HTMLElement, more: HTMLElement, fetchPage: (cursor: string | null) => Promise<any>,
 *   render: (item: any) => Node | null | undefined, emptyState: any, status?: any, placeholder?: () => Node[]}} options
 */
export function pager({ list, more, fetchPage, render, emptyState, status, placeholder }) {
  let cursor = null;
  const moreButton = h("button", { type: "button", class: "btn btn-outline-primary", text: t("common.load_more") });
  async function load(first) {
    if (first) {
      cursor = null;
      replace(list, placeholder ? placeholder() : null);
      replace(more, placeholder ? null : loading());
    }
    try {
      const page = await fetchPage(cursor);
      const items = page.items || [];
      if (first) replace(list);
      list.append(...items.map(render).filter(Boolean));
      cursor = page.next_cursor || null;
      replace(more, cursor ? moreButton : null);
      if (first && items.length === 0) replace(more, emptyState);
      if (!first && status) announce(t("common.more_loaded", { count: items.length }));
    } catch (error) {
      if (first) replace(list);
      replace(more, errorAlert(error), cursor || first ? retryButton(() => load(first)) : null);
    }
  }
  moreButton.addEventListener("click", () => busy(moreButton, () => load(false)));
  const restore = (items, next) => {
    replace(list, items.map(render).filter(Boolean));
    cursor = next || null;
    replace(more, cursor ? moreButton : null);
  };
  return { reload: () => load(true), restore };
}

function retryButton(onClick) {
  return h("button", { type: "button", class: "btn btn-outline-secondary btn-sm", text: t("common.try_again"), onclick: onClick });
}

/** Square avatar image, or a circle with initials when there is no picture. */
export function avatar(url, name, size = 48) {
  if (url) {
    return h("img", {
      src: url,
      alt: name ? t("common.avatar_of", { name }) : t("common.avatar"),
      class: `avatar avatar-${size} rounded-circle`,
      width: String(size),
      height: String(size),
    });
  }
  const initials = String(name || "?")
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0].toUpperCase())
    .join("");
  return h("span", {
    class: `avatar avatar-${size} rounded-circle text-bg-secondary d-inline-flex align-items-center justify-content-center`,
    role: "img",
    "aria-label": name ? t("common.avatar_of", { name }) : t("common.avatar"),
    text: initials || "?",
  });
}

/** An email address that wraps only after "@" and before dots (never mid-word on a phone). */
export function emailText(address) {
  const pieces = String(address || "").split(/(?<=@)|(?=\.)/);
  return h(
    "span",
    { class: "email-wrap" },
    pieces.flatMap((piece, index) => (index ? [h("wbr"), piece] : [piece])),
  );
}

/** A small badge. */
export const badge = (text, kind = "secondary") => h("span", { class: `badge text-bg-${kind}`, text });
