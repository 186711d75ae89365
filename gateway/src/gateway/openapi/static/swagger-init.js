// Starts Swagger UI on the platform's document. It is a file of its own, not an inline
// script, so that the page runs under a Content-Security-Policy of script-src 'self'.
window.addEventListener("load", function () {
  "use strict";
  var ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    displayRequestDuration: true,
    // The default sends the document to an online validator: nothing may leave the machine.
    validatorUrl: "none",
    oauth2RedirectUrl: window.location.origin + "/docs/static/oauth2-redirect.html",
  });
  // "Authorize" runs the OAuth2 password grant (or client credentials) against /auth/token.
  ui.initOAuth({ appName: "Peelian API" });
  window.ui = ui;
});
