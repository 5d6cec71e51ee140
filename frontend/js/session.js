// The browser session: restored from the refresh cookie on every page load.
import { currentUser, login, logout, refreshSession } from "./api.js?v=2";

let restored = null;

/** Restore the session once per page (POST /api/auth/refresh); resolves to the user or null. */
export function restoreSession() {
  restored = restored || refreshSession();
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

/** A same-origin path to go back to after logging in (never another site). */
export function safeNext(next) {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}

/** The login page URL that returns to the current page. */
export function loginUrl() {
  const here = window.location.pathname + window.location.search;
  return `/login.html?next=${encodeURIComponent(here)}`;
}
