// @ts-check
// Human wording for the services' validation messages. The services answer with pydantic's
// own sentences ("Invalid title." and {"title": "String should have at least 1 character"});
// people should read "Give the course a title". One table, used by the shared form-error
// helper (components/ui.js), so every form of every page gets the same wording.

/** Field names people see when a form has no label for the field. */
const FIELD_LABELS = {
  title: "Title",
  description: "Description",
  category: "Category",
  level: "Level",
  tags: "Tags",
  email: "Email",
  password: "Password",
  current_password: "Current password",
  new_password: "New password",
  display_name: "Display name",
  bio: "Bio",
  location: "Location",
  website: "Website",
  body: "Message",
  reason: "Reason",
  language: "Language code",
  label: "Label",
  filename: "File name",
  content_type: "File type",
  size_bytes: "File size",
  position: "Position",
  start_s: "Start time",
  role: "Role",
};

const count = (n, word) => `${n} ${word}${Number(n) === 1 ? "" : "s"}`;

/** Wording that depends on the field and what the form is about (`subject`: "course"…). */
function special(field, message, subject) {
  const thing = subject || "it";
  const the = subject ? `the ${subject}` : "it";
  if (field === "title" && (/at least 1 character/.test(message) || message === "Field required")) return `Give ${the} a title.`;
  if (field === "description" && (/at least 1 character/.test(message) || message === "Field required")) return `Describe ${the} in a sentence or two.`;
  if (field === "email" && /valid email/i.test(message)) return "Enter a valid email address, like name@example.com.";
  if (field === "website" && /url|scheme/i.test(message)) return "Enter a full web address starting with http:// or https://.";
  if (field === "display_name" && /at least 1 character/.test(message)) return "Tell people what to call you.";
  if (field === "content_type" && /Input should be/.test(message)) return `This type of file cannot be used for ${thing === "it" ? "this" : `a ${thing}`}.`;
  return null;
}

/** Generic rules: pydantic's sentence → a plain one about `label`. */
const RULES = [
  [/^Field required$/, (label) => `${label} is required.`],
  [/^String should have at least (\d+) characters?$/, (label, n) => `${label} needs at least ${count(n, "character")}.`],
  [/^String should have at most (\d+) characters?$/, (label, n) => `${label} can have at most ${count(n, "character")}.`],
  [/^List should have at most (\d+) items?/, (label, n) => `${label}: at most ${n}.`],
  [/^List should have at least (\d+) items?/, (label, n) => `${label}: at least ${n}.`],
  [/^Input should be greater than or equal to (\S+)$/, (label, n) => `${label} must be ${n} or more.`],
  [/^Input should be greater than (\S+)$/, (label, n) => `${label} must be more than ${n}.`],
  [/^Input should be less than or equal to (\S+)$/, (label, n) => `${label} must be ${n} or less.`],
  [/^Input should be less than (\S+)$/, (label, n) => `${label} must be less than ${n}.`],
  [/^Input should be a valid integer/, (label) => `${label} must be a whole number.`],
  [/^Input should be a valid number/, (label) => `${label} must be a number.`],
  [/^Input should be a valid (string|list|boolean|dictionary)/, (label) => `${label} has the wrong kind of value.`],
  [/^Input should be (('[^']*'(, | or )?)+)$/, (label, options) => `${label}: choose one of ${options.replace(/'/g, "").replace(/ or /, ", ")}.`],
  [/^String should match pattern/, (label) => `${label} is not in the expected format.`],
  [/not a valid email|valid email address/i, () => "Enter a valid email address, like name@example.com."],
  [/^URL scheme should be/, () => "Enter a web address starting with http:// or https://."],
  [/^Input should be a valid URL/, () => "Enter a full web address, like https://example.com."],
  [/^Unknown field\.?$/, (label) => `${label} is not accepted here.`],
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
  if (FIELD_LABELS[name]) return FIELD_LABELS[name];
  const words = name.replace(/_/g, " ");
  return words ? words[0].toUpperCase() + words.slice(1) : "This field";
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
    detail = messages.length === 1 ? messages[0] : `Correct the ${messages.length} fields below.`;
  }
  return { detail, errors };
}
