/* 适老化: the elder-friendly mode (larger text, high contrast), kept across pages in this browser.
 *
 * Loaded in <head>, so a page opens in the reader's mode without a flash of small text. The
 * switch in the toolbar stays hidden until this script runs (without JavaScript the site is the
 * ordinary one, and the browser's own zoom still enlarges it). Nothing leaves the browser: the
 * choice is one localStorage entry, so the mode works offline too.
 */
(function () {
  "use strict";
  var KEY = "duban-elder";
  var root = document.documentElement;

  function stored() {
    try { return window.localStorage.getItem(KEY) === "on"; } catch (e) { return false; }
  }
  function store(on) {
    try { window.localStorage.setItem(KEY, on ? "on" : "off"); } catch (e) { /* private mode: this page only */ }
  }

  var on = stored();
  root.classList.toggle("duban-elder", on);

  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector(".duban-elder-switch");
    if (!button) return;
    function show() {
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "退出适老模式" : "适老模式";
      button.title = on ? "恢复标准字号和配色" : "大字体、高对比度";
    }
    button.addEventListener("click", function () {
      on = !on;
      store(on);
      root.classList.toggle("duban-elder", on);
      show();
    });
    show();
    button.hidden = false;
  });
})();
