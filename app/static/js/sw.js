/* Bru's service worker: answers from the network, and from what the learner kept when the
 * network is gone. It never stores anything by itself: offline.js (in the page) keeps the
 * pages of a course the learner chose, in a cache of that course ("bru-course:<slug>"), from
 * the list the server makes, so no one else's page can ever enter a cache.
 * Hand-written on purpose: see the README's "Offline".
 */
"use strict";

var COURSE_CACHE = "bru-course:";
var OFFLINE_PAGE = "/offline";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function keptCaches() {
  return caches.keys().then(function (names) {
    return names.filter(function (name) { return name.indexOf(COURSE_CACHE) === 0; });
  });
}

// The kept copy of a request, in any kept course (query strings aside: ?again=, ?draft=).
function kept(request) {
  return keptCaches().then(function (names) {
    return names.reduce(function (found, name) {
      return found.then(function (response) {
        if (response) return response;
        return caches.open(name).then(function (cache) {
          return cache.match(request, { ignoreSearch: true });
        });
      });
    }, Promise.resolve(undefined));
  });
}

function fromKept(request, error) {
  return kept(request).then(function (response) {
    if (response) return response;
    if (request.mode !== "navigate") throw error;
    return kept(new Request(OFFLINE_PAGE)).then(function (page) {
      if (page) return page;
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  // Writes go to the server or to the page's queue (offline.js), never to a cache.
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(request).catch(function (error) {
      return fromKept(request, error);
    })
  );
});

// Signing out: every kept course goes (the sign-out answer's Clear-Site-Data does it too).
self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "bru:forget-everything") return;
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }).then(function () {
      if (event.ports[0]) event.ports[0].postMessage("done");
    })
  );
});
