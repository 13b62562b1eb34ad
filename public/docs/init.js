// Starts Swagger UI on /openapi.json. A file of its own, not an inline script: the CSP allows
// scripts from this origin only.
/* global SwaggerUIBundle */
window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  // No badge fetched from validator.swagger.io: the page makes no request to another origin.
  validatorUrl: null,
  persistAuthorization: false,
});
