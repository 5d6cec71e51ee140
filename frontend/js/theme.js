// @ts-check
// Colour mode before the first paint (a classic blocking script, so no flash): the visitor's
// choice ("light"/"dark" in localStorage "dread.theme") or else the system setting, live.
(() => {
  const dark = window.matchMedia("(prefers-color-scheme: dark)");
  const chosen = () => {
    try {
      return window.localStorage.getItem("dread.theme");
    } catch {
      return null; // storage blocked: follow the system
    }
  };
  const apply = () => {
    const mode = chosen();
    document.documentElement.setAttribute("data-bs-theme", mode === "light" || mode === "dark" ? mode : dark.matches ? "dark" : "light");
  };
  apply();
  dark.addEventListener("change", apply);
  window.addEventListener("storage", apply); // another tab toggled it
})();
