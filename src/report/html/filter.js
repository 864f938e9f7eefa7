// The report's only script: filters the findings by text, severity, rule and
// repository. The page is complete without it; it only hides rows and opens
// sections. It never builds markup from data (no innerHTML).
(function () {
  "use strict";
  var bar = document.getElementById("filters");
  if (!bar) return;
  bar.hidden = false;
  var text = document.getElementById("filter-text");
  var severity = document.getElementById("filter-severity");
  var rule = document.getElementById("filter-rule");
  var repo = document.getElementById("filter-repo");
  var status = document.getElementById("filter-status");
  // Opening every matching repository at once would be slow for an
  // organisation; past this many, matches stay folded.
  var OPEN_AT_MOST = 30;
  var repos = Array.prototype.slice.call(document.querySelectorAll("details.repo"));
  var total = 0;
  var index = repos.map(function (d) {
    d.dataset.openByDefault = d.open ? "1" : "";
    var rows = Array.prototype.slice.call(d.querySelectorAll("tr.finding")).map(function (tr) {
      total += 1;
      return { tr: tr, text: (d.dataset.repo + " " + tr.textContent).toLowerCase() };
    });
    return { details: d, rows: rows, shown: d.querySelector(".shown") };
  });

  // A view can be opened already filtered: report.html?rule=RULE&severity=
  // error&repo=REPO&q=TEXT.
  var preset = new URLSearchParams(window.location.search);
  text.value = preset.get("q") || "";
  [["severity", severity], ["rule", rule], ["repo", repo]].forEach(function (p) {
    var value = preset.get(p[0]);
    if (value !== null) p[1].value = value;
  });

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function apply() {
    var t = text.value.trim().toLowerCase();
    var s = severity.value;
    var r = rule.value;
    var p = repo.value;
    var active = Boolean(t || s || r || p);
    var shown = 0;
    var matched = [];
    index.forEach(function (entry) {
      var inRepo = !p || entry.details.dataset.repo === p;
      var n = 0;
      entry.rows.forEach(function (row) {
        var ok = inRepo &&
          (!s || row.tr.dataset.severity === s) &&
          (!r || row.tr.dataset.rule === r) &&
          (!t || row.text.indexOf(t) !== -1);
        row.tr.hidden = !ok;
        if (ok) n += 1;
      });
      entry.details.hidden = active && n === 0;
      if (entry.shown) entry.shown.textContent = active && n > 0 ? n + " shown" : "";
      shown += n;
      if (n > 0) matched.push(entry.details);
    });
    index.forEach(function (entry) {
      entry.details.open = active
        ? matched.length <= OPEN_AT_MOST && matched.indexOf(entry.details) !== -1
        : entry.details.dataset.openByDefault === "1";
    });
    status.textContent = active
      ? "Showing " + shown + " of " + plural(total, "finding", "findings") + " in " +
        plural(matched.length, "repository", "repositories")
      : plural(total, "finding", "findings") + " in " + plural(repos.length, "repository", "repositories");
  }

  var pending = 0;
  text.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(apply, 150);
  });
  [severity, rule, repo].forEach(function (select) {
    select.addEventListener("change", apply);
  });
  document.getElementById("filter-clear").addEventListener("click", function () {
    text.value = "";
    severity.value = "";
    rule.value = "";
    repo.value = "";
    apply();
  });
  document.getElementById("filter-expand").addEventListener("click", function () {
    repos.forEach(function (d) { if (!d.hidden) d.open = true; });
  });
  document.getElementById("filter-collapse").addEventListener("click", function () {
    repos.forEach(function (d) { d.open = false; });
  });
  // A rule in the table "by rule" filters the findings to it.
  Array.prototype.forEach.call(document.querySelectorAll("a[data-rule]"), function (a) {
    a.addEventListener("click", function () {
      rule.value = a.dataset.rule;
      apply();
    });
  });
  apply();
})();
