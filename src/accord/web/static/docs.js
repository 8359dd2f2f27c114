// Starts the vendored Swagger UI on /docs; a file of its own, since the page's Content-Security-Policy allows no inline script.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout" });
