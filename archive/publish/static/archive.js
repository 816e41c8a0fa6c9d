// The article page: highlight the statement or meeting named in the URL's #fragment
// across all its pieces, and let the legend turn kinds of highlight on and off.
(function () {
  function focusFact() {
    document.querySelectorAll(".fact.focus").forEach(function (el) { el.classList.remove("focus"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var pieces = document.querySelectorAll('[data-fact="' + CSS.escape(id) + '"]');
    pieces.forEach(function (el) { el.classList.add("focus"); });
    if (pieces.length) pieces[0].scrollIntoView({block: "center"});
  }
  document.querySelectorAll(".article-legend input[data-kind]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("hide-" + box.dataset.kind, !box.checked);
    });
  });
  window.addEventListener("hashchange", focusFact);
  focusFact();
})();
