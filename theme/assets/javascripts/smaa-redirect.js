/*
 * smaa alias pages (latest/<page>.html, written by smaa publish): send the reader on to the same page of the
 * version the alias points to, keeping the query and the #fragment, which the page's meta refresh would drop.
 * A file, not an inline script, so the served Content-Security-Policy needs no 'unsafe-inline' (site/hosting.py).
 * The target is the page's canonical link.
 */
(function () {
  "use strict";
  var link = document.querySelector('link[rel="canonical"]');
  if (link) window.location.replace(link.getAttribute("href") + window.location.search + window.location.hash);
})();
