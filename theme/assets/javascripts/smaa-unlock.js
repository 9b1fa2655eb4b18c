/*
 * smaa encrypted report: the password shell's decryption script (report.privacy: encrypted; site/encrypt.py).
 * Loaded from the site's own assets, not inline, so the served Content-Security-Policy needs no 'unsafe-inline'
 * for scripts (site/hosting.py). It derives the key with WebCrypto (PBKDF2-HMAC-SHA256), decrypts the page held in
 * the shell's <script type="application/json" id="smaa-lock-data"> (AES-256-GCM), writes it over the shell, and
 * keeps the derived key (never the password) in sessionStorage for the next page.
 */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("smaa-lock-data").textContent);
  var form = document.getElementById("smaa-lock");
  var input = document.getElementById("smaa-lock-password");
  var button = form.querySelector("button");
  var error = document.getElementById("smaa-lock-error");
  // one key per build: a page of another build or version asks again
  var slot = "smaa-key:" + data.salt;

  function bytes(text) {
    var raw = atob(text), out = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
    return out;
  }
  function text64(buffer) {
    var view = new Uint8Array(buffer), raw = "";
    for (var i = 0; i < view.length; i++) raw += String.fromCharCode(view[i]);
    return btoa(raw);
  }
  function ask(message) {
    form.hidden = false;
    button.disabled = false;
    error.textContent = message || "";
    input.focus();
    if (message) input.select();
  }
  function decrypt(key) {
    return crypto.subtle.decrypt({ name: "AES-GCM", iv: bytes(data.iv) }, key, bytes(data.ciphertext));
  }
  function show(plain) {
    var page = new TextDecoder().decode(plain);
    // document.open() while this shell is still loading would append instead of replacing: wait for load
    function write() {
      document.open();
      document.write(page);
      document.close();
    }
    if (document.readyState === "complete") write();
    else window.addEventListener("load", function () { setTimeout(write, 0); }, { once: true });
  }
  function derive(password) {
    var secret = new TextEncoder().encode(password.normalize("NFC"));
    return crypto.subtle.importKey("raw", secret, "PBKDF2", false, ["deriveKey"]).then(function (base) {
      return crypto.subtle.deriveKey(
        { name: "PBKDF2", hash: "SHA-256", salt: bytes(data.salt), iterations: data.iterations },
        base, { name: "AES-GCM", length: 256 }, true, ["decrypt"]);
    });
  }
  function remember(key) {
    return crypto.subtle.exportKey("raw", key).then(function (raw) {
      try { sessionStorage.setItem(slot, text64(raw)); } catch (e) { /* private mode: ask on every page */ }
    });
  }
  function stored() {
    try { return sessionStorage.getItem(slot); } catch (e) { return null; }
  }

  // the shell's messages in the report's language (site/encrypt.py puts them in the payload)
  var words = data.words || {};
  if (!window.crypto || !crypto.subtle) {
    input.disabled = true;
    button.disabled = true;
    error.textContent = words.https || "This browser cannot decrypt the report at this address: open it over https.";
    return;
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    button.disabled = true;
    error.textContent = words.opening || "Opening\u2026";
    derive(input.value).then(function (key) {
      return decrypt(key).then(function (plain) {
        return remember(key).then(function () { show(plain); });
      });
    }).catch(function () { ask(words.wrong || "Wrong password."); });
  });
  var saved = stored();
  if (saved) {
    form.hidden = true;
    crypto.subtle.importKey("raw", bytes(saved), "AES-GCM", false, ["decrypt"]).then(decrypt).then(show)
      .catch(function () {
        try { sessionStorage.removeItem(slot); } catch (e) { /* nothing stored */ }
        ask();
      });
  }
})();
