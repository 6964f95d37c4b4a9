// Marks the passage the address points to (#p-<seq>) as aria-current and
// moves focus to it, so a screen reader announces the cited passage; the
// highlight itself is CSS (:target) and needs no script.
(function () {
  var current = null;
  function mark() {
    if (current) {
      current.removeAttribute("aria-current");
      current = null;
    }
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el || !el.classList.contains("p")) {
      return;
    }
    el.setAttribute("aria-current", "location");
    el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
    current = el;
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
