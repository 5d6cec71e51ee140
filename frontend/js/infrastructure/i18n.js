// @ts-check
// Interface strings and formats by language: one catalogue per language (js/i18n/<lang>.json),
// chosen from the visitor's choice, else the browser's languages, else English.
// Mark a string with t("course.taught_by", { name }) in JS, data-i18n="nav.catalog" in templates.

import en from "../i18n/en.json" with { type: "json" };

/** Languages with a catalogue: code → its own name (shown in the switcher). */
export const LANGUAGES = { en: "English", es: "Español" };
const STORE_KEY = "dread.lang";

/** The language to use: a stored choice, else the first supported browser language, else "en". */
export function chooseLanguage(stored = readStored(), wanted = navigator.languages || [navigator.language]) {
  if (stored && stored in LANGUAGES) return stored;
  for (const tag of wanted) {
    const code = String(tag || "")
      .toLowerCase()
      .split("-")[0];
    if (code in LANGUAGES) return code;
  }
  return "en";
}

function readStored() {
  try {
    return window.localStorage.getItem(STORE_KEY);
  } catch {
    return null; // storage blocked: the browser's languages decide
  }
}

/** The page's language code ("en", "es"). */
export const lang = chooseLanguage();
// Only the chosen catalogue is fetched; English stays loaded as the fallback for a missing key.
const messages = lang === "en" ? en : (await import(`../i18n/${lang}.json`, { with: { type: "json" } })).default;
document.documentElement.lang = lang;

/** Remember `code` as the visitor's language and reload the page in it. */
export function setLanguage(code) {
  try {
    window.localStorage.setItem(STORE_KEY, code);
  } catch {
    // storage blocked: nothing to remember
  }
  window.location.reload();
}

function lookup(catalogue, key) {
  let node = catalogue;
  for (const part of key.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

const plurals = new Intl.PluralRules(lang);

/**
 * The text of `key` in the page's language, with `{name}` placeholders filled from `vars`.
 * A value that is an object ({one, other, ...}) is a plural chosen by `vars.count`.
 * @param {string} key
 * @param {Record<string, any>} [vars]
 * @returns {string}
 */
export function t(key, vars = {}) {
  let value = lookup(messages, key) ?? lookup(en, key);
  if (value === undefined) {
    console.warn(`i18n: no text for ${key}`);
    return key;
  }
  if (typeof value === "object") {
    const form = plurals.select(Number(vars.count) || 0);
    value = value[form] ?? value.other;
  }
  return String(value).replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? formatVar(vars[name]) : whole));
}

/** The text of `key` when the catalogue has it, else `fallback` (for keys built from data). */
export function tOr(key, fallback, vars = {}) {
  return lookup(messages, key) === undefined && lookup(en, key) === undefined ? fallback : t(key, vars);
}

/**
 * Like t(), but placeholders named in `nodes` become those DOM nodes (e.g. a link inside a
 * sentence): returns the pieces to append, text as strings.
 * @param {string} key
 * @param {Record<string, Node>} nodes
 * @param {Record<string, any>} [vars]
 * @returns {(string | Node)[]}
 */
export function tNodes(key, nodes, vars = {}) {
  const marks = Object.fromEntries(Object.keys(nodes).map((name) => [name, `\u0000${name}\u0000`]));
  return t(key, { ...vars, ...marks })
    .split("\u0000")
    .map((piece, index) => (index % 2 ? nodes[piece] : piece))
    .filter((piece) => piece !== "");
}

const formatVar = (value) => (typeof value === "number" ? number(value) : String(value));

/** A number in the page's language (1,234 / 1.234). */
export const number = (value) => new Intl.NumberFormat(lang).format(Number(value) || 0);

/**
 * An ISO time as a localised date ("1 Dec 2026" / "1 dic 2026").
 * @param {string | null | undefined} iso
 * @param {Intl.DateTimeFormatOptions} [options]
 */
export function formatDate(iso, options = { dateStyle: "medium" }) {
  if (!iso) return "";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "" : new Intl.DateTimeFormat(lang, options).format(date);
}

/** An ISO time as a localised date and time. */
export const formatDateTime = (iso) => formatDate(iso, { dateStyle: "medium", timeStyle: "short" });

/** A length in words: "1 h 5 min", "12 min", "40 s" (localised units). */
export function formatLength(seconds) {
  const total = Math.max(0, Math.round(Number(seconds) || 0));
  const unit = (value, name) => new Intl.NumberFormat(lang, { style: "unit", unit: name, unitDisplay: "short" }).format(value);
  const hours = Math.floor(total / 3600);
  const minutes = Math.round((total % 3600) / 60);
  if (hours) return minutes ? `${unit(hours, "hour")} ${unit(minutes, "minute")}` : unit(hours, "hour");
  if (total >= 60) return unit(Math.round(total / 60), "minute");
  return unit(total, "second");
}

/** Translate the static text of `root`: data-i18n (text) and data-i18n-<attr> (that attribute). */
export function translate(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) node.textContent = t(node.getAttribute("data-i18n"));
  for (const node of root.querySelectorAll("*")) {
    for (const attr of node.getAttributeNames()) {
      if (attr.startsWith("data-i18n-")) node.setAttribute(attr.slice("data-i18n-".length), t(node.getAttribute(attr)));
    }
  }
  const titleKey = document.documentElement.dataset.titleKey;
  if (root === document && titleKey) document.title = `${t(titleKey)} · DREAD`;
}

// The pages are rendered in English (devstack/pages.py reads en.json); other languages swap
// the marked text here, before the page module draws anything.
if (lang !== "en") translate();
