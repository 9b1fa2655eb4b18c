/* The version selector of a published report (material's, drawn from versions.json) shows each version's round
   and date, and links to "What changed" for the pair: the newer version's changes page, at the section that
   compares it with the older one (#since-<older>). Words come from the script tag (the report's language).
   No inline script and no other host: the served Content-Security-Policy allows neither (site/hosting.py). */
(function () {
  "use strict";
  var me = document.currentScript;
  if (!me || !window.fetch || !window.MutationObserver) return;
  var words = { round: me.dataset.round || "Round {round}", changes: me.dataset.changes || "What changed" };
  var lang = document.documentElement.lang || "en";
  var versionRoot = new URL("../../", me.src);                   // <case>/<version>/
  var current = versionRoot.pathname.split("/").filter(Boolean).pop();
  var caseRoot = new URL("../", versionRoot);

  function longDate(iso) {
    var d = new Date(iso + "T00:00:00Z");
    if (isNaN(d)) return iso;
    return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : lang,
      { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(d);
  }

  function meta(entry) {
    var p = entry.properties || {};
    var parts = [];
    if (p.round !== undefined) parts.push(words.round.replace("{round}", p.round));
    if (p.date) parts.push(longDate(p.date));
    return parts.join(" · ");
  }

  // versions.json is newest first: the pair's newer version holds the comparison
  function changesHref(entries, other) {
    var order = entries.map(function (e) { return e.version; });
    var a = order.indexOf(current), b = order.indexOf(other);
    if (a < 0 || b < 0 || a === b) return null;
    var newer = a < b ? current : other, older = a < b ? other : current;
    return new URL(newer + "/changes.html#since-" + encodeURIComponent(older), caseRoot).href;
  }

  function decorate(list, entries) {
    list.querySelectorAll(".md-version__item").forEach(function (item) {
      if (item.querySelector(".smaa-version__meta")) return;
      var link = item.querySelector(".md-version__link");
      var entry = entries.find(function (e) {
        return link && new URL(link.href, location).pathname.indexOf("/" + e.version + "/") >= 0;
      }) || entries.find(function (e) { return link && link.textContent.trim() === e.title; });
      if (!entry) return;
      var span = document.createElement("span");
      span.className = "smaa-version__meta";
      span.textContent = meta(entry);
      item.appendChild(span);
      var href = changesHref(entries, entry.version);
      if (href) {
        var a = document.createElement("a");
        a.className = "smaa-version__changes";
        a.href = href;
        a.textContent = words.changes;
        item.appendChild(a);
      }
    });
  }

  fetch(new URL("versions.json", caseRoot)).then(function (r) { return r.ok ? r.json() : []; }).then(function (entries) {
    if (!Array.isArray(entries) || !entries.length) return;
    var apply = function () {
      var list = document.querySelector(".md-version__list");
      if (list) decorate(list, entries);
    };
    apply();
    new MutationObserver(apply).observe(document.body, { childList: true, subtree: true });
  }).catch(function () { /* an unversioned preview has no versions.json: nothing to show */ });
})();
