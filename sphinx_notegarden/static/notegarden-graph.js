/* sphinx-notegarden graphs: neighbour highlighting on every graph picture; zoom, pan
 * and a tag filter on the graph page. The SVG works without this script (every node
 * is a link); this only adds motion. */
(function () {
  "use strict";

  function zoomable(graph) {
    var box = graph.viewBox.baseVal;
    var home = { x: box.x, y: box.y, width: box.width, height: box.height };
    graph.addEventListener("wheel", function (event) {
      event.preventDefault();
      var scale = event.deltaY < 0 ? 0.85 : 1 / 0.85;
      var rect = graph.getBoundingClientRect();
      var px = box.x + ((event.clientX - rect.left) / rect.width) * box.width;
      var py = box.y + ((event.clientY - rect.top) / rect.height) * box.height;
      var width = Math.min(home.width * 4, Math.max(home.width / 8, box.width * scale));
      var height = (width / box.width) * box.height;
      box.x = px - ((px - box.x) * width) / box.width;
      box.y = py - ((py - box.y) * height) / box.height;
      box.width = width;
      box.height = height;
    }, { passive: false });

    var dragging = null;
    graph.addEventListener("pointerdown", function (event) {
      if (event.target.closest("a")) { return; }
      dragging = { x: event.clientX, y: event.clientY };
      graph.setPointerCapture(event.pointerId);
    });
    graph.addEventListener("pointermove", function (event) {
      if (!dragging) { return; }
      var rect = graph.getBoundingClientRect();
      box.x -= ((event.clientX - dragging.x) / rect.width) * box.width;
      box.y -= ((event.clientY - dragging.y) / rect.height) * box.height;
      dragging = { x: event.clientX, y: event.clientY };
    });
    graph.addEventListener("pointerup", function () { dragging = null; });
    graph.addEventListener("dblclick", function () {
      box.x = home.x; box.y = home.y; box.width = home.width; box.height = home.height;
    });
  }

  function highlighting(graph) {
    function highlight(id) {
      graph.classList.toggle("ng-graph-focus", id !== null);
      graph.querySelectorAll(".ng-graph-near").forEach(function (el) {
        el.classList.remove("ng-graph-near");
      });
      if (id === null) { return; }
      graph.querySelectorAll('[data-id="' + id + '"]').forEach(function (el) {
        el.classList.add("ng-graph-near");
      });
      graph.querySelectorAll("line").forEach(function (line) {
        var a = line.getAttribute("data-source");
        var b = line.getAttribute("data-target");
        if (a === id || b === id) {
          line.classList.add("ng-graph-near");
          var other = a === id ? b : a;
          graph.querySelectorAll('[data-id="' + other + '"]').forEach(function (el) {
            el.classList.add("ng-graph-near");
          });
        }
      });
    }
    graph.querySelectorAll(".ng-graph-node").forEach(function (node) {
      var id = node.getAttribute("data-id");
      node.addEventListener("mouseenter", function () { highlight(id); });
      node.addEventListener("mouseleave", function () { highlight(null); });
      node.addEventListener("focus", function () { highlight(id); });
      node.addEventListener("blur", function () { highlight(null); });
    });
  }

  document.querySelectorAll("svg.ng-graph-svg").forEach(function (graph) {
    highlighting(graph);
    if (graph.hasAttribute("data-ng-graph-zoom")) {
      zoomable(graph);
    }
  });

  var filter = document.querySelector("[data-ng-graph-filter]");
  var page = document.querySelector("svg.ng-graph-svg[data-ng-graph-zoom]");
  if (filter && page) {
    filter.addEventListener("change", function () {
      var tag = filter.value;
      page.querySelectorAll("a.ng-graph-node").forEach(function (node) {
        var tags = (node.getAttribute("data-tags") || "").split(" ");
        node.classList.toggle("ng-graph-hidden", tag !== "" && tags.indexOf(tag) < 0);
      });
    });
  }
})();
