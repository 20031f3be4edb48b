/* Shared by the hub's pages (API.md): request ids, commands, and the live link.

   A plain script, no modules and no syntax newer than the cheap Android phones' and WeChat's
   in-app browsers understand (no ?. or ??): it runs as shipped, with no build step.
   Everything the pages show comes from the hub; nothing here decides a rule of the market. */
(function (global) {
  "use strict";

  var SILENCE_MS = 5000;        // the hub beats every 2 s: 5 s of nothing and the link is gone
  var RETRY_MS = [500, 1000, 2000, 3000];  // reconnecting: quick at first, then every 3 s
  var FETCH_MS = 6000;          // a request on a half-open Wi-Fi link would hang for minutes

  /* A request id from crypto.getRandomValues: over plain http on a LAN address the page is
     not a secure context, so crypto.randomUUID does not exist there. */
  function requestId() {
    var bytes = new Uint8Array(16);
    (global.crypto || global.msCrypto).getRandomValues(bytes);
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] + 256).toString(16).slice(1);
    return out;
  }

  /* fetch with a time limit; resolves {status, body} (body: the JSON, or {}), rejects when
     the hub could not be reached. */
  function request(url, options) {
    options = options || {};
    var controller = global.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, FETCH_MS) : null;
    var init = {method: options.method || "GET", credentials: "same-origin",
                cache: "no-store", headers: {"Accept": "application/json"}};
    if (options.body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(options.body);
    }
    if (controller) init.signal = controller.signal;
    return fetch(url, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        if (timer) clearTimeout(timer);
        return {status: response.status, body: body || {}};
      });
    }, function (error) {
      if (timer) clearTimeout(timer);
      throw error;
    });
  }

  function wait(ms) { return new Promise(function (resolve) { setTimeout(resolve, ms); }); }

  /* POST a stall command. body.request_id is made here unless the caller kept one (a command
     kept while offline is sent again under its first id). A dropped link is retried with
     the same id: the hub answers a repeat with its first answer and does nothing again.
     Resolves {status, body}; status 0 when the hub could not be reached at all. */
  function command(action, body, tries) {
    body = body || {};
    if (!body.request_id) body.request_id = requestId();
    tries = tries || 2;
    function attempt(left) {
      return request("/api/stall/" + action, {method: "POST", body: body}).catch(function () {
        if (left <= 1) return {status: 0, body: {}};
        return wait(600).then(function () { return attempt(left - 1); });
      });
    }
    return attempt(tries);
  }

  /* The live link of a page: the state at once, then every change, over server-sent events.

     options: state (URL of the state), events (URL of the stream), onState(state),
     onLink("connecting" | "online" | "offline"), onEnded(message), onBeat(data).

     An EventSource does not notice a half-open link (the Wi-Fi dropped): the hub sends a
     heartbeat every 2 s, and 5 s of silence counts as offline. Offline, the page reconnects
     by itself: it asks for the state first (an EventSource cannot tell a refused pairing,
     401, from a network failure, and the state brings the page up to date at once), then
     opens a new stream. */
  function Live(options) {
    this.options = options;
    this.link = "connecting";
    this.heard = Date.now();     // the page's start counts: 5 s to connect, then "offline"
    this.stream = null;
    this.busy = false;           // a reconnection is under way
    this.retry = null;
    this.failures = 0;
    this.ended = false;
  }

  Live.prototype.start = function () {
    var self = this;
    this.connect();
    setInterval(function () { self.watch(); }, 500);
    // A phone that slept may have missed everything: look again as soon as it wakes.
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden) self.watch();
    });
    return this;
  };

  Live.prototype.setLink = function (link) {
    if (this.link === link) return;
    this.link = link;
    this.options.onLink(link);
  };

  Live.prototype.hear = function () {
    this.heard = Date.now();
    this.failures = 0;
    this.setLink("online");
  };

  Live.prototype.watch = function () {
    if (this.ended) return;
    var silent = Date.now() - this.heard > SILENCE_MS;
    if (silent && this.link !== "offline") {
      this.setLink("offline");
      this.drop();
    }
    if (silent && !this.stream && !this.busy && !this.retry) this.connect();
  };

  Live.prototype.drop = function () {
    if (this.stream) {
      this.stream.close();
      this.stream = null;
    }
  };

  Live.prototype.later = function () {
    var self = this;
    var delay = RETRY_MS[Math.min(this.failures, RETRY_MS.length - 1)];
    this.failures += 1;
    clearTimeout(this.retry);
    this.retry = setTimeout(function () { self.retry = null; self.connect(); }, delay);
  };

  Live.prototype.end = function (message) {
    this.ended = true;
    this.drop();
    clearTimeout(this.retry);
    this.options.onEnded(message || "");
  };

  Live.prototype.connect = function () {
    var self = this;
    if (this.ended || this.busy) return;
    this.busy = true;
    this.drop();
    request(this.options.state).then(function (answer) {
      self.busy = false;
      if (answer.status === 401 || answer.status === 403) return self.end(answer.body.error);
      if (answer.status !== 200) return self.later();
      self.options.onState(answer.body, "fetched");
      self.open();
    }, function () {
      self.busy = false;
      self.later();
    });
  };

  Live.prototype.open = function () {
    var self = this;
    var stream = new EventSource(this.options.events);
    this.stream = stream;
    function mine() { return self.stream === stream && !self.ended; }
    stream.addEventListener("state", function (event) {
      if (!mine()) return;
      self.hear();
      self.options.onState(JSON.parse(event.data), "stream");
    });
    stream.addEventListener("heartbeat", function (event) {
      if (!mine()) return;
      self.hear();
      if (self.options.onBeat) self.options.onBeat(JSON.parse(event.data));
    });
    stream.addEventListener("ended", function (event) {
      if (!mine()) return;
      self.end(JSON.parse(event.data).error);
    });
    stream.onerror = function () {
      if (!mine()) return;
      // The hub stopped or the link broke: say so now, and reconnect ourselves (the
      // browser's own retry would not refetch the state nor notice a refused pairing).
      self.drop();
      if (self.link === "online") self.setLink("offline");
      self.later();
    };
  };

  /* A tiny element builder: el("p", {class: "x"}, "text", child…). */
  function el(tag, attributes) {
    var node = document.createElement(tag);
    var key;
    for (key in attributes || {}) {
      if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
      var value = attributes[key];
      if (value === null || value === undefined || value === false) continue;
      if (key.slice(0, 2) === "on") node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(child));
    }
    return node;
  }

  function text(node, value) {
    value = value === null || value === undefined ? "" : String(value);
    if (node.textContent !== value) node.textContent = value;
  }

  global.Hub = {requestId: requestId, request: request, command: command, Live: Live,
                el: el, text: text, SILENCE_MS: SILENCE_MS};
})(window);
