// @ts-check
// The one fetch wrapper and every DREAD API call the pages make (paths from API.md).
// The access token lives only in this module's memory; the refresh token is an HttpOnly
// cookie scoped to /api/auth that POST /api/auth/refresh rotates.
// Modules import each other by relative path, so all load under the one /js/<hash>/ the page
// names (make pages): one instance of this module, and of its token, per page.

const REFRESH_LOCK = "dread-auth-refresh";
const listeners = new Set();
const state = { token: null, user: null, expiresAt: 0, refreshing: null, timer: null };

/** An API failure carrying the problem+json fields (detail, errors) and the status. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {{title?: string, detail?: string, errors?: Record<string, any>, type?: string}} [problem]
   */
  constructor(status, { title, detail, errors, type } = {}) {
    super(detail || title || `Request failed (${status}).`);
    this.name = "ApiError";
    this.status = status;
    this.title = title || "";
    this.detail = this.message;
    this.errors = errors && typeof errors === "object" ? errors : {};
    this.type = type || "";
  }
}

/** The signed-in user, or null. */
export function currentUser() {
  return state.user;
}

/** Call `listener(user)` whenever the session changes (login, refresh, logout). */
export function onSessionChange(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

// A hint (never a credential) that this browser holds a refresh cookie: without it a page load
// skips POST /refresh, whose expected 401 for visitors would show as a red console error.
const SIGNED_IN_HINT = "dread.signed_in";

/** False when this browser surely holds no session (never signed in here, or signed out). */
export function mayHaveSession() {
  try {
    return window.localStorage.getItem(SIGNED_IN_HINT) === "1";
  } catch {
    return true; // storage blocked: ask the server
  }
}

function hint(signedIn) {
  try {
    if (signedIn) window.localStorage.setItem(SIGNED_IN_HINT, "1");
    else window.localStorage.removeItem(SIGNED_IN_HINT);
  } catch {
    // storage blocked: every load asks the server
  }
}

/** Change fields of the signed-in user here (e.g. a new display name) and tell the listeners. */
export function updateCurrentUser(fields) {
  if (!state.user) return;
  state.user = { ...state.user, ...fields };
  for (const listener of listeners) listener(state.user);
}

function setSession(body) {
  clearTimeout(state.timer);
  hint(!!body);
  state.token = body ? body.access_token : null;
  state.user = body ? body.user : null;
  if (body) {
    const lifetime = Math.max(30, Number(body.expires_in) || 900);
    state.expiresAt = Date.now() + lifetime * 1000;
    // Refresh a minute before expiry so long player sessions keep a valid token.
    state.timer = setTimeout(() => refreshSession().catch(() => {}), (lifetime - 60) * 1000);
  }
  for (const listener of listeners) listener(state.user);
}

function buildUrl(path, query) {
  const url = new URL(path, window.location.origin);
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") url.searchParams.set(name, value);
  }
  return url.pathname + url.search;
}

async function problemFrom(response) {
  const type = response.headers.get("Content-Type") || "";
  let body = {};
  if (type.includes("json")) body = await response.json().catch(() => ({}));
  if (!body.detail && response.status === 429) body.detail = "Too many attempts; wait a moment.";
  if (!body.detail && response.status >= 500) {
    body.detail = "DREAD is not answering right now; try again shortly.";
  }
  return new ApiError(response.status, body);
}

async function send(method, path, options) {
  const headers = { Accept: "application/json, application/problem+json", ...options.headers };
  // no-cache: answers the services mark cacheable (e.g. course access) are revalidated, so a
  // page never shows what the user just changed (enrolled, edited) from a stale copy.
  /** @type {RequestInit} */
  const init = { method, headers, credentials: "same-origin", keepalive: !!options.keepalive, cache: "no-cache" };
  if (options.body !== undefined) {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(options.body);
  }
  if (state.token && options.auth !== false) headers.Authorization = `Bearer ${state.token}`;
  try {
    return await fetch(buildUrl(path, options.query), init);
  } catch {
    throw new ApiError(0, { detail: "Could not reach DREAD. Check your connection and retry." });
  }
}

/** One API request: JSON in and out, one refresh-and-retry on 401, problem+json → ApiError. */
export async function request(method, path, options = {}) {
  let response = await send(method, path, options);
  if (response.status === 401 && options.retry !== false && state.token) {
    if (await refreshSession()) response = await send(method, path, options);
    else throw new ApiError(401, { detail: "Your session has ended. Log in again to continue." });
  }
  if (!response.ok) throw await problemFrom(response);
  if (response.status === 204) return null;
  if (options.blob) return response.blob(); // downloads (the account export zip)
  const type = response.headers.get("Content-Type") || "";
  return type.includes("json") ? response.json() : null;
}

