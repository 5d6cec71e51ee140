// Globals of the vendor scripts the pages load with <script> (Bootstrap, hls.js, Swagger UI);
// they ship no types here, so only their presence is declared. Read by tsc (jsconfig.json).
interface Window {
  bootstrap: any;
  Hls: any;
  SwaggerUIBundle: (options: Record<string, unknown>) => unknown;
}

// A form's fields by name (form.elements.email), which the DOM defines and TypeScript's
// DOM types leave out.
interface HTMLFormControlsCollection {
  [name: string]: any;
}
