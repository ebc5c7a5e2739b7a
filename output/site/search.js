// The search box of a-z.html: its data is inlined in the page (a file:// page cannot fetch a
// JSON file). The A-Z list below it works without this script. The other A-Z pages' boxes
// send their words here as ?q=.
"use strict";
(function () {
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var fold = function (s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var folded = data.map(function (d) { return fold(d[0]); });
  function show() {
    var q = fold(input.value.trim());
    list.textContent = "";
    if (!q) { status.textContent = ""; return; }
    var found = 0;
    for (var i = 0; i < data.length; i++) {
      if (folded[i].indexOf(q) < 0) continue;
      found++;
      if (found > 50) continue;
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = data[i][1];
      a.textContent = data[i][0];
      li.appendChild(a);
      li.appendChild(document.createTextNode(" (" + data[i][2] + ")"));
      list.appendChild(li);
    }
    status.textContent = found + (found === 1 ? " match" : " matches") + (found > 50 ? ", first 50 shown" : "");
  }
  input.addEventListener("input", show);
  input.form.addEventListener("submit", function (e) { e.preventDefault(); show(); });
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) input.value = asked;
  if (input.value) show();
})();
