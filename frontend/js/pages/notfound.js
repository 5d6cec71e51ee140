// The 404 page: only the navigation is dynamic.
import { startPage } from "../page.js";

startPage({}, async () => {});
