/* Material's search worker, with two changes for Chinese queries (loaded in its place by
 * duban-input.js; Material's own worker file is passed as ?worker=…).
 *
 * - Ranking: Material finds pages with any word of the query (燃气安全 → 燃气 or 安全). Pages
 *   that contain every word now come first, in Material's order, then the others.
 * - Display: Material joins Chinese words with zero-width spaces (U+200B) in the index; they are
 *   removed from result titles and texts, so they never end up in copied text.
 */
(function () {
  "use strict";
  var RESULT = 3; // Material's SearchMessageType.RESULT
  var ZERO_WIDTH = /[\u200b\u200c\u200d\u2060\ufeff]/g;

  function clean(value) {
    if (typeof value === "string") return value.replace(ZERO_WIDTH, "");
    if (Array.isArray(value)) return value.map(clean);
    return value;
  }

  var QUERY = 2; // Material's SearchMessageType.QUERY
  var query = "";

  // Whether the words an item matched cover the whole query: 燃气安全 is covered by a page that
  // matched 燃气 and 安全; 老旧小区 by one that matched 老旧小区 (not also 小区).
  function complete(item) {
    var terms = item.terms || {};
    var text = query.toLowerCase().replace(/["+\-*~^]/g, " ");
    var covered = text.split("").map(function (ch) { return /\s/.test(ch); });
    Object.keys(terms).forEach(function (term) {
      if (!terms[term] || !term) return;
      for (var at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
        for (var i = at; i < at + term.length; i++) covered[i] = true;
      }
    });
    return covered.length > 0 && covered.every(Boolean) && Object.keys(terms).length > 0;
  }

  function rank(groups) {
    var all = [], some = [];
    groups.forEach(function (group) {
      (group.some(complete) ? all : some).push(group.map(function (item) {
        var copy = {};
        Object.keys(item).forEach(function (k) { copy[k] = k === "title" || k === "text" ? clean(item[k]) : item[k]; });
        return copy;
      }));
    });
    return all.concat(some);
  }

  var post = self.postMessage.bind(self);
  self.postMessage = function (message) {
    if (message && message.type === RESULT && message.data && Array.isArray(message.data.items)) {
      message = { type: message.type, data: Object.assign({}, message.data, { items: rank(message.data.items) }) };
    }
    return post.apply(self, [message].concat([].slice.call(arguments, 1)));
  };

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    return listen(type, function (event) {
      if (event.data && event.data.type === QUERY && typeof event.data.data === "string") query = event.data.data;
      return listener.call(this, event);
    }, options);
  };

  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  // Only Material's own worker, from this site's assets.
  if (/^\/(?:[\w.-]+\/)*assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    importScripts(new URL(worker, self.location.href).href);
  }
})();
