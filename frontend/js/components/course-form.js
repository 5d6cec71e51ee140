// @ts-check
// The course details form used to create (teach page) and edit (course editor) a course.
import { t } from "../infrastructure/i18n.js";
import { CATEGORIES, fillCategories, LEVELS, label } from "./cards.js";
import { h } from "./ui.js";

const field = (id, text, control, help) =>
  h(
    "div",
    { class: "mb-3" },
    h("label", { class: "form-label", for: id, text }),
    control,
    help && h("div", { class: "form-text", id: `${id}-help`, text: help }),
  );

/** A course form (ids prefixed with `prefix`); submit handling is the page's. */
export function courseForm({ prefix, submitLabel, course = null }) {
  const category = h("select", { class: "form-select", id: `${prefix}-category`, name: "category", required: true });
  fillCategories(category, course ? course.category : CATEGORIES[0]);
  const level = h(
    "select",
    { class: "form-select", id: `${prefix}-level`, name: "level" },
    LEVELS.map((value) => h("option", { value, text: label(value), selected: course ? course.level === value : value === LEVELS[0] })),
  );
  const published = h("input", { class: "form-check-input", type: "checkbox", id: `${prefix}-published`, name: "published", checked: !!course?.published });
  return h(
    "form",
    { id: `${prefix}-form`, class: "course-form", dataset: { subject: "course" } },
    h("div", { "data-form-error": "" }),
    field(
      `${prefix}-title`,
      t("editor.form.title"),
      h("input", { class: "form-control", id: `${prefix}-title`, name: "title", required: true, maxLength: 200, value: course ? course.title : "" }),
    ),
    field(
      `${prefix}-description`,
      t("editor.form.description"),
      h("textarea", {
        class: "form-control",
        id: `${prefix}-description`,
        name: "description",
        rows: 5,
        required: true,
        value: course ? course.description : "",
      }),
    ),
    h(
      "div",
      { class: "row g-2" },
      h("div", { class: "col-sm-6" }, field(`${prefix}-category`, t("editor.form.category"), category)),
      h("div", { class: "col-sm-6" }, field(`${prefix}-level`, t("editor.form.level"), level)),
    ),
    field(
      `${prefix}-tags`,
      t("editor.form.tags"),
      h("input", {
        class: "form-control",
        id: `${prefix}-tags`,
        name: "tags",
        value: course ? (course.tags || []).join(", ") : "",
        "aria-describedby": `${prefix}-tags-help`,
      }),
      t("editor.form.tags_help"),
    ),
    h("div", { class: "form-check mb-3" }, published, h("label", { class: "form-check-label", for: `${prefix}-published`, text: t("editor.form.published") })),
    h("button", { type: "submit", class: "btn btn-primary", text: submitLabel }),
  );
}

/** The JSON body of a course form. */
export function readCourseForm(form) {
  return {
    title: form.elements.title.value.trim(),
    description: form.elements.description.value.trim(),
    category: form.elements.category.value,
    level: form.elements.level.value,
    tags: form.elements.tags.value
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
    published: form.elements.published.checked,
  };
}
