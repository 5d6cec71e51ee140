// @ts-check
// Account settings: download my data (zip), delete my account (password + confirmation).

import { digestToggle } from "../components/digest-toggle.js";
import { busy, byId, clearFormErrors, errorAlert, replace, showFormError } from "../components/ui.js";
import { logout, request } from "../infrastructure/api.js";
import { startPage } from "../infrastructure/page.js";

startPage({ auth: true }, async () => {
  digestToggle(byId("digest-toggle", HTMLInputElement), byId("digest-status"));
  const exportButton = byId("export-button", HTMLButtonElement);
  exportButton.addEventListener("click", async () => {
    replace(byId("export-error"));
    try {
      const blob = await busy(exportButton, () => request("GET", "/api/auth/me/export", { blob: true }));
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = "dread-export.zip";
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
    } catch (error) {
      replace(byId("export-error"), errorAlert(error));
    }
  });
  const form = byId("delete-form", HTMLFormElement);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearFormErrors(form);
    try {
      const body = { password: form.elements.password.value };
      await busy(form.querySelector("[type=submit]"), () => request("DELETE", "/api/auth/me", { body, retry: false }));
      await logout().catch(() => {});
      window.location.assign("/?deleted=1");
    } catch (error) {
      showFormError(form, error);
    }
  });
});
