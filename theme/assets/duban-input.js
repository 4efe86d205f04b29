/* Search that fits Chinese input, and Material's toggles on a page restored from history.
 *
 * 1. Material reads the search box on keyup. Text committed by an input method (拼音, 五笔,
 *    handwriting, voice) arrives as an `input` event with no key release, so results waited for
 *    a further key press; each `input` now counts as one.
 * 2. Material's search worker is wrapped (javascripts/workers/duban-search.js, beside Material's
 *    own, which finds its language files relative to itself): pages containing every word of a
 *    multi-word query come first, and result titles carry no zero-width separators.
 * 3. The drawer and search toggles are closed when a page comes back from the back/forward cache
 *    (Material keeps them closed with autocomplete="off", which is not valid on a checkbox).
 *
 * Runs after the page's #__config and before Material's bundle, which reads it.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var config = document.getElementById("__config");
  if (config && script) {
    try {
      var data = JSON.parse(config.textContent);
      if (data.search) {
        var wrapper = new URL("javascripts/workers/duban-search.js", script.src);
        var material = new URL(data.search, document.baseURI);
        if (material.origin === wrapper.origin) {
          wrapper.searchParams.set("worker", material.pathname);
          data.search = wrapper.href;
          config.textContent = JSON.stringify(data);
        }
      }
    } catch (e) { /* leave Material's own configuration as it is */ }
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!box || !box.classList || !box.classList.contains("md-search__input")) return;
    if (event.isComposing) return; // still composing: the input method has not committed yet
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  });
  document.addEventListener("compositionend", function (event) {
    var box = event.target;
    if (box && box.classList && box.classList.contains("md-search__input")) {
      box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  });

  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) toggle.click();
    });
  });
})();
