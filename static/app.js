// vnsearch: comfort only; every page works without this file.
// "/" focuses the search box; suggestions appear as you type (/api/suggest).
(function () {
  "use strict";
  var input = document.getElementById("q");
  if (!input) return;
  var list = document.getElementById("suggest");
  var form = input.form;

  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });

  if (!list || !window.fetch) return;
  var items = [];
  var active = -1;
  var timer = null;
  var pending = null;
  var lastQuery = null;

  function close() {
    list.hidden = true;
    list.textContent = "";
    items = [];
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(item) {
    if (item.kind === "article" && item.url) {
      window.location.href = item.url;
      return;
    }
    input.value = item.text;
    close();
    form.submit();
  }

  function highlight(index) {
    var nodes = list.children;
    for (var i = 0; i < nodes.length; i++) {
      nodes[i].setAttribute("aria-selected", i === index ? "true" : "false");
    }
    active = index;
    if (index >= 0) {
      input.setAttribute("aria-activedescendant", nodes[index].id);
      nodes[index].scrollIntoView({ block: "nearest" });
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function render(data) {
    list.textContent = "";
    items = data.suggestions || [];
    active = -1;
    if (!items.length) {
      close();
      return;
    }
    items.forEach(function (item, i) {
      var li = document.createElement("li");
      li.id = "suggest-" + i;
      li.setAttribute("role", "option");
      li.className = item.kind;
      li.textContent = item.text;
      if (item.kind === "query") li.title = "Tìm: " + item.text;
      li.addEventListener("mousedown", function (e) {
        e.preventDefault(); // keep the focus in the box
        choose(item);
      });
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function fetchSuggestions() {
    var q = input.value.trim();
    if (q === lastQuery) return;
    lastQuery = q;
    if (pending) pending.abort();
    if (q.length < 2) {
      close();
      return;
    }
    pending = new AbortController();
    fetch("/api/suggest?q=" + encodeURIComponent(q), { signal: pending.signal, headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
      .then(function (data) {
        if (document.activeElement === input && input.value.trim() === q) render(data);
      })
      .catch(function () { /* aborted or offline: no suggestions */ });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(fetchSuggestions, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (list.hidden) return;
    if (e.key === "ArrowDown") {
      e.preventDefault();
      highlight((active + 1) % items.length);
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      highlight(active <= 0 ? items.length - 1 : active - 1);
    } else if (e.key === "Enter" && active >= 0) {
      e.preventDefault();
      choose(items[active]);
    } else if (e.key === "Escape") {
      e.preventDefault(); // close the list, keep the text
      close();
    }
  });
  input.addEventListener("blur", function () {
    setTimeout(close, 100);
    lastQuery = null;
  });
})();
