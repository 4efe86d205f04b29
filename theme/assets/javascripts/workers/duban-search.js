/* Material's search worker, with two changes for Chinese queries (loaded in its place by
 * duban-input.js; Material's own worker file, in this folder too, is passed as ?worker=…).
 *
 * - Words: a Chinese query is cut into the index's words (燃气安全 → 燃气安全, 燃气, 安全), where
 *   Material's own cut loses the last word.
 * - Ranking: pages that contain every word of the query now come first, in Material's order,
 *   then the others (Material finds pages with any of them).
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

  // Chinese words of the query, cut as the index cuts them. Material cuts a run of Chinese
  // characters against its index too, but never tries the run's full length, so the last word
  // of 燃气安全 is lost (and with it every page about 安全). Each run is cut here by longest match
  // against the index's own words; each word that is in the index is handed on with 〇 after it
  // (a Han character no word starts with), which makes Material's cut return exactly that word.
  var SETUP = 0; // Material's SearchMessageType.SETUP
  var HAN = /\p{sc=Han}+/gu;
  var SENTINEL = "\u3007";
  var words = new Set();

  function learn(data) {
    var separator = new RegExp(data.config && data.config.separator || "[\\s\\-]+");
    (data.docs || []).forEach(function (doc) {
      String(doc.title || "").concat(" ", String(doc.text || "")).toLowerCase().split(separator).forEach(function (w) {
        if (/\p{sc=Han}/u.test(w)) words.add(w.replace(/<[^>]*>/g, ""));
      });
    });
  }

  function cut(run, whole) {
    // Longest match from the left; ``whole`` false: never the entire run as one word.
    var out = [];
    for (var i = 0; i < run.length;) {
      var j = run.length - (whole || i > 0 ? 0 : 1);
      while (j > i + 1 && !words.has(run.slice(i, j))) j--;
      if (!words.has(run.slice(i, j))) {  // no word starts here: up to where one does
        j = i + 1;
        while (j < run.length && !startsWord(run, j)) j++;
      }
      out.push(run.slice(i, j));
      i = j;
    }
    return out;
  }

  function startsWord(run, at) {
    for (var end = run.length; end > at; end--) if (words.has(run.slice(at, end))) return true;
    return false;
  }

  function pieces(run) {
    if (!words.has(run)) return cut(run, true);
    var parts = run.length > 1 ? cut(run, false) : [];
    // The whole run is a word (燃气安全); its parts (燃气, 安全) find the pages that have them apart.
    return parts.length > 1 && parts.every(function (w) { return words.has(w); }) ? [run].concat(parts) : [run];
  }

  function rewrite(text) {
    return text.replace(HAN, function (run) {
      return pieces(run).map(function (w) { return words.has(w) ? w + SENTINEL : w; }).join(" ");
    });
  }

  var listen = self.addEventListener.bind(self);
  self.addEventListener = function (type, listener, options) {
    if (type !== "message") return listen(type, listener, options);
    return listen(type, function (event) {
      var message = event.data;
      if (message && message.type === SETUP && message.data) learn(message.data);
      if (message && message.type === QUERY && typeof message.data === "string") {
        query = message.data;
        message.data = rewrite(message.data);
      }
      return listener.call(this, event);
    }, options);
  };

  var worker = new URL(self.location.href).searchParams.get("worker") || "";
  // Only Material's own worker, from this site's assets.
  if (/^\/(?:[\w.-]+\/)*assets\/javascripts\/workers\/search\.[0-9a-f]+\.min\.js$/.test(worker)) {
    importScripts(new URL(worker, self.location.href).href);
  }
})();
