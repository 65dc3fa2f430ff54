/* Bru journal editor: never lose a word.
 *
 * The editor's fields autosave with htmx (hx-post to the drafts URL). This script adds what
 * htmx does not: a copy of the text in localStorage at every keystroke (kept until the server
 * has it), a status line ("Saving…" while a save is on its way, "Saved", "Could not save —
 * retrying"), retries with backoff after a network error, a timeout, a server error or a
 * signed-out 401, a fresh CSRF token after signing in again in another tab (so saving goes
 * on without a reload), and, when the page opens, the local copy restored if it is newer
 * than what the server sent (with a notice and a way back).
 *
 * Each window (browser tab) keeps its own copy, and sends the draft revision it last saw:
 * when another window changed the draft meanwhile, the server keeps this window's text as a
 * draft of its own and names it (bru:draftSaved), and the hidden fields and the address
 * follow it.
 * No inline script anywhere (CSP): all of it is here, wired by data attributes.
 */
(function () {
  "use strict";

  var PREFIX = "bru-journal:";
  var MAX_DELAY = 60000;

  function storage() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; // private mode or disabled: the server draft still saves
    }
  }

  function readCopy(store, key) {
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function writeCopy(store, key, copy) {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify(copy));
    } catch (e) {
      /* storage full: the server draft is the copy */
    }
  }

  // This window's name, kept by the tab across reloads (sessionStorage is per tab).
  function windowName() {
    try {
      var name = window.sessionStorage.getItem(PREFIX + "window");
      if (!name) {
        name = Math.random().toString(36).slice(2) + Date.now().toString(36);
        window.sessionStorage.setItem(PREFIX + "window", name);
      }
      return name;
    } catch (e) {
      return "window";
    }
  }

  // The copies of one editor scope: one per window, and one from before copies were per window.
  function copiesOf(store, scope) {
    var found = [];
    if (!store) return found;
    for (var i = 0; i < store.length; i++) {
      var name = store.key(i);
      if (name === PREFIX + scope || name.indexOf(PREFIX + scope + ":") === 0) {
        found.push({ name: name, copy: readCopy(store, name) });
      }
    }
    return found;
  }

  // After a save, the entry page names the editor that was saved: its copies are done.
  function clearSavedCopy(store) {
    var marker = document.querySelector("[data-journal-saved-scope]");
    if (!marker || !store) return;
    var savedKey = marker.getAttribute("data-journal-saved-key");
    copiesOf(store, marker.getAttribute("data-journal-saved-scope")).forEach(function (found) {
      if (found.copy && found.copy.key === savedKey) store.removeItem(found.name);
    });
  }

  function setupEditor(form, store) {
    var title = form.elements.namedItem("title");
    var body = form.elements.namedItem("body");
    var status = document.getElementById("draft-status");
    var notice = document.getElementById("journal-local-notice");
    var scope = form.getAttribute("data-scope");
    var retries = 0;
    var retryTimer = null;
    var submitting = false;
    var sent = null;
    var signedOut = false;

    function field(name) {
      return form.elements.namedItem(name);
    }

    function draftKey() {
      return field("draft_key") ? field("draft_key").value : "";
    }

    var ownCopy = PREFIX + scope + ":" + windowName();

    function storeKey() {
      return ownCopy;
    }

    // The address names this window's draft, so a reload brings back this window's text.
    function showKeyInAddress() {
      if (!window.history.replaceState || !draftKey()) return;
      var url = new URL(window.location.href);
      if (url.searchParams.get("draft") === draftKey()) return;
      url.searchParams.set("draft", draftKey());
      url.searchParams.delete("fresh");
      window.history.replaceState(window.history.state, "", url.toString());
    }

    function current() {
      return { title: title ? title.value : "", body: body.value };
    }

    function remember(synced) {
      var text = current();
      writeCopy(store, storeKey(), {
        key: draftKey(),
        title: text.title,
        body: text.body,
        at: Date.now(),
        synced: synced,
      });
    }

    function say(message, isError) {
      if (!status) return;
      status.textContent = message;
      status.classList.toggle("error", Boolean(isError));
    }

    function saySignedOut() {
      if (!status) return;
      say(form.getAttribute("data-msg-signed-out"), true);
      var link = document.createElement("a");
      link.href = form.getAttribute("data-sign-in-url");
      link.target = "_blank";
      link.rel = "noopener";
      link.textContent = form.getAttribute("data-msg-sign-in");
      status.appendChild(document.createTextNode(" "));
      status.appendChild(link);
    }

    function retryNow() {
      if (retryTimer) window.clearTimeout(retryTimer);
      retryTimer = null;
      if (!submitting && window.htmx) window.htmx.trigger(body, "bru:retry");
    }

    function retryLater() {
      if (retryTimer || submitting) return;
      var delay = Math.min(MAX_DELAY, 2000 * Math.pow(2, retries));
      retries += 1;
      retryTimer = window.setTimeout(retryNow, delay);
    }

    // The token of this page's session is gone (signed in again elsewhere): take the new
    // session's token, if it is the same person's, and send again.
    function renewToken() {
      if (!window.fetch) return say(form.getAttribute("data-msg-reload"), true);
      window
        .fetch(form.getAttribute("data-csrf-url"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok || String(data.user) !== form.getAttribute("data-user")) {
              throw new Error("signed out");
            }
            document.querySelectorAll("input[name=csrf_token]").forEach(function (input) {
              input.value = data.csrf_token;
            });
            document.body.setAttribute("hx-headers", JSON.stringify({ "X-CSRFToken": data.csrf_token }));
            signedOut = false;
            retryNow();
          });
        })
        .catch(function () {
          signedOut = true;
          saySignedOut();
          retryLater();
        });
    }

    // htmx names the element that sent the request as `elt`, except in beforeSwap (the target).
    function isDraftRequest(event) {
      var detail = event.detail || {};
      var elt = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
      return Boolean(elt && elt.form === form);
    }

    // On opening: a local copy the server never confirmed, and different from the page, wins.
    // (Or, in a window of its own, the newest copy of this draft left by a window that closed
    // before the server had it, which this window now keeps.)
    var copy = readCopy(store, storeKey());
    if (!copy || copy.key !== draftKey()) {
      copy = null;
      copiesOf(store, scope).forEach(function (found) {
        var other = found.copy;
        if (other && other.key === draftKey() && !other.synced && (!copy || other.at > copy.at)) {
          copy = other;
          copy.from = found.name;
        }
      });
      if (copy && store) store.removeItem(copy.from);
    }
    showKeyInAddress();
    var shown = current();
    if (
      copy &&
      !copy.synced &&
      (copy.body || copy.title) &&
      (copy.body !== shown.body || copy.title !== shown.title)
    ) {
      if (title) title.value = copy.title;
      body.value = copy.body;
      remember(false);
      if (notice) notice.hidden = false;
      window.setTimeout(function () {
        if (window.htmx) window.htmx.trigger(body, "bru:retry");
      }, 0);
    }

    if (notice) {
      var useServer = notice.querySelector("[data-journal-use-server]");
      if (useServer) {
        useServer.addEventListener("click", function () {
          if (title) title.value = title.defaultValue;
          body.value = body.defaultValue;
          notice.hidden = true;
          remember(false);
          if (window.htmx) window.htmx.trigger(body, "bru:retry");
          body.focus();
        });
      }
    }

    form.addEventListener("input", function () {
      remember(false);
    });

    form.addEventListener("submit", function () {
      submitting = true;
      remember(false); // until the entry page confirms the save
      if (retryTimer) window.clearTimeout(retryTimer);
    });

    // No autosave once the form is being sent: the save itself carries the text.
    document.body.addEventListener("htmx:confirm", function (event) {
      if (submitting && isDraftRequest(event)) event.preventDefault();
    });

    document.body.addEventListener("htmx:beforeRequest", function (event) {
      if (!isDraftRequest(event)) return;
      sent = current();
      // Until the answer comes: a save on its way, or hanging, is not "Saved".
      if (!signedOut) say(form.getAttribute("data-msg-saving"), false);
    });

    document.body.addEventListener("htmx:beforeSwap", function (event) {
      if (!isDraftRequest(event) || event.detail.xhr.status !== 400) return;
      event.detail.shouldSwap = false; // never an error page in the status line
      if (event.detail.xhr.getResponseHeader("X-Bru-Error") === "csrf") {
        renewToken();
      } else {
        say(form.getAttribute("data-msg-reload"), true);
      }
    });

    // The server stored the draft: go on from its revision, under the key it names.
    document.body.addEventListener("bru:draftSaved", function (event) {
      if (!isDraftRequest(event)) return;
      var saved = event.detail || {};
      if (field("draft_revision")) field("draft_revision").value = saved.revision || "";
      if (saved.key && saved.key !== draftKey()) {
        field("draft_key").value = saved.key;
        remember(false); // this window's copy now belongs to that draft
        showKeyInAddress();
      }
    });

    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      // htmx counts the swapped 4xx answers as successful: only a 2xx means "stored".
      if (!isDraftRequest(event) || !xhr || xhr.status < 200 || xhr.status >= 300) return;
      retries = 0;
      signedOut = false;
      status.classList.remove("error");
      var now = current();
      if (sent && sent.title === now.title && sent.body === now.body) remember(true);
    });

    document.body.addEventListener("htmx:responseError", function (event) {
      if (!isDraftRequest(event)) return;
      if (event.detail.xhr.status === 401) {
        signedOut = true;
        saySignedOut();
      } else {
        say(form.getAttribute("data-msg-retrying"), true);
      }
      retryLater();
    });

    ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
      document.body.addEventListener(name, function (event) {
        if (!isDraftRequest(event)) return;
        say(form.getAttribute("data-msg-retrying"), true);
        retryLater();
      });
    });

    // Back online, or back on this tab (perhaps after signing in again in another one): try
    // at once rather than waiting out the backoff.
    window.addEventListener("online", function () {
      if (retryTimer) retryNow();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && retryTimer) retryNow();
    });

    // Text the server does not have yet: the browser asks before the page is left.
    window.addEventListener("beforeunload", function (event) {
      var saved = readCopy(store, storeKey());
      if (!submitting && saved && !saved.synced) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  }

  function start() {
    var store = storage();
    clearSavedCopy(store);
    var form = document.querySelector("form[data-journal-editor]");
    if (form && form.elements.namedItem("body")) setupEditor(form, store);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
