// @ts-check
// The settings menu of the control bar: quality ("Auto (720p)" and the renditions), speed and
// captions, as labelled selects in a panel that opens from the gear button and closes on Esc.

import { t } from "../../infrastructure/i18n.js";
import { h, replace } from "../ui.js";

export const SPEEDS = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2];

/** The panel beside `gear` in `bar`; `actions` change quality, speed and captions. */
export function buildSettings(bar, gear, actions) {
  const field = (id, label) => {
    const select = h("select", { id, class: "form-select form-select-sm" });
    return { select, row: h("div", { class: "player-setting" }, h("label", { for: id, class: "form-label small mb-0", text: label }), select) };
  };
  const quality = field("quality", t("player.quality"));
  const speed = field("speed", t("player.speed"));
  const captions = field("captions", t("player.captions_menu"));
  const panel = h(
    "div",
    { id: "player-settings", class: "player-settings", role: "group", "aria-label": t("player.settings") },
    quality.row,
    speed.row,
    captions.row,
  );
  panel.hidden = true;
  bar.append(panel);

  const open = (on) => {
    panel.hidden = !on;
    gear.setAttribute("aria-expanded", String(on));
    if (on) quality.select.disabled ? speed.select.focus() : quality.select.focus();
  };
  gear.addEventListener("click", () => open(panel.hidden));
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    event.preventDefault();
    event.stopPropagation();
    open(false);
    gear.focus();
  });
  document.addEventListener("pointerdown", (event) => {
    const target = /** @type {Node} */ (event.target);
    if (!panel.hidden && !panel.contains(target) && !gear.contains(target)) open(false);
  });

  replace(
    speed.select,
    SPEEDS.map((value) => h("option", { value: String(value), text: value === 1 ? t("player.normal") : `${value}×` })),
  );
  quality.select.addEventListener("change", () => actions.setQuality(quality.select.value));
  speed.select.addEventListener("change", () => actions.setSpeed(Number(speed.select.value)));
  captions.select.addEventListener("change", () => actions.setCaptions(captions.select.value));

  return {
    panel,
    open,
    /** Qualities [{value, label}] with `chosen` selected. */
    setQualities(choices, chosen) {
      replace(
        quality.select,
        choices.map((choice) => h("option", { value: choice.value, text: choice.label, selected: choice.value === chosen })),
      );
      quality.select.disabled = choices.length < 2;
    },
    setSpeed(value) {
      if (!SPEEDS.includes(value)) speed.select.append(h("option", { value: String(value), text: `${value}×` }));
      speed.select.value = String(value);
    },
    /** Caption tracks [{language, label}] with the language `chosen` ("" for off). */
    setCaptions(tracks, chosen) {
      replace(
        captions.select,
        h("option", { value: "", text: t("player.off") }),
        tracks.map((track) => h("option", { value: track.language, text: track.label || track.language, selected: track.language === chosen })),
      );
      captions.select.value = chosen;
      captions.select.disabled = tracks.length === 0;
    },
  };
}
