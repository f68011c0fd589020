(function () {
  "use strict";
  var etat = document.getElementById("etat");
  function fail(e) {
    etat.setAttribute("data-state", "error");
    etat.textContent = (window.ACCROCHE_UI ? window.ACCROCHE_UI.error + " " : "") + String(e && e.message || e);
  }
  window.addEventListener("error", function (ev) { fail(ev.error || ev.message); });
  try {
    var t0 = performance.now();
    var D = JSON.parse(document.getElementById("donnees").textContent);
    var U = D.ui;
    window.ACCROCHE_UI = U;
    var F = D.findings;
    // Indices into a finding array.
    var ID = 0, LINE = 1, RULE = 2, SEV = 3, FIELD = 4, VALUE = 5, MSG = 6, FIX = 7, ALT = 8;
    var PER_PAGE = 200;
    var SEV_RANK = { error: 0, warning: 1, info: 2 };
    var SEV_LABEL = { error: U.sev_error, warning: U.sev_warning, info: U.sev_info };
    var APP_LABEL = { safe: U.fix_safe, unsafe: U.fix_unsafe, "display-only": U.fix_display };
    var NILLABLE = {};
    D.nillable.forEach(function (f) { NILLABLE[f] = true; });
    var RULES = {};
    D.rules.forEach(function (r) { RULES[r.code] = r; });
    var fmt = new Intl.NumberFormat(D.lang === "fr" ? "fr-FR" : "en-GB");

    // Lower-case text searched for each finding: holder, values before and after, message.
    var hay = new Array(F.length);
    for (var i = 0; i < F.length; i++) {
      var f = F[i];
      var parts = [f[ID], f[VALUE] || "", f[MSG], f[RULE]];
      if (f[FIX]) f[FIX][1].forEach(function (e) { parts.push(e[1] || "", e[2] || ""); });
      hay[i] = parts.join("\n").toLowerCase();
    }

    var state = { rule: "", fix: "", q: "", sort: "line", dir: 1, page: 0 };
    var ready = false;
    var rows = [];

    function el(tag, cls, text) {
      var n = document.createElement(tag);
      if (cls) n.className = cls;
      if (text !== undefined && text !== null) n.textContent = text;
      return n;
    }

    // Whether a font on this machine can draw `ch` (else it would show as an empty box).
    function hasGlyph(ch) {
      try {
        var ctx = document.createElement("canvas").getContext("2d");
        ctx.font = "20px monospace";
        return ctx.measureText(ch).width !== ctx.measureText("\u0378").width;
      } catch (e) { return true; }
    }
    var SPACE = hasGlyph("\u2420") ? "\u2420" : "\u00b7";
    document.querySelectorAll(".marque-espace").forEach(function (n) { n.textContent = SPACE; });
    // Invisible or confusable characters, made visible.
    var SHOW = { " ": [SPACE, U.space], "\u00a0": ["\u237d", U.nbsp], "\t": ["\u21e5", "tab"], "\n": ["\u21b5", "LF"], "\r": ["\u240d", "CR"] };
    var INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufe00-\ufe0f\ufeff]/;
    function appendVisible(parent, s) {
      var plain = "";
      function flush() { if (plain) { parent.appendChild(document.createTextNode(plain)); plain = ""; } }
      for (var k = 0; k < s.length; k++) {
        var c = s.charAt(k);
        var m = SHOW[c];
        if (m) {
          flush();
          var sp = el("span", "inv", m[0]);
          sp.title = m[1];
          parent.appendChild(sp);
        } else if (INVISIBLE.test(c)) {
          flush();
          var code = c.charCodeAt(0).toString(16).toUpperCase();
          while (code.length < 4) code = "0" + code;
          var iv = el("span", "inv", "[U+" + code + "]");
          iv.title = U.invisible;
          parent.appendChild(iv);
        } else {
          plain += c;
        }
      }
      flush();
    }

    // A value, with the part that differs from `other` highlighted.
    function valueNode(s, other, cls, field) {
      if (s === null || s === undefined) {
        return el("span", "absent", field && NILLABLE[field] ? U.nil : U.absent);
      }
      if (s === "") return el("span", "absent", U.empty);
      var span = el("span", "val " + cls);
      if (typeof other !== "string" || other === s) {
        appendVisible(span, s);
        return span;
      }
      var p = 0, max = Math.min(s.length, other.length);
      while (p < max && s.charAt(p) === other.charAt(p)) p++;
      var q = 0;
      while (q < max - p && s.charAt(s.length - 1 - q) === other.charAt(other.length - 1 - q)) q++;
      appendVisible(span, s.slice(0, p));
      if (s.length - q > p) {
        var mk = el("mark");
        appendVisible(mk, s.slice(p, s.length - q));
        span.appendChild(mk);
      }
      appendVisible(span, s.slice(s.length - q));
      return span;
    }

    function editsNode(fix, field, withBadge) {
      var box = el("div");
      var edits = fix[1];
      edits.forEach(function (e) {
        var line = el("div");
        if (edits.length > 1 || e[0] !== field) line.appendChild(el("span", "champ-edit", e[0] + " : "));
        line.appendChild(valueNode(e[2], e[1], "apres", e[0]));
        box.appendChild(line);
      });
      if (withBadge) box.appendChild(el("span", "app " + fix[0], APP_LABEL[fix[0]] || fix[0]));
      return box;
    }

    function row(f) {
      var tr = el("tr");
      tr.appendChild(el("td", "num", String(f[LINE])));
      tr.appendChild(el("td", "id", f[ID]));
      var tdr = el("td");
      var b = el("button", "regle-btn", f[RULE]);
      b.type = "button";
      b.setAttribute("data-rule", f[RULE]);
      tdr.appendChild(b);
      tr.appendChild(tdr);
      tr.appendChild(el("td", "sev " + f[SEV], SEV_LABEL[f[SEV]] || f[SEV]));
      tr.appendChild(el("td", null, f[FIELD] || "-"));
      var fix = f[FIX];
      var proposed = null;
      if (fix) {
        for (var k = 0; k < fix[1].length; k++) if (fix[1][k][0] === f[FIELD]) proposed = fix[1][k][2];
      }
      var tdv = el("td");
      if (f[FIELD] || f[VALUE] !== null) tdv.appendChild(valueNode(f[VALUE], proposed, "avant", f[FIELD]));
      tr.appendChild(tdv);
      var tda = el("td");
      if (fix) tda.appendChild(editsNode(fix, f[FIELD], true));
      f[ALT].forEach(function (alt) {
        var a = el("div", "alt");
        a.appendChild(document.createTextNode(U.or_else + " :"));
        a.appendChild(editsNode(alt, f[FIELD], false));
        tda.appendChild(a);
      });
      tr.appendChild(tda);
      tr.appendChild(el("td", null, f[MSG]));
      return tr;
    }

    function key(i) {
      var f = F[i];
      switch (state.sort) {
        case "id": return f[ID];
        case "rule": return f[RULE];
        case "sev": return SEV_RANK[f[SEV]];
        case "field": return f[FIELD] || "";
        default: return f[LINE];
      }
    }

    function compute() {
      var q = state.q.toLowerCase();
      rows = [];
      for (var i = 0; i < F.length; i++) {
        var f = F[i];
        if (state.rule && f[RULE] !== state.rule) continue;
        if (state.fix) {
          var a = f[FIX] ? f[FIX][0] : "none";
          if (a !== state.fix) continue;
        }
        if (q && hay[i].indexOf(q) < 0) continue;
        rows.push(i);
      }
      var coll = new Intl.Collator(D.lang, { numeric: true });
      rows.sort(function (a, b) {
        var ka = key(a), kb = key(b), c;
        if (typeof ka === "number") c = ka - kb; else c = coll.compare(ka, kb);
        if (c === 0) c = a - b;
        return c * state.dir;
      });
      var pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
      if (state.page >= pages) state.page = pages - 1;
    }

    var tbody = document.querySelector("#table tbody");
    function render() {
      var frag = document.createDocumentFragment();
      var start = state.page * PER_PAGE;
      var end = Math.min(rows.length, start + PER_PAGE);
      for (var i = start; i < end; i++) frag.appendChild(row(F[rows[i]]));
      if (rows.length === 0) {
        var tr = el("tr");
        var td = el("td", null, U.none);
        td.colSpan = 8;
        tr.appendChild(td);
        frag.appendChild(tr);
      }
      tbody.replaceChildren(frag);
      var pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
      document.querySelectorAll(".pages").forEach(function (nav) {
        nav.querySelector(".pos").textContent = U.page + " " + fmt.format(state.page + 1) + " " + U.of + " " + fmt.format(pages) + " — " + fmt.format(rows.length) + " " + U.shown;
        nav.querySelector(".prec").disabled = state.page === 0;
        nav.querySelector(".suiv").disabled = state.page >= pages - 1;
      });
      etat.setAttribute("data-shown", String(rows.length));
      etat.setAttribute("data-page", String(state.page + 1));
      if (ready) writeHash();
      document.querySelectorAll("th button[data-sort]").forEach(function (b) {
        var th = b.parentNode;
        if (b.getAttribute("data-sort") === state.sort) th.setAttribute("aria-sort", state.dir > 0 ? "ascending" : "descending");
        else th.removeAttribute("aria-sort");
      });
    }
    function update() { compute(); render(); }

    // The view is kept in the address (#regle=W001&q=martin&tri=id&sens=desc&page=2), so a
    // filtered view can be bookmarked, and tests can open one.
    var SORTS = { line: 1, id: 1, rule: 1, sev: 1, field: 1 };
    var docToOpen = null;
    function readHash() {
      var h = location.hash.replace(/^#/, "");
      if (!h) return;
      var p = new URLSearchParams(h);
      if (p.has("regle")) state.rule = p.get("regle");
      if (p.has("correction")) state.fix = p.get("correction");
      if (p.has("q")) state.q = p.get("q");
      if (SORTS[p.get("tri")]) state.sort = p.get("tri");
      if (p.get("sens") === "desc") state.dir = -1;
      if (p.has("page")) state.page = Math.max(0, (parseInt(p.get("page"), 10) || 1) - 1);
      docToOpen = p.get("doc");
    }
    function writeHash() {
      var p = new URLSearchParams();
      if (state.rule) p.set("regle", state.rule);
      if (state.fix) p.set("correction", state.fix);
      if (state.q) p.set("q", state.q);
      if (state.sort !== "line") p.set("tri", state.sort);
      if (state.dir < 0) p.set("sens", "desc");
      if (state.page > 0) p.set("page", String(state.page + 1));
      var h = p.toString();
      try { history.replaceState(null, "", h ? "#" + h : location.pathname); } catch (e) { /* file: URLs in some browsers */ }
    }

    // Filters.
    var selRule = document.getElementById("filtre-regle");
    var counts = {};
    F.forEach(function (f) { counts[f[RULE]] = (counts[f[RULE]] || 0) + 1; });
    selRule.appendChild(new Option(U.all_rules + " (" + fmt.format(F.length) + ")", ""));
    Object.keys(counts).sort().forEach(function (c) {
      var r = RULES[c];
      selRule.appendChild(new Option(c + " — " + (r ? r.summary : "") + " (" + fmt.format(counts[c]) + ")", c));
    });
    selRule.addEventListener("change", function () { state.rule = selRule.value; state.page = 0; update(); });
    var selFix = document.getElementById("filtre-correction");
    [["", U.all_fixes], ["safe", U.fix_safe], ["unsafe", U.fix_unsafe], ["display-only", U.fix_display], ["none", U.fix_none]].forEach(function (o) {
      selFix.appendChild(new Option(o[1], o[0]));
    });
    selFix.addEventListener("change", function () { state.fix = selFix.value; state.page = 0; update(); });
    var search = document.getElementById("recherche");
    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { state.q = search.value.trim(); state.page = 0; update(); }, 150);
    });
    document.querySelectorAll("th button[data-sort]").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.getAttribute("data-sort");
        if (state.sort === s) state.dir = -state.dir; else { state.sort = s; state.dir = 1; }
        state.page = 0;
        update();
      });
    });
    document.querySelectorAll(".pages").forEach(function (nav) {
      nav.querySelector(".prec").addEventListener("click", function () { if (state.page > 0) { state.page--; render(); } });
      nav.querySelector(".suiv").addEventListener("click", function () { state.page++; compute(); render(); });
    });

    // Rule explanations, one click away.
    var dlg = document.getElementById("regle");
    function showRule(code) {
      var r = RULES[code];
      if (!r) return;
      dlg.querySelector(".dlg-titre").textContent = r.code + " — " + r.summary;
      dlg.querySelector(".dlg-resume").textContent = r.name + " · " + r.severity;
      var dl = dlg.querySelector(".dlg-doc");
      dl.replaceChildren();
      [r.what, r.why, r.example, r.fix_safety].forEach(function (t, k) {
        dl.appendChild(el("dt", null, U.headings[k]));
        dl.appendChild(el("dd", null, t));
      });
      if (typeof dlg.showModal === "function") dlg.showModal(); else dlg.setAttribute("open", "");
    }
    function closeRule() { if (typeof dlg.close === "function") dlg.close(); else dlg.removeAttribute("open"); }
    dlg.querySelector(".fermer").addEventListener("click", closeRule);
    dlg.addEventListener("click", function (ev) { if (ev.target === dlg) closeRule(); });
    tbody.addEventListener("click", function (ev) {
      var b = ev.target.closest && ev.target.closest(".regle-btn");
      if (b) showRule(b.getAttribute("data-rule"));
    });

    // Bars of the per-rule chart filter the table.
    function filterRule(code) {
      state.rule = code;
      selRule.value = code;
      state.page = 0;
      update();
      document.getElementById("constats").scrollIntoView({ behavior: "smooth" });
    }
    document.querySelectorAll(".barre-regle").forEach(function (g) {
      var code = g.getAttribute("data-rule");
      g.addEventListener("click", function () { filterRule(code); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); filterRule(code); } });
    });

    readHash();
    selRule.value = state.rule;
    selFix.value = state.fix;
    search.value = state.q;
    update();
    ready = true;
    if (docToOpen) showRule(docToOpen);
    var ms = Math.round(performance.now() - t0);
    etat.setAttribute("data-page-ms", String(Math.round(performance.now())));
    etat.setAttribute("data-state", "ready");
    etat.setAttribute("data-ms", String(ms));
    etat.setAttribute("data-findings", String(F.length));
    etat.textContent = fmt.format(F.length) + " " + U.ready + " (" + ms + " ms)";
  } catch (e) {
    fail(e);
  }
})();
