// @ts-check
// The browser session: restored from the refresh cookie on every page load.
import { currentUser, login, logout, mayHaveSession, refreshSession } from "./api.js";

let restored = null;

/** Restore the session once per page (POST /api/auth/refresh); resolves to the user or null.
 * A browser that never signed in skips the call (its 401 would be a red console error). */
export function restoreSession() {
  restored = restored || (mayHaveSession() ? refreshSession() : Promise.resolve(null));
  return restored;
}

/** Sign in with email and password; resolves to the user. */
export const signIn = (email, password) => login(email, password);

/** Sign out and go to the home page. */
export async function signOut() {
  try {
    await logout();
  } finally {
    window.location.assign("/");
  }
}

/** The signed-in user or null. */
export const user = () => currentUser();

/** True when the user may teach (create courses, upload videos). */
export const canTeach = (someone) => !!someone && ["instructor", "admin"].includes(someone.role);

/** True for admins. */
export const isAdmin = (someone) => !!someone && someone.role === "admin";

/** A same-origin path to go back to after logging in (never another site); "/" otherwise. */
export function safeNext(next) {
  if (!next) return "/";
  let url;
  try {
    // Parse as the browser will navigate: it drops tab/CR/LF and reads a backslash as "/",
    // so a check of the raw text's first characters ("/\t/evil.example") is not enough.
    url = new URL(next, window.location.origin);
  } catch {
    return "/";
  }
  // A path can still start with "//" after dot segments ("/.//evil.example"), and such a
  // path alone would name another host: refuse it too.
  if (url.origin !== window.location.origin || url.pathname.startsWith("//")) return "/";
  return url.pathname + url.search + url.hash;
}

/** The login page URL that returns to the current page. */
export function loginUrl() {
  const here = window.location.pathname + window.location.search;
  return `/login.html?next=${encodeURIComponent(here)}`;
}
