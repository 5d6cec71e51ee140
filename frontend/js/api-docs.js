// @ts-check
// Starts Swagger UI for the service whose docs page loaded this script (no inline scripts).
window.SwaggerUIBundle({
  url: document.body.dataset.specUrl,
  dom_id: "#swagger-ui",
});
