/* The stall's phone (stall.html; API.md "Stall device").

   Another front end, never a second rule book: what may be done now is the hub's
   state.actions, every check of an outcome is the hub's (its messages are the desktop's), and
   the page only shows, sends and keeps. Offline, every button is disabled except 办结: an
   outcome is kept on the phone (localStorage, keyed by ticket; the page never has an ID or a
   phone number) and sent when the link is back, under its first request id and for that
   ticket only (the hub refuses it if the person has left the counter). A call is never
   kept: 叫下一位 waits for the link. Nothing typed is dropped unseen: a kept outcome the hub
   refuses stays on screen in full until the worker presses 我已记下, and what was sent is
   kept (the last one, 15 minutes) so that undoing its 办结 refills the form. */
(function () {
  "use strict";
  var el = Hub.el, text = Hub.text;
  function $(id) { return document.getElementById(id); }

  var DRAFT = "marketapp.ticket.";  // + ticket id: {label, outcome, notes, fee, at, pending}
  var RATING = "marketapp.rating.";  // + visit id: a rating given while the link was down
  // + ticket id: {label, error, what, at}: a kept outcome the hub refused, shown until the
  // worker has copied it (我已记下); never forgotten by itself.
  var UNSAVED = "marketapp.unsaved.";
  // + ticket id: {label, outcome, notes, fee, at}: what this phone sent for a finished ticket,
  // to refill the form if that 办结 is undone (the hub deletes the visit): the last one only,
  // for 15 minutes.
  var SENT = "marketapp.sent.";
  // Health readings on a worker's own phone: only the last one sent, only while an undo of
  // it is likely (the desk asks to confirm an undo after 3 minutes), gone when unpaired.
  var SENT_KEPT = 1;
  var SENT_KEEP_MS = 15 * 60 * 1000;
  var KEEP_MS = 16 * 3600 * 1000;    // a market day; older kept entries are forgotten
  var PRIORITY = {priority: "优先", urgent: "紧急"};
  var FACE_COLOURS = {5: "#2b8a3e", 4: "#5c940d", 3: "#e67700", 2: "#d9480f", 1: "#c92a2a"};
  // The mouth of each face, from a broad smile (5) to a deep frown (1).
  var MOUTHS = {5: "M26 58 Q50 86 74 58", 4: "M30 62 Q50 76 70 62", 3: "M30 66 L70 66",
                2: "M30 72 Q50 60 70 72", 1: "M26 76 Q50 52 74 76"};

  var state = null;       // the hub's latest StallState
  var link = "connecting";
  var busy = false;       // a command is on its way: no double taps
  var ended = false;
  var formKey = null;     // the form built (stall + its field specs)
  var specs = [];
  var formTicket = null;  // whose outcome the form holds
  var picking = false;    // choosing another counter
  var padVisit = null;    // the visit the rating pad is open for
  var request = {id: null, key: null};  // the request dialog's id, kept while unchanged
  var flushing = false;
  var confirmed = null;   // what the confirmation dialog does on 确定
  var refilled = null;    // the ticket whose form was just refilled from what was sent

  /* ---------------------------------------------------------------- kept on the phone */

  // Kept in the page and in localStorage (which may be full, or refused in a private tab:
  // then the page alone holds it, until it is closed).
  var memory = {};
  function load(key) {
    if (Object.prototype.hasOwnProperty.call(memory, key)) return memory[key];
    try {
      var v = localStorage.getItem(key);
      return v ? JSON.parse(v) : null;
    } catch (e) {
      return null;
    }
  }
  function keep(key, value) {
    memory[key] = value;
    try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* the page has it */ }
  }
  function forget(key) {
    delete memory[key];
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept there */ }
  }
  function keptKeys(prefix) {
    var out = Object.keys(memory).filter(function (key) { return key.indexOf(prefix) === 0; });
    try {
      for (var i = 0; i < localStorage.length; i++) {
        var key = localStorage.key(i);
        if (key && key.indexOf(prefix) === 0 && out.indexOf(key) < 0) out.push(key);
      }
    } catch (e) { /* no storage */ }
    return out;
  }

  /* Forget what no longer matters: a draft whose person left the counter (unless it waits to
     be sent), and anything older than a market day. */
  function tidy() {
    var current = state && state.current ? state.current.ticket_id : null;
    keptKeys(DRAFT).concat(keptKeys(RATING), keptKeys(SENT)).forEach(function (key) {
      var item = load(key);
      var limit = key.indexOf(SENT) === 0 ? SENT_KEEP_MS : KEEP_MS;
      if (!item || !item.at || Date.now() - item.at > limit) { forget(key); return; }
      if (key.indexOf(DRAFT) === 0 && !item.pending && key !== DRAFT + current) forget(key);
    });
  }

  /* ---------------------------------------------------------------- messages */

  var messageTimer = null;
  function say(message, kind) {
    var box = $("message");
    text(box, message || "");
    box.className = "message " + (kind || "ok");
    box.hidden = !message;
    fitTop();
    clearTimeout(messageTimer);
    if (message) {
      messageTimer = setTimeout(function () { box.hidden = true; fitTop(); }, kind === "ok" ? 8000 : 20000);
    }
  }

  /* The sticky top (bar, offline banner, message) is as tall as it is now: what the page
     brings into view lands below it. */
  function fitTop() {
    document.documentElement.style.scrollPaddingTop = ($("top").offsetHeight + 8) + "px";
  }
  if (window.ResizeObserver) new ResizeObserver(fitTop).observe($("top"));
  window.addEventListener("resize", fitTop);

  /* ---------------------------------------------------------------- the live link */

  function onLink(now) {
    link = now;
    var badge = $("link");
    badge.className = "link " + now;
    text(badge, now === "online" ? "已连接" : now === "offline" ? "未连接" : "正在连接…");
    $("offline").hidden = now !== "offline" || ended;
    fitTop();
    render();
    if (now === "online") flush();
  }

  function onState(next, how) {
    // A command's answer can arrive after a newer state from the stream: keep the newer.
    if (how === "answer" && state && next.version < state.version) return;
    state = next;
    tidy();
    render();
  }

  function onEnded(message) {
    ended = true;
    text($("endedText"), message);
    // An outcome still waiting to be sent will not be sent by this pairing: shown in full
    // with the refused ones, for the worker to copy.
    keptKeys(DRAFT).map(load).filter(function (d) { return d && d.pending; }).forEach(function (d) {
      keep(UNSAVED + d.ticket_id, {ticket_id: d.ticket_id, label: d.label,
                                   error: "本手机的配对已结束，这个结果没有送到登记电脑。",
                                   what: typed(d), at: Date.now()});
      forget(DRAFT + d.ticket_id);
    });
    keptKeys(SENT).forEach(forget);  // no undo comes through an ended pairing
    renderUnsaved();
    ["desk", "pad", "requestDialog", "confirm", "offline", "message"].forEach(function (id) {
      $(id).hidden = true;
    });
    $("link").hidden = true;
    $("ended").hidden = false;
  }

  /* ---------------------------------------------------------------- showing the state */

  function can(action) {
    return link === "online" && !busy && state !== null && state.actions[action] === true;
  }

  function render() {
    renderUnsaved();
    if (!state || ended) return;
    var s = state;
    $("desk").hidden = padVisit !== null;
    text($("letter"), s.stall.letter);
    text($("stallName"), s.stall.name);
    document.title = s.stall.letter + " " + s.stall.name + " · 摊位";
    var several = s.stall.counters > 1;
    text($("counterText"), s.market.village + " · " + s.market.date +
         (s.counter ? " · " + s.counter + " 号窗口" : ""));
    $("changeCounter").hidden = !several || !s.counter_chosen || picking;
    $("changeCounter").disabled = link !== "online" || busy;
    renderCounters(several && (!s.counter_chosen || picking));
    text($("waiting"), s.waiting);
    text($("next"), s.next.length ? s.next.join("  ") : "—");
    $("call").disabled = !can("call_next");
    renderPerson(s);
    $("arrived").disabled = !can("arrived");
    $("recall").disabled = !can("recall");
    $("noShow").disabled = !can("no_show");
    renderForm(s);
    $("request").disabled = !can("request");
    $("undo").disabled = !can("undo");
    text($("undoText"), s.undo ? s.undo.text : "");
    $("requestSend").disabled = link !== "online" || busy;
    $("confirmYes").disabled = link !== "online" || busy;
  }

  function renderCounters(show) {
    var box = $("counters");
    $("counterPick").hidden = !show;
    if (!show) return;
    if (box.childNodes.length !== state.stall.counters) {
      box.textContent = "";
      for (var n = 1; n <= state.stall.counters; n++) {
        box.appendChild(el("button", {type: "button", class: "counter", "data-counter": n,
                                      onclick: chooseCounter}, n + " 号窗口"));
      }
    }
    Array.prototype.forEach.call(box.childNodes, function (button) {
      button.disabled = link !== "online" || busy;
      var counter = Number(button.getAttribute("data-counter"));
      button.setAttribute("aria-pressed", String(counter === state.counter));
    });
  }

  function levelName(level) {
    var found = state.rating_levels.filter(function (l) { return l.level === level; })[0];
    return found ? found.name : String(level);
  }

  function renderPerson(s) {
    var c = s.current;
    $("who").hidden = !c;
    $("nobody").hidden = !!c;
    if (c) {
      text($("label"), c.label);
      text($("status"), c.status_name);
      $("priority").hidden = !PRIORITY[c.priority];
      text($("priority"), PRIORITY[c.priority] || "");
      var p = c.person;
      text($("personLine"), [p.name, p.age !== null && p.age !== undefined ? p.age + " 岁" : "",
                             p.gender || "", p.village || ""].filter(Boolean).join(" · "));
      $("recalls").hidden = !c.recalls;
      text($("recalls"), c.recalls ? "已重呼 " + c.recalls + " 次" : "");
      renderHistory(c);
    }
    var last = !c && s.last_visit;
    $("last").hidden = !last;
    if (last) {
      text($("lastLine"), "刚办结：" + last.label +
           (last.rating ? "，评价：" + levelName(last.rating) : "，尚未评价"));
      $("rateLast").hidden = !!last.rating || !s.actions.rate;
      $("rateLast").disabled = busy;
    }
  }

  function renderHistory(c) {
    var list = $("historyList");
    var key = c.ticket_id + ":" + c.history.length;
    $("history").hidden = !c.history.length;
    if (list.getAttribute("data-for") === key) return;
    list.setAttribute("data-for", key);
    list.textContent = "";
    text($("historyTitle"), "本摊往次记录（" + c.history.length + " 次）");
    c.history.forEach(function (h) {
      list.appendChild(el("li", null, [h.date, h.service, h.summary].filter(Boolean).join("  ")));
    });
  }

  /* ---------------------------------------------------------------- the outcome form */

  function renderForm(s) {
    var c = s.current;
    var key = s.stall.letter + "|" + JSON.stringify(s.form);
    if (key !== formKey) {
      buildForm(s.form);
      formKey = key;
      formTicket = null;
    }
    $("outcome").hidden = !c;
    if (!c) formTicket = null;
    else if (c.ticket_id !== formTicket) openFor(c);
    var draft = c ? load(DRAFT + c.ticket_id) : null;
    var kept = draft && draft.pending;
    $("fields").disabled = !!kept;
    $("extra").disabled = !!kept;
    $("kept").hidden = !kept;
    if (kept) {
      text($("keptText"), link === "online" ? "正在提交……"
           : "未连接：" + c.label + " 的结果已存在本手机上，连上后自动提交。");
    }
    $("keptCancel").hidden = !kept || kept.sent;
    // 办结 works offline too (kept and sent later, for this ticket only), never twice.
    $("done").disabled = busy || !c || !s.actions.done || !!kept;
  }

  function buildForm(form) {
    text($("formTitle"), form.title);
    specs = form.fields;
    var box = $("fields");
    box.textContent = "";
    specs.forEach(function (spec) { box.appendChild(fieldNode(spec)); });
  }

  function requiredMark(spec) {
    return spec.required ? el("span", {class: "req", title: "必填"}, " *") : null;
  }

  /* One field as the catalogue defines it: its name, unit, choices and required mark. The
     range is shown as the desktop shows it (a hint in the box); the hub checks it. */
  function fieldNode(spec) {
    var id = "o-" + spec.key;
    var errorId = "oe-" + spec.key;
    var wrap = el("div", {class: "field field-" + spec.type, "data-key": spec.key});
    if (spec.type === "bool") {
      wrap.appendChild(el("label", {class: "check", for: id},
                          el("input", {type: "checkbox", id: id, "aria-describedby": errorId}),
                          el("span", null, spec.name), requiredMark(spec)));
    } else if (spec.type === "choice") {
      var group = el("fieldset", {class: "choices", "aria-describedby": errorId},
                     el("legend", null, spec.name, requiredMark(spec)));
      var options = spec.required ? spec.options : [{code: "", name: "不填"}].concat(spec.options);
      options.forEach(function (option, i) {
        group.appendChild(el("label", {class: "choice"},
                             el("input", {type: "radio", name: id, value: option.code,
                                          id: id + "-" + i, checked: !spec.required && i === 0}),
                             el("span", null, option.name)));
      });
      wrap.appendChild(group);
    } else {
      wrap.appendChild(el("label", {for: id}, spec.name, requiredMark(spec)));
      var attributes = {id: id, "aria-describedby": errorId, autocomplete: "off",
                        "aria-required": spec.required ? "true" : null};
      var input;
      if (spec.type === "text" && (spec.max_length || 0) > 60) {
        input = el("textarea", Object.assign({rows: 2}, attributes));
      } else {
        if (spec.type === "int") attributes.inputmode = "numeric";
        if (spec.type === "decimal") attributes.inputmode = "decimal";
        if (spec.min !== null && spec.max !== null && spec.type !== "text") {
          attributes.placeholder = spec.min + "–" + spec.max;
        }
        input = el("input", Object.assign({type: "text"}, attributes));
      }
      var unit = spec.unit ? el("span", {class: "unit"}, spec.unit) : null;
      wrap.appendChild(unit ? el("div", {class: "with-unit"}, input, unit) : input);
    }
    wrap.appendChild(el("p", {class: "field-error", id: errorId, hidden: true}));
    return wrap;
  }

  /* What the form holds, as the desktop sends it to core: text as typed, choice codes,
     booleans. */
  function formValues() {
    var out = {};
    specs.forEach(function (spec) {
      var id = "o-" + spec.key;
      if (spec.type === "bool") {
        out[spec.key] = $(id).checked;
      } else if (spec.type === "choice") {
        var chosen = document.querySelector('input[name="' + id + '"]:checked');
        if (chosen && chosen.value) out[spec.key] = chosen.value;
      } else if ($(id).value.trim()) {
        out[spec.key] = $(id).value;
      }
    });
    return out;
  }

  function setValues(values) {
    specs.forEach(function (spec) {
      var id = "o-" + spec.key;
      var value = values[spec.key];
      if (spec.type === "bool") {
        $(id).checked = value === true;
      } else if (spec.type === "choice") {
        var radios = document.querySelectorAll('input[name="' + id + '"]');
        Array.prototype.forEach.call(radios, function (radio, i) {
          radio.checked = value !== undefined ? radio.value === value : !spec.required && i === 0;
        });
      } else {
        $(id).value = value === undefined || value === null ? "" : String(value);
      }
    });
  }

  /* What this phone sent for a ticket, kept for an undo of its 办结 (the last one). */
  function keepSent(draft) {
    keep(SENT + draft.ticket_id, {ticket_id: draft.ticket_id, label: draft.label,
                                  outcome: draft.outcome, notes: draft.notes, fee: draft.fee,
                                  at: Date.now()});
    keptKeys(SENT).map(load).filter(Boolean).sort(function (a, b) { return b.at - a.at; })
      .slice(SENT_KEPT).forEach(function (old) { forget(SENT + old.ticket_id); });
  }

  function openFor(current) {
    formTicket = current.ticket_id;
    var draft = load(DRAFT + current.ticket_id);
    var sent = draft ? null : load(SENT + current.ticket_id);
    if (sent) {
      // Back at the counter after its 办结 was undone: the form as this phone sent it.
      draft = {ticket_id: sent.ticket_id, label: current.label, outcome: sent.outcome,
               notes: sent.notes, fee: sent.fee, at: Date.now(), pending: null};
      keep(DRAFT + current.ticket_id, draft);
      forget(SENT + current.ticket_id);
      refilled = current.ticket_id;
    }
    draft = draft || {};
    setValues(draft.outcome || {});
    $("x-notes").value = draft.notes || "";
    $("x-fee").value = draft.fee || "";
    showFieldErrors({});
  }

  function draftNow() {
    var c = state && state.current;
    if (!c) return null;
    var before = load(DRAFT + c.ticket_id) || {};
    return {ticket_id: c.ticket_id, label: c.label, outcome: formValues(),
            notes: $("x-notes").value, fee: $("x-fee").value, at: Date.now(),
            pending: before.pending || null};
  }

  function onEdited(event) {
    var c = state && state.current;
    if (!c || c.ticket_id !== formTicket) return;
    keep(DRAFT + c.ticket_id, draftNow());
    var field = event.target.closest ? event.target.closest(".field") : null;
    var error = field ? field.querySelector(".field-error") : null;
    if (error) { error.hidden = true; field.classList.remove("invalid"); }
  }

  function errorNode(key) {
    if (specs.some(function (s) { return s.key === key; })) return $("oe-" + key);
    if (key === "notes" || key === "fee") return $("xe-" + key);
    return null;
  }

  /* The hub's messages, each under its field (the desktop's words). */
  function showFieldErrors(fields) {
    var errors = document.querySelectorAll("#outcome .field-error");
    Array.prototype.forEach.call(errors, function (node) {
      node.hidden = true;
      text(node, "");
      node.parentNode.classList.remove("invalid");
    });
    var elsewhere = [];
    Object.keys(fields).forEach(function (key) {
      var node = errorNode(key);
      if (!node) { elsewhere.push(fields[key]); return; }
      text(node, fields[key]);
      node.hidden = false;
      node.parentNode.classList.add("invalid");
    });
    var first = document.querySelector("#outcome .invalid");
    if (first && first.scrollIntoView) first.scrollIntoView({block: "center"});
    return elsewhere;
  }

  function submitDone(event) {
    event.preventDefault();
    var c = state && state.current;
    if (!c || $("done").disabled) return;
    var draft = draftNow();
    if (link !== "online") {
      // Kept for later: only "required but empty" is said now; the hub checks the rest.
      var empty = specs.filter(function (s) {
        return s.required && s.type !== "bool" && draft.outcome[s.key] === undefined;
      });
      if (empty.length) {
        var hints = {};
        empty.forEach(function (s) { hints[s.key] = "必填"; });
        showFieldErrors(hints);
        say("请先填写：" + empty.map(function (s) { return s.name; }).join("、"), "error");
        return;
      }
    }
    draft.pending = {request_id: Hub.requestId(), sent: false};
    draft.what = summary(draft);  // in words, for a page that cannot build the form later
    keep(DRAFT + c.ticket_id, draft);
    if (link !== "online") {
      say("未连接：" + c.label + " 的结果已存在本手机上，连上后自动提交。", "warn");
      render();
      return;
    }
    sendDone(c.ticket_id);
  }

  /* Everything typed for an outcome, in words: each field filled in, 备注 and 收费. */
  function summary(draft) {
    var parts = specs.filter(function (s) {
      return draft.outcome[s.key] !== undefined && draft.outcome[s.key] !== false;
    }).map(function (s) {
      var v = draft.outcome[s.key];
      if (s.type === "choice") {
        var o = s.options.filter(function (x) { return x.code === v; })[0];
        v = o ? o.name : v;
      }
      return s.name + " " + (v === true ? "是" : v) + (s.unit ? " " + s.unit : "");
    });
    var notes = String(draft.notes || "").trim();
    var fee = String(draft.fee || "").trim();
    if (notes) parts.push("备注：" + notes);
    if (fee) parts.push("收费 " + fee + " 元");
    return parts.join("，");
  }

  function typed(draft) {
    return specs.length ? summary(draft) : draft.what || "";
  }

  /* The refused outcomes, each with its own 我已记下. */
  function renderUnsaved() {
    var items = keptKeys(UNSAVED).map(load).filter(Boolean).sort(function (a, b) {
      return a.at - b.at;
    });
    var list = $("unsavedList");
    var key = JSON.stringify(items);
    $("unsaved").hidden = !items.length;
    if (list.getAttribute("data-for") === key) return;
    list.setAttribute("data-for", key);
    list.textContent = "";
    items.forEach(function (item) {
      list.appendChild(el("div", {class: "unsaved-item"},
        el("p", null, item.error),
        el("p", {class: "unsaved-what"}, "没有保存的内容（" + item.label + "）：" +
           (item.what || "（没有填写内容）")),
        el("button", {type: "button", class: "secondary", onclick: function () {
          forget(UNSAVED + item.ticket_id);
          renderUnsaved();
        }}, "我已记下")));
    });
  }

  /* Send a kept outcome, under the request id it was given when 办结 was pressed: a repeat
     after a dropped answer is answered by the hub with its first answer, once. */
  function sendDone(ticketId) {
    var draft = load(DRAFT + ticketId);
    if (!draft || !draft.pending) return Promise.resolve();
    draft.pending.sent = true;
    keep(DRAFT + ticketId, draft);
    busy = true;
    render();
    return Hub.command("done", {request_id: draft.pending.request_id, ticket_id: ticketId,
                                outcome: draft.outcome, notes: draft.notes, fee: draft.fee}, 3)
      .then(function (answer) {
        busy = false;
        var body = answer.body;
        if (answer.status === 0) {
          say("没有连上登记电脑：" + draft.label + " 的结果已存在本手机上，连上后自动提交。", "warn");
        } else if (answer.status === 401 || answer.status === 403) {
          onEnded(body.error);
        } else {
          if (body.state) onState(body.state, "answer");
          var current = state.current && state.current.ticket_id === ticketId;
          if (body.ok) {
            keepSent(draft);
            forget(DRAFT + ticketId);
            showFieldErrors({});
            say(body.message, "ok");
            var visit = body.result && body.result.visit_id;
            if (visit) openPad(visit, body.result.label);
          } else if (current) {
            draft.pending = null;  // back to the form: the hub said what to change
            keep(DRAFT + ticketId, draft);
            var elsewhere = showFieldErrors(body.fields || {});
            say("未保存：" + [body.error].concat(elsewhere).join(" "), "error");  // the desk's words
          } else {
            // That person has gone: what was typed stays on screen, in full, until the
            // worker has copied it (我已记下).
            keep(UNSAVED + ticketId, {ticket_id: ticketId, label: draft.label,
                                      error: body.error, what: typed(draft), at: Date.now()});
            forget(DRAFT + ticketId);
            renderUnsaved();
            say(draft.label + " 没有保存：请把下面红框里的内容抄下。", "error");
            window.scrollTo(0, 0);
          }
        }
        render();
      });
  }

  /* Everything kept while the link was down, sent once it is back (in order, one by one). */
  function flush() {
    if (flushing || link !== "online" || ended) return;
    var drafts = keptKeys(DRAFT).map(load).filter(function (d) { return d && d.pending; });
    var ratings = keptKeys(RATING).map(load).filter(Boolean);
    if (!drafts.length && !ratings.length) return;
    flushing = true;
    var chain = Promise.resolve();
    drafts.forEach(function (d) {
      chain = chain.then(function () { return sendDone(d.ticket_id); });
    });
    ratings.forEach(function (r) {
      chain = chain.then(function () { return sendRating(r.visit_id); });
    });
    chain.then(function () { flushing = false; }, function () { flushing = false; });
  }

  /* ---------------------------------------------------------------- the rating pad */

  function face(level) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", "0 0 100 100");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("class", "face");
    var parts = [["circle", {cx: 50, cy: 50, r: 46, fill: FACE_COLOURS[level]}],
                 ["circle", {cx: 34, cy: 38, r: 7, fill: "#fff"}],
                 ["circle", {cx: 66, cy: 38, r: 7, fill: "#fff"}],
                 ["path", {d: MOUTHS[level], fill: "none", stroke: "#fff", "stroke-width": 8,
                           "stroke-linecap": "round"}]];
    parts.forEach(function (part) {
      var node = document.createElementNS(ns, part[0]);
      Object.keys(part[1]).forEach(function (k) { node.setAttribute(k, part[1][k]); });
      svg.appendChild(node);
    });
    return svg;
  }

  function buildFaces() {
    var box = $("faces");
    if (box.childNodes.length) return;
    state.rating_levels.forEach(function (level) {
      box.appendChild(el("button", {type: "button", class: "face-button level-" + level.level,
                                    "data-level": level.level,
                                    onclick: function () { rate(level.level); }},
                         face(level.level), el("span", null, level.name)));
    });
  }

  function openPad(visitId, label) {
    padVisit = visitId;
    buildFaces();
    text($("padWhat"), label + " · " + state.stall.name);
    $("padThanks").hidden = true;
    $("faces").hidden = false;
    $("skip").hidden = false;
    Array.prototype.forEach.call($("faces").childNodes, function (b) { b.disabled = false; });
    $("pad").hidden = false;
    $("desk").hidden = true;
    // The staff's banners wait under the pad (stall.css): the faces and 跳过 fill the screen.
    document.body.classList.add("pad-up");
    window.scrollTo(0, 0);
  }

  function closePad() {
    padVisit = null;
    $("pad").hidden = true;
    document.body.classList.remove("pad-up");
    render();
  }

  function thank(message) {
    $("faces").hidden = true;
    $("skip").hidden = true;
    text($("padThanks"), message);
    $("padThanks").hidden = false;
    setTimeout(closePad, 2000);
  }

  /* The villager's own rating: sent now, or kept and sent once the link is back. */
  function rate(level) {
    var visitId = padVisit;
    Array.prototype.forEach.call($("faces").childNodes, function (b) { b.disabled = true; });
    keep(RATING + visitId, {visit_id: visitId, level: level, request_id: Hub.requestId(),
                            at: Date.now()});
    if (link !== "online") {
      thank("谢谢您的评价！（连上后送出）");
      return;
    }
    sendRating(visitId).then(function (message) { thank(message || "谢谢您的评价！"); });
  }

  function sendRating(visitId) {
    var kept = load(RATING + visitId);
    if (!kept) return Promise.resolve("");
    return Hub.command("rate", {request_id: kept.request_id, visit_id: kept.visit_id,
                                level: kept.level}, 3).then(function (answer) {
      if (answer.status === 0) return "谢谢您的评价！（连上后送出）";
      forget(RATING + visitId);
      if (answer.body.state) onState(answer.body.state, "answer");
      return answer.body.ok ? answer.body.message : "";
    });
  }

  /* ---------------------------------------------------------------- other commands */

  function act(action, body) {
    if (busy) return Promise.resolve(null);
    busy = true;
    render();
    return Hub.command(action, body || {}).then(function (answer) {
      busy = false;
      var b = answer.body;
      if (answer.status === 0) {
        say("没有连上登记电脑，这一步可能没有做成：等连上后看画面再操作。", "error");
      } else if (answer.status === 401 || answer.status === 403) {
        onEnded(b.error);
      } else {
        if (b.state) onState(b.state, "answer");
        say(b.ok ? b.message : b.error, b.ok ? "ok" : "error");
      }
      render();
      return answer;
    });
  }

  function chooseCounter(event) {
    var counter = Number(event.currentTarget.getAttribute("data-counter"));
    act("counter", {counter: counter}).then(function (answer) {
      if (answer && answer.body.ok) { picking = false; render(); }
    });
  }

  function askUndo() {
    var undo = state && state.undo;
    if (!undo) return;
    var body = {expect: undo.event_id};
    function send() {
      refilled = null;
      act("undo", body).then(function (answer) {
        var c = state && state.current;
        if (answer && answer.body.ok && c && refilled === c.ticket_id) {
          say(answer.body.message + " 表格已填回本手机提交过的内容，改好后再按办结。", "ok");
        }
        refilled = null;
      });
    }
    if (!undo.needs_confirmation) { send(); return; }
    text($("confirmText"), undo.text);
    confirmed = send;
    $("confirm").hidden = false;
  }

  function openRequest() {
    var select = $("r-category");
    select.textContent = "";
    state.request_categories.forEach(function (c) {
      var chosen = c.code === state.request_category;
      select.appendChild(el("option", {value: c.code, selected: chosen}, c.name));
    });
    $("r-text").value = "";
    ["re-category", "re-text", "requestError"].forEach(function (id) { $(id).hidden = true; });
    request = {id: null, key: null};
    $("requestDialog").hidden = false;
    $("r-text").focus();
  }

  function sendRequest(event) {
    event.preventDefault();
    var body = {category: $("r-category").value, text: $("r-text").value};
    var key = JSON.stringify(body);
    // The same words sent again after a dropped link are the same command (one request).
    if (request.key !== key) request = {id: Hub.requestId(), key: key};
    body.request_id = request.id;
    act("request", body).then(function (answer) {
      if (!answer || answer.status === 0) return;
      request = {id: null, key: null};
      var fields = answer.body.fields || {};
      var general = !answer.body.ok && !fields.category && !fields.text ? answer.body.error : "";
      $("requestError").hidden = !general;  // the page's own message line is under the dialog
      text($("requestError"), general);
      $("re-category").hidden = !fields.category;
      text($("re-category"), fields.category || "");
      $("re-text").hidden = !fields.text;
      text($("re-text"), fields.text || "");
      if (answer.body.ok) $("requestDialog").hidden = true;
    });
  }

  /* ---------------------------------------------------------------- wiring */

  $("message").addEventListener("click", function () { $("message").hidden = true; fitTop(); });
  $("call").addEventListener("click", function () { act("call_next"); });
  $("arrived").addEventListener("click", function () { act("arrived"); });
  $("recall").addEventListener("click", function () { act("recall"); });
  $("noShow").addEventListener("click", function () { act("no_show"); });
  $("outcome").addEventListener("submit", submitDone);
  // The keyboard's Enter (前往/下一项) moves to the next box; only the 办结 button finishes.
  $("outcome").addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.target.tagName !== "INPUT") return;
    event.preventDefault();
    var boxes = Array.prototype.slice.call($("outcome").querySelectorAll(
      'input[type="text"], input:not([type]), textarea'));
    var next = boxes[boxes.indexOf(event.target) + 1];
    if (next) next.focus();
  });
  $("outcome").addEventListener("input", onEdited);
  $("outcome").addEventListener("change", onEdited);
  $("keptCancel").addEventListener("click", function () {
    var c = state && state.current;
    var draft = c ? load(DRAFT + c.ticket_id) : null;
    if (draft && draft.pending && !draft.pending.sent) {
      draft.pending = null;
      keep(DRAFT + c.ticket_id, draft);
      say("", "ok");
    }
    render();
  });
  $("changeCounter").addEventListener("click", function () { picking = true; render(); });
  $("undo").addEventListener("click", askUndo);
  $("confirmNo").addEventListener("click", function () { $("confirm").hidden = true; });
  $("confirmYes").addEventListener("click", function () {
    $("confirm").hidden = true;
    if (confirmed) confirmed();
    confirmed = null;
  });
  $("request").addEventListener("click", openRequest);
  $("requestCancel").addEventListener("click", function () { $("requestDialog").hidden = true; });
  $("requestForm").addEventListener("submit", sendRequest);
  $("rateLast").addEventListener("click", function () {
    if (state && state.last_visit) openPad(state.last_visit.visit_id, state.last_visit.label);
  });
  $("skip").addEventListener("click", closePad);  // no rating is the default: nothing to send

  renderUnsaved();  // kept from before the page was (re)opened
  new Hub.Live({state: "/api/stall/state", events: "/api/stall/events", onState: onState,
                onLink: onLink, onEnded: onEnded}).start();
})();
