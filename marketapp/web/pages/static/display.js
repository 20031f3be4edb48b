/* The public display for a TV's browser (display.html; API.md "Public display"): the same
   board as the desktop's display — the number being called large, each stall's numbers — from
   the hub's DisplayState, live. Masked names only, as the hub sends them. No voice here. */
(function () {
  "use strict";
  var el = Hub.el, text = Hub.text;
  function $(id) { return document.getElementById(id); }

  var NEXT_SHOWN = 4;          // as the desktop display
  var BIG_NUMBER_SHARE = 0.22; // of the screen's height, as the desktop display
  var FLASH_MS = 4000;         // a new call lights the band up for a moment

  var state = null;
  var shownCall = null;        // the call in the band (label, recalls and time): a new one flashes
  var flashTimer = null;
  var tiles = {};

  function callKey(call) { return call ? [call.label, call.recalls, call.called_at].join("|") : ""; }

  /* Tiles per row: as the desktop (four rows of ten stalls were too small on a 720p TV). */
  function columns(n) { return n > 9 ? 4 : n > 4 ? 3 : 2; }

  function onState(next) {
    state = next;
    render();
  }

  function render() {
    var s = state;
    text($("header"), "服务集市 · " + s.market.village + " · " + s.market.date);
    renderBand(s);
    renderTiles(s);
    scale();
  }

  function renderBand(s) {
    var call = s.latest_call;
    var board = call ? s.stalls.filter(function (b) { return b.letter === call.letter; })[0] : null;
    $("please").hidden = !(call && board);
    if (!call || !board) {
      text($("number"), "—");
      text($("goTo"), "请耐心等候叫号");
      text($("who"), "");
    } else {
      text($("number"), call.label);
      text($("goTo"), "请到 " + board.name + " 摊位");
      var at = board.calling.filter(function (c) { return c.label === call.label; })[0];
      text($("who"), [at ? at.name : "", call.counter ? call.counter + " 号窗口" : ""]
        .filter(Boolean).join("  "));
    }
    var key = callKey(call);
    if (shownCall !== null && key && key !== shownCall) {
      var band = $("band");
      band.classList.remove("flash");
      void band.offsetWidth;  // restart the animation
      band.classList.add("flash");
      clearTimeout(flashTimer);
      flashTimer = setTimeout(function () { band.classList.remove("flash"); }, FLASH_MS);
    }
    shownCall = key;
  }

  function renderTiles(s) {
    var box = $("tiles");
    var letters = s.stalls.map(function (b) { return b.letter; }).join(",");
    if (box.getAttribute("data-letters") !== letters) {
      box.setAttribute("data-letters", letters);
      box.textContent = "";
      tiles = {};
      s.stalls.forEach(function (b) {
        var tile = {name: el("div", {class: "tile-name"}), calling: el("div", {class: "tile-calling"}),
                    next: el("div", {class: "tile-next"}), waiting: el("div", {class: "tile-waiting"})};
        box.appendChild(el("div", {class: "tile", "data-letter": b.letter},
                           tile.name, tile.calling, tile.next, tile.waiting));
        tiles[b.letter] = tile;
      });
      box.style.gridTemplateColumns = "repeat(" + columns(s.stalls.length) + ", minmax(0, 1fr))";
    }
    s.stalls.forEach(function (b) {
      var tile = tiles[b.letter];
      text(tile.name, b.letter + "  " + b.name);
      // One number with its masked name; several: the numbers only (they must fit).
      var called = b.calling.length === 1 ? [b.calling[0].label + " " + b.calling[0].name]
                                          : b.calling.map(function (c) { return c.label; });
      text(tile.calling, "正在叫号：" + (called.join("  ") || "—"));
      text(tile.next, "下一位：" + (b.next.slice(0, NEXT_SHOWN).join("  ") || "—"));
      text(tile.waiting, b.waiting + " 人等候 · 约 " + (b.wait_minutes > 0 ? b.wait_minutes : 0) + " 分钟");
    });
  }

  /* Sizes follow the screen's height, as on the desktop display, so a 720p TV and a 1080p
     one show the same board. */
  function scale() {
    var h = Math.max(window.innerHeight, 200);
    var n = Math.max(1, state ? state.stalls.length : 1);
    var rows = Math.ceil(n / columns(n));
    var root = document.documentElement.style;
    root.setProperty("--big", Math.round(h * BIG_NUMBER_SHARE) + "px");
    root.setProperty("--tile", Math.round(Math.min(h * 0.035, h * 0.5 / rows / 5.8)) + "px");
    root.setProperty("--h", h + "px");
  }

  /* The clock shows the hub's time (from its heartbeat): a TV's own clock is often wrong. */
  function onBeat(beat) {
    if (beat && typeof beat.at === "string") text($("clock"), beat.at.substr(11, 5));
  }

  function onLink(link) {
    $("offline").hidden = link !== "offline";
    document.body.classList.toggle("stale", link === "offline");
  }

  function onEnded(message) {
    text($("endedText"), String(message || ""));
    ["band", "tiles", "offline"].forEach(function (id) { $(id).hidden = true; });
    text($("clock"), "");  // no more heartbeats: a stopped clock would look like the time
    $("ended").hidden = false;
  }

  window.addEventListener("resize", function () { if (state) scale(); });
  scale();
  var now = new Date();  // until the hub's first heartbeat
  text($("clock"), ("0" + now.getHours()).slice(-2) + ":" + ("0" + now.getMinutes()).slice(-2));
  new Hub.Live({state: "/api/display/state", events: "/api/display/events", onState: onState,
                onLink: onLink, onEnded: onEnded, onBeat: onBeat}).start();
})();
