// @ts-check
// Course-wide transcript search: "where did the lecturer say chlorophyll?" lists the cues that
// say it, with their video and time; each result opens the video at that moment.
// Mount: `mountTranscriptSearch(element, { courseId })` (the course page does, for viewers).
import { videos } from "../infrastructure/api.js";
import { clock } from "./player/controls.js";
import { marked, wordsOf } from "./player/transcript.js";
import { empty, errorAlert, h, loading, pageUrl, replace } from "./ui.js";

let instances = 0;

/** Draw the search form and its results into `element`. */
export function mountTranscriptSearch(element, { courseId, limit = 20 }) {
  instances += 1;
  const id = `transcript-search-${instances}`;
  const input = h("input", { type: "search", id, class: "form-control", name: "q", required: true, minlength: "2", maxlength: "200", autocomplete: "off" });
  const submit = h("button", { type: "submit", class: "btn btn-outline-primary", text: "Search" });
  const form = h(
    "form",
    { class: "mb-3", role: "search", "aria-label": "Search the transcripts" },
    h("label", { for: id, class: "form-label", text: "Search what the videos say" }),
    h("div", { class: "input-group" }, input, submit),
  );
  const results = h("div", { "aria-live": "polite", "data-testid": "transcript-results" });
  replace(element, form, results);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const query = input.value.trim();
    if (!query) return;
    replace(results, loading("Searching the transcripts…"));
    try {
      const answer = await videos.search(courseId, query, limit);
      replace(results, drawResults(answer.items || [], query));
    } catch (error) {
      replace(results, errorAlert(error));
    }
  });
  return { form, input, results };
}

function drawResults(items, query) {
  if (!items.length) return empty(`No video says “${query}”.`);
  const words = wordsOf(query);
  return h(
    "div",
    {},
    h("p", { class: "small text-body-secondary mb-2", text: `${items.length} ${items.length === 1 ? "place" : "places"} found.` }),
    h(
      "ol",
      { class: "list-group" },
      items.map((item) =>
        h(
          "li",
          { class: "list-group-item" },
          h(
            "a",
            { class: "d-flex flex-wrap gap-2 align-items-baseline", href: pageUrl("/watch.html", { id: item.video_id, t: String(Math.floor(item.start_s)) }) },
            h("span", { class: "fw-semibold text-break-anywhere", text: item.title }),
            h("span", { class: "badge text-bg-secondary font-monospace", text: clock(item.start_s) }),
          ),
          h("div", { class: "small text-break-anywhere" }, marked(item.text, words)),
        ),
      ),
    ),
  );
}
