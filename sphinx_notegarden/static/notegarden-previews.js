/* sphinx-notegarden hover previews.
 *
 * Each note link carries the class "ng-preview-for-N"; the page holds the preview in
 * <template id="ng-preview-N">, rendered at build time. This script only shows it:
 * on hover or keyboard focus, after a short delay, inside the viewport; Escape closes
 * it. Touch devices get no preview (a tap navigates). Nothing is fetched.
 */
(function () {
  "use strict";
  var SHOW_DELAY = 350;
  var HIDE_DELAY = 250;
  // A tap on a touch screen navigates: once the reader touches, mouse-style events
  // (which touch screens also send) no longer open previews.
  var touched = false;
  document.addEventListener("touchstart", function () { touched = true; }, { passive: true });
  var popover = null;
  var owner = null;
  var timer = null;

  function linkOf(target) {
    return target && target.closest ? target.closest("a.ng-has-preview") : null;
  }

  function templateFor(link) {
    for (var i = 0; i < link.classList.length; i++) {
      var match = /^ng-preview-for-(\d+)$/.exec(link.classList[i]);
      if (match) {
        return document.getElementById("ng-preview-" + match[1]);
      }
    }
    return null;
  }

  function hide() {
    clearTimeout(timer);
    if (popover) {
      popover.remove();
      popover = null;
    }
    if (owner) {
      owner.removeAttribute("aria-describedby");
      owner = null;
    }
  }

  function place(link) {
    var box = link.getBoundingClientRect();
    var width = popover.offsetWidth;
    var height = popover.offsetHeight;
    var viewWidth = document.documentElement.clientWidth;
    var viewHeight = document.documentElement.clientHeight;
    var left = Math.min(Math.max(8, box.left), Math.max(8, viewWidth - width - 8));
    var top = box.bottom + 8;
    if (top + height > viewHeight - 8 && box.top - height - 8 > 8) {
      top = box.top - height - 8;
    }
    popover.style.left = left + window.scrollX + "px";
    popover.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    var template = templateFor(link);
    if (!template) {
      return;
    }
    hide();
    owner = link;
    popover = document.createElement("div");
    popover.className = "ng-preview";
    popover.id = "ng-preview-popover";
    popover.setAttribute("role", "tooltip");
    popover.appendChild(template.content.cloneNode(true));
    popover.addEventListener("mouseenter", function () { clearTimeout(timer); });
    popover.addEventListener("mouseleave", scheduleHide);
    document.body.appendChild(popover);
    link.setAttribute("aria-describedby", popover.id);
    place(link);
    if (window.MathJax && window.MathJax.typesetPromise) {
      window.MathJax.typesetPromise([popover]).then(function () {
        if (owner === link) { place(link); }
      }).catch(function () {});
    }
  }

  function schedule(link) {
    clearTimeout(timer);
    timer = setTimeout(function () { show(link); }, SHOW_DELAY);
  }

  function scheduleHide() {
    clearTimeout(timer);
    timer = setTimeout(hide, HIDE_DELAY);
  }

  document.addEventListener("mouseover", function (event) {
    var link = linkOf(event.target);
    if (link && link !== owner && !touched) { schedule(link); }
  });
  document.addEventListener("mouseout", function (event) {
    if (linkOf(event.target)) { scheduleHide(); }
  });
  document.addEventListener("focusin", function (event) {
    var link = linkOf(event.target);
    if (link) { schedule(link); }
  });
  document.addEventListener("focusout", function (event) {
    if (linkOf(event.target)) { scheduleHide(); }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hide(); }
  });
})();
