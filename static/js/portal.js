/* Small enhancements; every page works without them.
 * - facet value filter boxes
 * - the "Refine results" panel starts collapsed on phones and keeps its state across htmx swaps
 * - sort and scope menus that update the results when they change
 * - hit navigation on the letter page ("Hit 3 of 12", previous/next, keys n / p)
 */
(function () {
  "use strict";

  var NARROW = window.matchMedia("(max-width: 860px)");
  var refineOpen = !NARROW.matches;

  function applyRefineState() {
    var refine = document.getElementById("refine");
    if (refine && NARROW.matches) refine.open = refineOpen;
  }

  document.addEventListener("toggle", function (event) {
    if (event.target && event.target.id === "refine") refineOpen = event.target.open;
  }, true);

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("js-facet-filter")) return;
    var needle = input.value.trim().toLowerCase();
    var body = input.closest(".facet__body");
    body.querySelectorAll(".facet__item").forEach(function (item) {
      var label = item.getAttribute("data-label") || "";
      item.hidden = needle !== "" && label.indexOf(needle) === -1;
    });
  });

  /* A .js-auto control (sort, scope) updates the results when it changes: the search form's
     hx-trigger listens for "auto-submit" (a trigger filter would need eval, which the CSP forbids). */
  document.addEventListener("change", function (event) {
    var control = event.target;
    if (control.classList && control.classList.contains("js-auto") && control.form) {
      control.form.dispatchEvent(new CustomEvent("auto-submit"));
    }
  });

  /* After an htmx swap: restore the phone panel state and announce the new totals to screen readers. */
  document.addEventListener("htmx:afterSwap", function () {
    applyRefineState();
    var status = document.getElementById("search-status");
    var heading = document.getElementById("results-heading");
    if (status) status.textContent = heading ? heading.textContent.replace(/\s+/g, " ").trim() : "";
  });

  /* The engine-down partial comes with a 503: swap it in like a normal answer. Other errors: say so. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    if (event.detail.xhr.status === 503) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
  document.addEventListener("htmx:responseError", function () {
    var status = document.getElementById("search-status");
    if (status) {
      status.textContent = "The search could not be updated. Please reload the page.";
      status.classList.remove("visually-hidden");
      status.classList.add("notice");
    }
  });

  /* Hit navigation on the letter page. */
  function setupHits() {
    var nav = document.getElementById("hitnav");
    if (!nav) return;
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.term-hit"));
    if (!marks.length) return;
    var status = nav.querySelector(".js-hit-status");
    var prev = nav.querySelector(".js-hit-prev");
    var next = nav.querySelector(".js-hit-next");
    var current = -1;
    var match = /^#hit-(\d+)$/.exec(window.location.hash);
    if (match) current = Math.min(marks.length, parseInt(match[1], 10)) - 1;

    function show(index, scroll) {
      if (current >= 0 && marks[current]) marks[current].classList.remove("is-current");
      current = (index + marks.length) % marks.length;
      var mark = marks[current];
      mark.classList.add("is-current");
      status.textContent = "Hit " + (current + 1) + " of " + marks.length;
      prev.setAttribute("href", "#hit-" + (((current - 1 + marks.length) % marks.length) + 1));
      next.setAttribute("href", "#hit-" + (((current + 1) % marks.length) + 1));
      if (scroll) {
        mark.scrollIntoView({ block: "center", behavior: "smooth" });
        history.replaceState(null, "", "#hit-" + (current + 1));
      }
    }

    /* Before the first jump, start from where the reader is (e.g. a treatment opened by its anchor). */
    function firstBelow() {
      for (var i = 0; i < marks.length; i++) if (marks[i].getBoundingClientRect().top > 0) return i;
      return 0;
    }
    function lastAbove() {
      for (var i = marks.length - 1; i >= 0; i--) if (marks[i].getBoundingClientRect().top < 0) return i;
      return marks.length - 1;
    }
    function goNext() { show(current < 0 ? firstBelow() : current + 1, true); }
    function goPrev() { show(current < 0 ? lastAbove() : current - 1, true); }

    prev.addEventListener("click", function (event) { event.preventDefault(); goPrev(); });
    next.addEventListener("click", function (event) { event.preventDefault(); goNext(); });
    document.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      var tag = (event.target.tagName || "").toLowerCase();
      if (tag === "input" || tag === "textarea" || tag === "select") return;
      if (event.key === "n") goNext();
      else if (event.key === "p") goPrev();
    });
    status.textContent = marks.length + (marks.length === 1 ? " hit" : " hits") + " highlighted · press n / p";
    if (current >= 0) show(current, true);
  }

  function init() {
    if (NARROW.matches) {
      var refine = document.getElementById("refine");
      if (refine && !document.querySelector(".chips")) { refine.open = false; refineOpen = false; }
    }
    setupHits();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
