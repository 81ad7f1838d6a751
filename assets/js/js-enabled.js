// Loaded as the first thing in <body>, so styles for scripted components apply
// before the page paints. An external file, because the CSP allows no inline script.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
