// @ts-check
// Human wording for the services' validation messages. The services answer with pydantic's
// own sentences ("Invalid title." and {"title": "String should have at least 1 character"});
// people should read "Give the course a title". One table, used by the shared form-error
// helper (components/ui.js), so every form of every page gets the same wording. The words
// are in the i18n catalogues ("editor.messages", "editor.fields").
import { t, tOr } from "./i18n.js";

const m = (key, vars = {}) => t(`editor.messages.${key}`, vars);
const EMPTY = /at least 1 character|^Field required$/;

/** Wording that depends on the field and what the form is about (`subject`: "course"…). */
function special(field, message, subject) {
  const the = ["course", "video", "section"].includes(subject) ? m(`the_${subject}`) : m("it");
  if (field === "title" && EMPTY.test(message)) return m("title", { the });
  if (field === "description" && EMPTY.test(message)) return m("description", { the });
  if (field === "email" && /valid email/i.test(message)) return m("email");
  if (field === "website" && /url|scheme/i.test(message)) return m("website");
  if (field === "display_name" && /at least 1 character/.test(message)) return m("display_name");
  if (field === "content_type" && /Input should be/.test(message)) return m("file_type");
  return null;
}

/** Generic rules: pydantic's sentence → a plain one about `label`. */
const RULES = [
  [/^Field required$/, (label) => m("required", { label })],
  [/^String should have at least (\d+) characters?$/, (label, n) => m("min_length", { label, count: Number(n) })],
  [/^String should have at most (\d+) characters?$/, (label, n) => m("max_length", { label, count: Number(n) })],
  [/^List should have at most (\d+) items?/, (label, n) => m("max_items", { label, count: Number(n) })],
  [/^List should have at least (\d+) items?/, (label, n) => m("min_items", { label, count: Number(n) })],
  [/^Input should be greater than or equal to (\S+)$/, (label, n) => m("ge", { label, n })],
  [/^Input should be greater than (\S+)$/, (label, n) => m("gt", { label, n })],
  [/^Input should be less than or equal to (\S+)$/, (label, n) => m("le", { label, n })],
  [/^Input should be less than (\S+)$/, (label, n) => m("lt", { label, n })],
  [/^Input should be a valid integer/, (label) => m("integer", { label })],
  [/^Input should be a valid number/, (label) => m("number", { label })],
  [/^Input should be a valid (string|list|boolean|dictionary)/, (label) => m("wrong_kind", { label })],
  [/^Input should be (('[^']*'(, | or )?)+)$/, (label, options) => m("choose", { label, options: options.replace(/'/g, "").replace(/ or /, ", ") })],
  [/^String should match pattern/, (label) => m("pattern", { label })],
  [/not a valid email|valid email address/i, () => m("email")],
  [/^URL scheme should be/, () => m("website")],
  [/^Input should be a valid URL/, () => m("url")],
  [/^Unknown field\.?$/, (label) => m("unknown", { label })],
  // A custom validator's own sentence ("Value error, Tags must be unique"): keep the sentence.
  [/^(?:Value|Assertion) error, (.+)$/, (_label, text) => (/[.!?]$/.test(text) ? text : `${text}.`)],
];

/** "size_bytes" → "File size"; unknown names as words ("start_time" → "Start time"). */
export function fieldLabel(key, labels = {}) {
  const name =
    String(key)
      .split(".")
      .filter((part) => !/^\d+$/.test(part))
      .pop() || String(key);
  if (labels[name]) return labels[name];
  const words = name.replace(/_/g, " ");
  return tOr(`editor.fields.${name}`, words ? words[0].toUpperCase() + words.slice(1) : m("this_field"));
}

/**
 * One field's message in plain words; a message the table does not know is kept as it is.
 * @param {string} key the field ("title", "chapters.2.start_s")
 * @param {string} message the server's message
 * @param {{subject?: string, labels?: Record<string, string>}} [context]
 */
export function humanFieldMessage(key, message, { subject = "", labels = {} } = {}) {
  const text = String(message ?? "");
  const field = String(key).split(".").pop() || "";
  const own = special(field, text, subject);
  if (own) return own;
  const label = fieldLabel(key, labels);
  for (const [pattern, say] of RULES) {
    const match = /** @type {RegExp} */ (pattern).exec(text);
    if (match) return /** @type {(label: string, ...groups: string[]) => string} */ (say)(label, ...match.slice(1));
  }
  return text;
}

/** The summary "Invalid title, description." the kit writes for validation failures. */
const SUMMARY = /^Invalid [\w.]+(, [\w.]+)*\.$/;

/**
 * An API error in plain words: {detail, errors} with every field message mapped, and the
 * kit's "Invalid a, b." summary replaced by the first field's sentence (or a count).
 * @param {{detail?: string, message?: string, errors?: Record<string, any>, status?: number}} error
 * @param {{subject?: string, labels?: Record<string, string>}} [context]
 */
export function humanize(error, context = {}) {
  const errors = {};
  for (const [key, message] of Object.entries(error?.errors || {})) errors[key] = humanFieldMessage(key, String(message), context);
  let detail = error?.detail || error?.message || "";
  const messages = Object.values(errors);
  if (SUMMARY.test(detail) && messages.length) {
    detail = messages.length === 1 ? messages[0] : m("several", { count: messages.length });
  }
  return { detail, errors };
}
