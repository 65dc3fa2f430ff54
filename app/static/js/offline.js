/* Bru offline: keep a course on this phone, write where the network is gone, forget it all
 * on signing out. Every page works without this file; without it nothing is kept.
 *
 * - "Keep for offline use" (course page) fetches the list the server makes of the course's
 *   pages, each with a hash, and stores them in the Cache Storage "bru-course:<slug>"; on a
 *   later visit online, only the pages whose hash changed are fetched again. sw.js answers
 *   from there when the network is gone.
 * - Offline, an exercise answer, a step marked done and a journal entry (new or edited) are
 *   put in a queue (IndexedDB) with an id made here; back online they are sent once each,
 *   with that id (X-Bru-Write-Id: the server stores a write sent twice once) and through the
 *   same forms as online, so the journal's conflict handling keeps both texts.
 * - The server stays the authority: no grading here, feedback comes from it once sent.
 * - Signing out empties the caches, the queue and the journal's local copies.
 * No inline script anywhere (CSP): the page's words come in data attributes.
 */
(function () {
  "use strict";

  var status = document.getElementById("offline-status");
  if (!status || !("serviceWorker" in navigator) || !window.indexedDB || !window.caches) return;

  var COURSE_CACHE = "bru-course:";
  var DB_NAME = "bru-offline";
  var QUEUED_WRITES = [
    /^\/courses\/[^/]+\/[^/]+\/[^/]+\/(answer|done)$/,
    /^\/journal\/new$/,
    /^\/journal\/\d+\/edit$/,
  ];
  var user = status.getAttribute("data-user"); // set for learners only: others keep nothing
  var database = null;

  function message(name, values) {
    var text = status.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.split("{" + key + "}").join(values[key]);
    });
    return text;
  }

  function say(text, link) {
    status.textContent = text;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = link.text;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(anchor);
    }
    status.hidden = !text;
  }

  // IndexedDB ----------------------------------------------------------------

  function openDatabase() {
    if (database) return Promise.resolve(database);
    return new Promise(function (resolve, reject) {
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("writes", { keyPath: "id" });
        request.result.createObjectStore("kept", { keyPath: "course" });
      };
      request.onsuccess = function () {
        database = request.result;
        database.onversionchange = function () { database.close(); database = null; };
        resolve(database);
      };
      request.onerror = function () { reject(request.error); };
    });
  }

  function store(name, mode, work) {
    return openDatabase().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, mode);
        var request = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(request && request.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function all(name) {
    return store(name, "readonly", function (s) { return s.getAll(); });
  }

  function waiting() {
    return all("writes").then(function (writes) {
      return writes
        .filter(function (w) { return w.user === user; })
        .sort(function (a, b) { return a.at - b.at; });
    });
  }

  function newId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
  }

  // The indicator ------------------------------------------------------------

  function showWaiting() {
    if (!user) return Promise.resolve();
    return waiting().then(function (writes) {
      var n = writes.length;
      if (!navigator.onLine) {
        say(n ? message(n === 1 ? "waiting-one" : "waiting-other", { n: n }) : message("offline"));
      } else if (n) {
        say(message(n === 1 ? "sending-one" : "sending-other", { n: n }));
      }
      document.documentElement.classList.toggle("is-offline", !navigator.onLine);
    });
  }

  // Writing offline ----------------------------------------------------------

  function actionOf(form, submitter) {
    var action = (submitter && submitter.getAttribute("formaction")) || form.getAttribute("action");
    return new URL(action || window.location.href, window.location.href);
  }

  function isQueued(path) {
    return QUEUED_WRITES.some(function (pattern) { return pattern.test(path); });
  }

  function afterQueued(write, form) {
    if (/\/done$/.test(write.url)) {
      // On to the next kept step, as the server would have sent the learner.
      var next = document.querySelector("[data-offline-next]");
      if (next) window.location.href = next.getAttribute("data-offline-next");
      return;
    }
    var line = form.querySelector("[data-save-status]") || document.getElementById("draft-status");
    if (line) {
      line.textContent = message(/answer$/.test(write.url) ? "answer-queued" : "journal-queued");
      line.hidden = false;
    }
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!user || navigator.onLine || !form || (form.method || "").toLowerCase() !== "post") return;
      var action = actionOf(form, event.submitter);
      if (action.origin !== window.location.origin || !isQueued(action.pathname)) return;
      // Before htmx or the browser send it: the queue keeps it until the network is back.
      event.preventDefault();
      event.stopPropagation();
      var submitter = event.submitter && event.submitter.form === form ? event.submitter : null;
      var write = {
        id: newId(),
        user: user,
        url: action.pathname,
        body: new URLSearchParams(new FormData(form, submitter)).toString(),
        page: window.location.pathname,
        scope: form.getAttribute("data-scope") || "",
        at: Date.now(),
      };
      store("writes", "readwrite", function (s) { return s.put(write); })
        .then(function () { afterQueued(write, form); })
        .then(showWaiting);
    },
    true
  );

  function freshToken() {
    return fetch("/session/csrf-token", { credentials: "same-origin", cache: "no-store" }).then(
      function (response) {
        return response.json().then(function (data) {
          if (!response.ok || String(data.user) !== user) throw new Error("not signed in");
          return data.csrf_token;
        });
      }
    );
  }

  // The journal's local copy of a text the server now has (journal.js keeps one per window).
  function forgetJournalCopy(write) {
    var draftKey = new URLSearchParams(write.body).get("draft_key");
    var prefix = "bru-journal:" + write.scope;
    try {
      Object.keys(window.localStorage).forEach(function (name) {
        if (name !== prefix && name.indexOf(prefix + ":") !== 0) return;
        var copy = JSON.parse(window.localStorage.getItem(name) || "null");
        if (copy && copy.key === draftKey) window.localStorage.removeItem(name);
      });
    } catch (e) {
      /* no storage: nothing kept */
    }
  }

  // Sent and answered: 2xx (saved), 409 (a conflict, both texts kept; or answered before),
  // other 4xx (refused). Not answered yet: the network, a server error, a closed session.
  function send(write, token) {
    var body = new URLSearchParams(write.body);
    body.set("csrf_token", token);
    return fetch(write.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Bru-Write-Id": write.id },
    }).then(function (response) {
      var landed = new URL(response.url || write.url, window.location.href).pathname;
      if (response.status >= 500 || response.status === 401 || response.status === 429 || landed === "/sign-in") {
        throw new Error("not yet");
      }
      if (write.scope) forgetJournalCopy(write);
      return store("writes", "readwrite", function (s) { return s.delete(write.id); }).then(
        function () {
          return { write: write, status: response.status, landed: landed };
        }
      );
    });
  }

  var flushing = null;
  var retries = 0;
  var retryTimer = null;

  function flush() {
    if (!user || flushing || !navigator.onLine) return flushing || Promise.resolve();
    flushing = waiting()
      .then(function (writes) {
        if (!writes.length) return null;
        return freshToken().then(function (token) {
          var results = [];
          return writes
            .reduce(function (done, write) {
              return done.then(function () {
                return send(write, token).then(function (result) { results.push(result); });
              });
            }, Promise.resolve())
            .then(function () { return results; });
        });
      })
      .then(function (results) {
        retries = 0;
        if (results) settled(results);
      })
      .catch(function () {
        // A network that comes and goes (or a server away): again soon, waiting longer each time.
        window.clearTimeout(retryTimer);
        retryTimer = window.setTimeout(flush, Math.min(60000, 1000 * Math.pow(2, retries)));
        retries += 1;
      })
      .then(function () {
        flushing = null;
        return showWaiting();
      });
    return flushing;
  }

  // What the server said, where the learner is: its feedback, the saved entry, a conflict.
  function settled(results) {
    var conflict = results.filter(function (r) { return r.status === 409 && /\/edit$/.test(r.write.url); })[0];
    var refused = results.filter(function (r) { return r.status >= 400 && r.status !== 409; })[0];
    if (conflict) {
      say(message("conflict"), { href: conflict.write.url, text: message("conflict-link") });
    } else if (refused) {
      say(message("refused"), { href: refused.write.page, text: message("refused-link") });
    } else {
      say(message("saved"));
    }
    var here = results.filter(function (r) { return r.write.page === window.location.pathname; }).pop();
    if (!here || conflict || refused) return;
    if (/^\/journal\//.test(here.write.url)) {
      window.location.href = here.landed; // the saved entry
    } else if (/answer$/.test(here.write.url)) {
      window.location.reload(); // the server's feedback on it
    }
  }

  window.addEventListener("online", flush);
  window.addEventListener("offline", showWaiting);

  // Keeping a course ---------------------------------------------------------

  function keptRecord(course) {
    return store("kept", "readonly", function (s) { return s.get(course); });
  }

  function copyOf(response) {
    // Stored as a plain answer: a redirected one cannot answer a navigation.
    var headers = { "Content-Type": response.headers.get("Content-Type") || "text/html" };
    return response.blob().then(function (body) {
      return new Response(body, { status: response.status, headers: headers });
    });
  }

  // Fetch what changed since `previous` (all of it the first time), drop what went away.
  function keep(manifestUrl, previous, progress) {
    return fetch(manifestUrl, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("not kept");
        return response.json();
      })
      .then(function (manifest) {
        if (previous && previous.version === manifest.version) return previous;
        var had = {};
        (previous ? previous.pages : []).forEach(function (p) { had[p.url] = p.hash; });
        var todo = manifest.pages.filter(function (p) { return had[p.url] !== p.hash; });
        var done = 0;
        return caches.open(COURSE_CACHE + manifest.course).then(function (cache) {
          return todo
            .reduce(function (chain, page) {
              return chain.then(function () {
                return fetch(page.url, {
                  credentials: "same-origin",
                  headers: { "X-Bru-Purpose": "keep" },
                })
                  .then(function (response) {
                    if (!response.ok) throw new Error("not kept: " + page.url);
                    return copyOf(response);
                  })
                  .then(function (copy) {
                    done += 1;
                    if (progress) progress(done, todo.length);
                    return cache.put(page.url, copy);
                  });
              });
            }, Promise.resolve())
            .then(function () { return cache.keys(); })
            .then(function (requests) {
              var wanted = {};
              manifest.pages.forEach(function (p) { wanted[new URL(p.url, window.location.href).href] = true; });
              return Promise.all(
                requests
                  .filter(function (r) { return !wanted[r.url]; })
                  .map(function (r) { return cache.delete(r); })
              );
            })
            .then(function () {
              var record = { course: manifest.course, manifestUrl: manifestUrl, keptAt: Date.now() };
              Object.keys(manifest).forEach(function (k) { record[k] = manifest[k]; });
              record.course = manifest.course;
              return store("kept", "readwrite", function (s) { return s.put(record); }).then(
                function () { return record; }
              );
            });
        });
      });
  }

  function forget(course) {
    return caches.delete(COURSE_CACHE + course).then(function () {
      return store("kept", "readwrite", function (s) { return s.delete(course); });
    });
  }

  function setUpKeeping(section) {
    var course = section.getAttribute("data-course");
    var manifestUrl = section.getAttribute("data-offline-keep");
    var keepButton = section.querySelector("[data-keep]");
    var forgetButton = section.querySelector("[data-forget]");
    var line = section.querySelector("[data-keep-status]");
    function show(record) {
      keepButton.hidden = Boolean(record);
      forgetButton.hidden = !record;
      line.textContent = record ? section.getAttribute("data-msg-kept") : "";
    }
    section.hidden = false;
    keepButton.addEventListener("click", function () {
      keepButton.disabled = true;
      keep(manifestUrl, null, function (done, total) {
        line.textContent = section.getAttribute("data-msg-keeping")
          .replace("{done}", done).replace("{total}", total);
      })
        .then(show)
        .catch(function () {
          line.textContent = section.getAttribute("data-msg-failed");
        })
        .then(function () { keepButton.disabled = false; });
    });
    forgetButton.addEventListener("click", function () {
      forget(course).then(function () {
        show(null);
        line.textContent = section.getAttribute("data-msg-forgotten");
      });
    });
    keptRecord(course).then(show);
  }

  // A kept course visited online: its copy follows the course file (only what changed).
  function refreshKept() {
    var match = /^\/courses\/([^/]+)/.exec(window.location.pathname);
    if (!match || !navigator.onLine) return Promise.resolve();
    return keptRecord(decodeURIComponent(match[1])).then(function (record) {
      if (record) return keep(record.manifestUrl, record).catch(function () { /* next visit */ });
    });
  }

  // The offline page names the courses kept here.
  function listKept(list) {
    all("kept").then(function (records) {
      records
        .filter(function (r) { return String(r.user) === user; })
        .forEach(function (record) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = record.url;
          link.textContent = record.title;
          item.appendChild(link);
          list.appendChild(item);
        });
      var none = document.querySelector("[data-none-kept]");
      if (none) none.hidden = list.children.length > 0;
    });
  }

  // Signing out on a shared phone ---------------------------------------------

  function forgetEverything() {
    if (database) { database.close(); database = null; }
    var worker = navigator.serviceWorker.controller;
    if (worker) worker.postMessage({ type: "bru:forget-everything" });
    // The journal's copies the server has; one it has not is words not to lose (journal.js
    // shows a copy only to the editor of its own draft, so never to the next person).
    try {
      Object.keys(window.localStorage).forEach(function (name) {
        if (name.indexOf("bru-") !== 0) return;
        var copy = null;
        try { copy = JSON.parse(window.localStorage.getItem(name)); } catch (e) { copy = null; }
        if (!copy || copy.synced !== false) window.localStorage.removeItem(name);
      });
    } catch (e) {
      /* no storage */
    }
    navigator.serviceWorker.getRegistrations().then(function (registrations) {
      registrations.forEach(function (registration) { registration.unregister(); });
    });
    return caches
      .keys()
      .then(function (names) { return Promise.all(names.map(function (n) { return caches.delete(n); })); })
      .then(function () {
        return new Promise(function (resolve) {
          var request = window.indexedDB.deleteDatabase(DB_NAME);
          request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
        });
      });
  }

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form || !form.action || form.dataset.forgotten) return;
      if (!/\/sign-out$/.test(actionOf(form, null).pathname)) return;
      event.preventDefault();
      event.stopPropagation();
      flush()
        .then(forgetEverything)
        .then(function () {
          form.dataset.forgotten = "yes";
          form.submit();
        });
    },
    true
  );

  // Start ---------------------------------------------------------------------

  if (user) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () { /* none */ });
    var section = document.querySelector("[data-offline-keep]");
    if (section) setUpKeeping(section);
    var list = document.querySelector("[data-kept-list]");
    if (list) listKept(list);
    showWaiting().then(flush).then(refreshKept);
  }
})();
