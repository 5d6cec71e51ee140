// @ts-check
// The visitor's display preferences: language (footer switcher) and colour mode (navbar toggle).
import { LANGUAGES, lang, setLanguage, t } from "../infrastructure/i18n.js";
import { h } from "./ui.js";

const THEME_KEY = "dread.theme";

/** The colour mode in use ("light" or "dark"), as js/theme.js set it. */
export const theme = () => (document.documentElement.getAttribute("data-bs-theme") === "dark" ? "dark" : "light");

/** Use `mode` ("light" or "dark") on this page and remember it for the next ones. */
export function setTheme(mode) {
  try {
    window.localStorage.setItem(THEME_KEY, mode);
  } catch {
    // storage blocked: this page only
  }
  document.documentElement.setAttribute("data-bs-theme", mode);
}

/** The navbar's light/dark toggle button. */
export function themeToggle() {
  const button = h("button", { type: "button", class: "btn btn-outline-light btn-sm ms-lg-2 my-1", dataset: { testid: "theme-toggle" } });
  const draw = () => {
    const dark = theme() === "dark";
    button.setAttribute("aria-label", t(dark ? "nav.theme_light" : "nav.theme_dark"));
    button.title = button.getAttribute("aria-label");
    button.textContent = dark ? "☀" : "☾";
  };
  button.addEventListener("click", () => {
    setTheme(theme() === "dark" ? "light" : "dark");
    draw();
  });
  draw();
  return button;
}

/** Wire the footer's language switcher (the layout's #language-select) once per page. */
export function wireLanguageSelect() {
  const select = document.getElementById("language-select");
  if (!(select instanceof HTMLSelectElement)) return;
  select.replaceChildren(...Object.entries(LANGUAGES).map(([code, name]) => h("option", { value: code, lang: code, text: name, selected: code === lang })));
  select.addEventListener("change", () => setLanguage(select.value));
}
