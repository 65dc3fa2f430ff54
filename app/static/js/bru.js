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
  // The language switcher changes language as soon as a language is picked.
  var switcher = document.getElementById("language-switcher");
  if (switcher) {
    switcher.addEventListener("change", function () { switcher.form.requestSubmit(); });
  }
})();
