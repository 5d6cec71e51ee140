// @ts-check
// What the viewer chose, remembered across videos: speed, volume, mute, caption language, theatre.

const KEY = "dread.player";

/** @typedef {{rate: number, volume: number, muted: boolean, captions: string, theatre: boolean}} Prefs */

/** @type {Prefs} */
const DEFAULTS = { rate: 1, volume: 1, muted: false, captions: "", theatre: false };

/** The saved preferences (defaults for anything missing or unreadable). */
export function loadPrefs() {
  try {
    const saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    return { ...DEFAULTS, ...(saved && typeof saved === "object" ? saved : {}) };
  } catch {
    return { ...DEFAULTS }; // storage blocked or a damaged value: play with the defaults
  }
}

/** Merge `change` into the saved preferences. */
export function savePrefs(change) {
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ ...loadPrefs(), ...change }));
  } catch {
    // private mode or full storage: the choice lasts for this page only
  }
}
