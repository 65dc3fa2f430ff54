// Bru's small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Offer the browser's time zone to forms that ask for it (sign-in, profile).
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
  document.querySelectorAll("input[data-browser-timezone]").forEach(function (input) {
    if (!input.value) { input.value = zone; }
  });
  // A form sent back with errors: focus its summary, which is read out and links to each field.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // An answer that could not reach the server (Bru or the network away, a request that hangs)
  // stays in its form, the page says so, and it is sent again with growing waits.
  var answerTries = new WeakMap();
  function resendAnswer(event) {
    var form = event.detail && event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-retry-message]")) { return; }
    var xhr = event.detail.xhr;
    if (event.type === "htmx:responseError" && xhr && xhr.status < 500) { return; }
    var tries = answerTries.get(form) || 0;
    answerTries.set(form, tries + 1);
    var status = form.querySelector("[data-save-status]");
    if (status) {
      status.textContent = form.getAttribute("data-retry-message");
      status.hidden = false;
    }
    window.setTimeout(function () {
      if (form.isConnected && window.htmx) { window.htmx.trigger(form, "submit"); }
    }, Math.min(60000, 2000 * Math.pow(2, tries)));
  }
  ["htmx:responseError", "htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.body.addEventListener(name, resendAnswer);
  });
  // The language switcher changes language as soon as a language is picked.
  var switcher = document.getElementById("language-switcher");
  if (switcher) {
    switcher.addEventListener("change", function () { switcher.form.requestSubmit(); });
  }
})();
