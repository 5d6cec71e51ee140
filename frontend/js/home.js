// Shows whether every service behind NGINX answers its readiness check.
const areas = ["auth", "profiles", "courses", "videos", "watchlist", "progress", "forum"];

async function checkPlatform() {
  const status = document.getElementById("status");
  const results = await Promise.all(
    areas.map(async (area) => {
      try {
        const response = await fetch(`/api/${area}/readyz`);
        return response.ok;
      } catch {
        return false;
      }
    }),
  );
  const ready = results.filter(Boolean).length;
  status.textContent = `${ready} of ${areas.length} services ready.`;
}

checkPlatform();