async function postRefresh() {
  // keepalive: a navigation must not cancel a rotation the server already performed.
  const response = await fetch("/api/auth/refresh", {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "X-Requested-With": "XMLHttpRequest", Accept: "application/json" },
  });
  if (!response.ok) return null;
  return response.json();
}

/** Trade the refresh cookie for a new access token; resolves to the user or null. */
export function refreshSession() {
  if (!state.refreshing) {
    // One refresh at a time, across tabs too: a spent refresh token revokes its family.
    const run = () => postRefresh().catch(() => null);
    const locked = navigator.locks ? navigator.locks.request(REFRESH_LOCK, run) : run();
    state.refreshing = locked.then((body) => {
      state.refreshing = null;
      setSession(body);
      return state.user;
    });
  }
  return state.refreshing;
}

/** Sign in; resolves to the user. */
export async function login(email, password) {
  const body = await request("POST", "/api/auth/login", {
    body: { email, password },
    retry: false,
    auth: false,
  });
  setSession(body);
  return body.user;
}

/** Sign out here and on the server (revokes the refresh token, clears the cookie). */
export async function logout() {
  try {
    await request("POST", "/api/auth/logout", {
      headers: { "X-Requested-With": "XMLHttpRequest" },
      retry: false,
    });
  } finally {
    setSession(null);
  }
}

const enc = encodeURIComponent;
const get = (path, query) => request("GET", path, { query });
const withBody = (method) => (path, body, extra) => request(method, path, { body, ...extra });
const post = withBody("POST");
const put = withBody("PUT");
const patch = withBody("PATCH");
const del = (path) => request("DELETE", path);

/** Resolve to null instead of failing when the resource is absent (404). */
export async function orNull(promise) {
  try {
    return await promise;
  } catch (error) {
    if (error.status === 404) return null;
    throw error;
  }
}

export const auth = {
  register: (body) => post("/api/auth/register", body, { retry: false, auth: false }),
  me: () => get("/api/auth/me"),
  changePassword: (body) => post("/api/auth/password", body),
  users: (cursor, limit = 20) => get("/api/auth/users", { cursor, limit }),
  setRole: (userId, role) => patch(`/api/auth/users/${enc(userId)}`, { role }),
};

export const profiles = {
  me: () => get("/api/profiles/me"),
  update: (body) => patch("/api/profiles/me", body),
  avatarUpload: (file) => post("/api/profiles/me/avatar", { content_type: file.type, size_bytes: file.size }),
  // After the browser's POST to S3: the service checks the object and makes it the avatar.
  avatarComplete: (path = "/api/profiles/me/avatar/complete") => post(path),
  removeAvatar: () => del("/api/profiles/me/avatar"),
  get: (userId) => get(`/api/profiles/${enc(userId)}`),
};

export const courses = {
  /** @param {{q?: string, category?: string, level?: string, sort?: string, cursor?: string | null, limit?: number}} [query] */
  list: ({ q, category, level, sort, cursor, limit = 12 } = {}) => get("/api/courses", { q, category, level, sort, cursor, limit }),
  suggest: (q) => get("/api/courses/suggest", { q }),
  instructor: (userId) => get(`/api/courses/instructors/${enc(userId)}`),
  get: (id) => get(`/api/courses/${enc(id)}`),
  access: (id) => get(`/api/courses/${enc(id)}/access`),
  create: (body) => post("/api/courses", body),
  update: (id, body, version) =>
    patch(`/api/courses/${enc(id)}`, body, {
      headers: version === undefined ? {} : { "If-Match": String(version) },
    }),
  remove: (id) => del(`/api/courses/${enc(id)}`),
  enrol: (id) => put(`/api/courses/${enc(id)}/enrollment`),
  unenrol: (id) => del(`/api/courses/${enc(id)}/enrollment`),
  enrollment: (id) => get(`/api/courses/${enc(id)}/enrollment`),
  enrolled: (cursor, limit = 20) => get("/api/courses/enrolled", { cursor, limit }),
  mine: (cursor, limit = 20) => get("/api/courses/mine", { cursor, limit }),
  recommended: (limit = 6) => get("/api/courses/recommended", { limit }),
};

