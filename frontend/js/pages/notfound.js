// @ts-check
// The 404 page: only the navigation is dynamic.
import { startPage } from "../infrastructure/page.js";

startPage({}, async () => {});
