/* Load the search index only when a reader uses search.
 *
 * Material fetches search/search_index.json on every page load (an XMLHttpRequest made by its
 * bundle), although most readers never search. This script runs before the bundle and holds
 * that one request back until the reader opens search (focus on the search box, the search
 * toggle, or the keyboard shortcut that focuses it), or arrives from a search result with
 * ?h= (highlighting needs the index). Nothing else is changed: the same request is sent,
 * only later.
 *
 * It also never sends one request that cannot succeed: for every <link rel="alternate"> of a
 * page Material looks for a sitemap beside the link's target (its language switcher keeps the
 * reader's page across language versions). The feed links are alternates too, so Material
 * asked for feeds/sitemap.xml, feeds/projects/sitemap.xml … on every page load: 404s that cost a
 * reader's connection a round trip each and show as console errors. The site has no language
 * versions; those requests are dropped (Material then simply has no alternate sitemap).
 */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var held = [];
  var armed = false;

  function isIndex(url) {
    return /(^|\/)search\/search_index\.json(\?|$)/.test(String(url));
  }

  function isFeedSitemap(url) {
    return /(^|\/)feeds\/([^?#]*\/)?sitemap\.xml(\?|$)/.test(String(url));
  }

  function arm() {
    if (armed) return;
    armed = true;
    held.splice(0).forEach(function (call) { send.apply(call[0], call[1]); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.dubanIndex = isIndex(url);
    this.dubanDropped = isFeedSitemap(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.dubanDropped) return undefined;
    if (this.dubanIndex && !armed) {
      held.push([this, arguments]);
      return undefined;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.closest && event.target.closest(".md-search")) arm();
  });
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search") arm();
  });
  if (/[?&]h=/.test(location.search)) arm();
})();