export const videos = {
  create: (body) => post("/api/videos", body),
  complete: (id, parts) => post(`/api/videos/${enc(id)}/upload/complete`, parts ? { parts } : {}),
  uploadState: (id) => get(`/api/videos/${enc(id)}/upload`),
  // Tells the service a part is done, for stores that cannot list parts (resume needs it).
  reportPart: (id, number, etag) => put(`/api/videos/${enc(id)}/upload/parts/${number}`, { etag }),
  list: (courseId) => get("/api/videos", { course_id: courseId }),
  lookup: (ids) => get("/api/videos/lookup", { ids: ids.join(",") }),
  get: (id) => get(`/api/videos/${enc(id)}`),
  update: (id, body) => patch(`/api/videos/${enc(id)}`, body),
  remove: (id) => del(`/api/videos/${enc(id)}`),
  stream: (id) => get(`/api/videos/${enc(id)}/stream`),
  captionUpload: (id, body) => post(`/api/videos/${enc(id)}/captions`, body),
  completeCaption: (id, language) => post(`/api/videos/${enc(id)}/captions/${enc(language)}/complete`, {}),
  captions: (id) => get(`/api/videos/${enc(id)}/captions`),
  deleteCaption: (id, language) => del(`/api/videos/${enc(id)}/captions/${enc(language)}`),
  transcript: (id, language) => get(`/api/videos/${enc(id)}/transcript`, language ? { language } : {}),
  search: (courseId, q, limit = 20) => get("/api/videos/search", { course_id: courseId, q, limit }),
};

export const watchlist = {
  list: (cursor, limit = 20) => get("/api/watchlist", { cursor, limit }),
  has: (videoId) => get(`/api/watchlist/${enc(videoId)}`),
  add: (videoId) => put(`/api/watchlist/${enc(videoId)}`),
  remove: (videoId) => del(`/api/watchlist/${enc(videoId)}`),
};

export const progress = {
  video: (videoId) => get(`/api/progress/videos/${enc(videoId)}`),
  // keepalive so the last heartbeat survives closing the tab (sendBeacon cannot send a token).
  heartbeat: (videoId, body, keepalive = false) => put(`/api/progress/videos/${enc(videoId)}`, body, { keepalive }),
  course: (courseId) => get(`/api/progress/courses/${enc(courseId)}`),
  recent: (limit = 6) => get("/api/progress/recent", { limit }),
};

/** Instructor analytics (course owners and admins); the roster also as CSV text. */
export const analytics = {
  video: (videoId) => get(`/api/progress/videos/${enc(videoId)}/analytics`),
  course: (courseId) => get(`/api/progress/courses/${enc(courseId)}/analytics`),
  learners: (courseId, cursor, limit = 100) => get(`/api/progress/courses/${enc(courseId)}/learners`, { cursor, limit }),
  async learnersCsv(courseId) {
    const path = `/api/progress/courses/${enc(courseId)}/learners`;
    const options = { query: { format: "csv" }, headers: { Accept: "text/csv, application/problem+json" } };
    let response = await send("GET", path, options);
    if (response.status === 401 && state.token && (await refreshSession())) response = await send("GET", path, options);
    if (!response.ok) throw await problemFrom(response);
    return response.text();
  },
};

export const forum = {
  threads: (courseId, cursor, limit = 20) => get(`/api/forum/courses/${enc(courseId)}/threads`, { cursor, limit }),
  createThread: (courseId, body) => post(`/api/forum/courses/${enc(courseId)}/threads`, body),
  thread: (id) => get(`/api/forum/threads/${enc(id)}`),
  updateThread: (id, body) => patch(`/api/forum/threads/${enc(id)}`, body),
  deleteThread: (id) => del(`/api/forum/threads/${enc(id)}`),
  replies: (threadId, cursor, limit = 50) => get(`/api/forum/threads/${enc(threadId)}/replies`, { cursor, limit }),
  reply: (threadId, body) => post(`/api/forum/threads/${enc(threadId)}/replies`, { body }),
  updateReply: (id, body) => patch(`/api/forum/replies/${enc(id)}`, { body }),
  deleteReply: (id) => del(`/api/forum/replies/${enc(id)}`),
  flag: (kind, id, reason) => post(`/api/forum/${kind}/${enc(id)}/flags`, { reason }),
  flags: (courseId, cursor, limit = 20) => get(`/api/forum/courses/${enc(courseId)}/flags`, { cursor, limit }),
};
