/* Duban list filters: plain JavaScript, no dependencies. Without JavaScript every row
   shows and the form stays hidden. The state is kept in the URL query (?unit=…&state=…)
   so an editor can link to a filtered view. */
(function () {
  "use strict";
  document.querySelectorAll("form.duban-filter").forEach(function (form) {
    var rows = document.querySelectorAll(form.getAttribute("data-target") + " [data-filter-row]");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var output = form.querySelector("output");
    function matches(row) {
      return selects.every(function (s) {
        var values = (row.getAttribute("data-" + s.name) || "").split(" ");
        return !s.value || values.indexOf(s.value) >= 0;
      });
    }
    function apply(remember) {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = matches(row);
        row.hidden = !ok;
        if (ok) { shown += 1; }
      });
      output.textContent = "显示 " + shown + " / " + rows.length + " 条";
      // A section (an item of the list) whose rows are all filtered out is hidden with them.
      document.querySelectorAll(form.getAttribute("data-target") + " [data-filter-group]").forEach(function (group) {
        group.hidden = !group.querySelector("[data-filter-row]:not([hidden])");
      });
      if (remember) {
        var params = new URLSearchParams(window.location.search);
        selects.forEach(function (s) {
          if (s.value) { params.set(s.name, s.value); } else { params.delete(s.name); }
        });
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
      }
    }
    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (s) {
      var wanted = params.get(s.name);
      if (wanted && Array.prototype.some.call(s.options, function (o) { return o.value === wanted; })) {
        s.value = wanted;
      }
      s.addEventListener("change", function () { apply(true); });
    });
    form.hidden = false;
    apply(false);
  });
})();
