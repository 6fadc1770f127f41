/*
 * Clinic assistant widget. One tag on any page:
 *   <script src="https://HOST/widget.js" async data-title="..." data-color="#0b6e4f"
 *           data-position="right" data-greeting="..."></script>
 * adds a launcher button and a chat panel inside a shadow root, so the page's CSS cannot
 * reach the panel and the panel's CSS cannot reach the page.
 *
 * Contracts: every text from the user, the server or the corpus is inserted with
 * textContent / createTextNode, never as HTML; links are made only from http(s) URLs.
 * Requests go to the server the script came from, without cookies (credentials: "omit").
 * The conversation lives in sessionStorage, so it lasts for the browser tab's session.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__clinicAssistantWidget) return;
  window.__clinicAssistantWidget = true;

  var BASE = script.src.replace(/\/widget\.js(\?.*)?$/, "");
  var STORE_KEY = "clinic-assistant:" + BASE;
  var HISTORY_SENT = 10; // recent turns sent for follow-ups; the server enforces its own limit
  var data = script.dataset;
  var opts = {
    title: data.title || "Ask the clinic",
    greeting: data.greeting || "Hello! Ask me a question about our health articles.",
    // Only a hex colour is accepted; anything else falls back to the default.
    color: /^#[0-9a-f]{3}([0-9a-f]{3})?$/i.test(data.color || "") ? data.color : "#0b6e4f",
    left: data.position === "left",
    inline: data.mode === "inline",
  };

  // widget.css, inlined by the server when it serves this file (one request, no flash).
  var CSS = "%WIDGET_CSS%";

  // --- tiny DOM helpers: text only -----------------------------------------------------------
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function safeUrl(url) {
    try {
      var parsed = new URL(url); // absolute URLs only: "" or "x" throw, so no link is made
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  // --- safe minimal Markdown: paragraphs, "- " lists, **bold**, [n] markers ------------------
  function renderInline(parent, text, onCite) {
    var re = /\*\*([^*]+)\*\*|\[(\d+)\]/g;
    var last = 0;
    var m;
    while ((m = re.exec(text))) {
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      if (m[1] != null) parent.appendChild(el("strong", null, m[1]));
      else parent.appendChild(onCite(Number(m[2])));
      last = re.lastIndex;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
  // An article's own "[1]" inside a quoted passage is text, not a marker (as render.py does):
  // each quote line is found in order, whitespace collapsed and "*" dropped; brackets inside
  // get an invisible word joiner, so the marker pattern no longer matches them.
  function normalised(text) {
    var chars = [];
    var where = [];
    for (var i = 0; i < text.length; i++) {
      var space = /\s/.test(text[i]);
      if (text[i] === "*" || (space && chars[chars.length - 1] === " ")) continue;
      chars.push(space ? " " : text[i]);
      where.push(i);
    }
    return { text: chars.join(""), where: where };
  }
  function quotedMarksAsText(text, citations) {
    var n = normalised(text);
    var spans = [];
    var cursor = 0;
    citations.slice().sort(function (a, b) { return a.n - b.n; }).forEach(function (c) {
      String(c.quote || "").split(/\r?\n/).forEach(function (line) {
        var piece = normalised(line).text.trim();
        var found = piece ? n.text.indexOf(piece, cursor) : -1;
        if (found < 0) return;
        spans.push([n.where[found], n.where[found + piece.length - 1] + 1]);
        cursor = found + piece.length;
      });
    });
    return text.replace(/\[(\d+)\]/g, function (mark, digits, at) {
      var quoted = spans.some(function (s) { return s[0] <= at && at < s[1]; });
      return quoted ? "[\u2060" + digits + "]" : mark;
    });
  }
  function renderMarkdown(text, onCite) {
    var frag = document.createDocumentFragment();
    var block = null;
    text.split(/\r?\n/).forEach(function (raw) {
      var line = raw.replace(/^#{1,6}\s+/, "");
      var item = /^\s*[-*]\s+(.*)$/.exec(line);
      if (!line.trim()) {
        block = null;
      } else if (item) {
        if (!block || block.tagName !== "UL") block = frag.appendChild(el("ul"));
        renderInline(block.appendChild(el("li")), item[1], onCite);
      } else {
        if (!block || block.tagName !== "P") block = frag.appendChild(el("p"));
        else block.appendChild(el("br"));
        renderInline(block, line, onCite);
      }
    });
    return frag;
  }

  // --- server-sent events over fetch ----------------------------------------------------------
  function sseParser(onEvent) {
    var buf = "";
    var name = "message";
    var lines = [];
    return function (chunk, end) {
      buf += chunk;
      // Hold a trailing "\r": its "\n" may arrive in the next chunk.
      var cut = !end && buf.endsWith("\r") ? buf.length - 1 : buf.length;
      var parts = buf.slice(0, cut).split(/\r\n|\r|\n/);
      buf = parts.pop() + buf.slice(cut);
      if (end && buf) parts.push(buf, "");
      parts.forEach(function (line) {
        if (!line) {
          if (lines.length) onEvent(name, lines.join("\n"));
          name = "message";
          lines = [];
        } else if (line[0] !== ":") {
          var i = line.indexOf(":");
          var field = i < 0 ? line : line.slice(0, i);
          var value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
          if (field === "event") name = value;
          else if (field === "data") lines.push(value);
        }
      });
    };
  }

  async function explainFailure(response) {
    var message = "The assistant could not answer (error " + response.status + ").";
    try {
      var body = await response.json();
      if (body && typeof body.error === "string") message = body.error;
    } catch (e) {
      /* keep the generic message */
    }
    return message;
  }
  async function explainNetworkError() {
    // A refused origin gets no CORS headers, which the browser reports as a network error.
    // If the server answers an opaque (no-cors) request, the network is fine: it was refused.
    try {
      await fetch(BASE + "/api/health", { mode: "no-cors", credentials: "omit" });
      return (
        "This website (" + location.origin + ") is not allowed to use the clinic assistant. " +
        "The site's administrator can allow it on the assistant's server (ASSISTANT_ALLOWED_ORIGINS). " +
        "You can still use the full chat: " + BASE + "/"
      );
    } catch (e) {
      return "Could not reach the assistant. Check your connection and try again.";
    }
  }

  // --- conversation state (this tab only) ----------------------------------------------------
  var state = { open: false, messages: [] };
  try {
    var saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "null");
    if (saved && Array.isArray(saved.messages)) state = saved;
  } catch (e) {
    /* storage blocked or corrupt: start fresh */
  }
  function persist() {
    try {
      sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
      /* storage full or blocked: the conversation still works, it just won't survive reloads */
    }
  }

  // --- the panel ----------------------------------------------------------------------------
  var host = document.createElement("clinic-assistant");
  var shadow = host.attachShadow({ mode: "open" });
  if (shadow.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    shadow.adoptedStyleSheets = [sheet];
  } else {
    shadow.appendChild(el("style", null, CSS));
  }
  var root = shadow.appendChild(el("div", "root" + (opts.inline ? " inline" : "") + (opts.left ? " left" : "")));
  root.style.setProperty("--accent", opts.color);

  var launcher = el("button", "launcher", opts.title);
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "ca-panel");

  var panel = el("section", "panel");
  panel.id = "ca-panel";
  panel.setAttribute("role", opts.inline ? "region" : "dialog");
  panel.setAttribute("aria-labelledby", "ca-title");
  var header = panel.appendChild(el("header"));
  header.appendChild(el("h2", null, opts.title)).id = "ca-title";
  var close = el("button", "close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  if (!opts.inline) header.appendChild(close);

  var log = panel.appendChild(el("div", "log"));
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");

  var form = panel.appendChild(el("form"));
  var label = form.appendChild(el("label", "sr", "Your question"));
  label.htmlFor = "ca-question";
  var input = form.appendChild(el("textarea"));
  input.id = "ca-question";
  input.rows = 1;
  input.placeholder = "Type your question";
  var send = form.appendChild(el("button", "send", "Send"));
  send.type = "submit";

  var powered = panel.appendChild(el("a", "powered", "Powered by the clinic assistant \u00b7 open the full chat"));
  powered.href = BASE + "/";
  powered.target = "_blank";
  powered.rel = "noopener noreferrer";

  if (!opts.inline) root.appendChild(launcher);
  root.appendChild(panel);

  function setOpen(open, restoreFocus) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    persist();
    if (open) input.focus();
    else if (restoreFocus) launcher.focus();
  }
  launcher.addEventListener("click", function () {
    setOpen(panel.hidden, true);
  });
  close.addEventListener("click", function () {
    setOpen(false, true);
  });
  root.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !opts.inline && !panel.hidden) {
      event.stopPropagation();
      setOpen(false, true);
    }
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // --- messages -----------------------------------------------------------------------------
  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }
  function showUser(text) {
    log.appendChild(el("div", "msg user", text));
    scrollDown();
  }
  function showError(text) {
    var box = log.appendChild(el("div", "msg error", text));
    box.setAttribute("role", "alert");
    scrollDown();
  }
  function citeMarker(sources) {
    return function (n) {
      var a = el("a", "cite", "[" + n + "]");
      a.href = "#";
      a.setAttribute("aria-label", "Source " + n);
      a.addEventListener("click", function (event) {
        event.preventDefault();
        var target = sources[n];
        if (target) {
          target.scrollIntoView({ block: "nearest" });
          target.focus();
        }
      });
      return a;
    };
  }
  // Renders `text` while streaming, then the whole answer (kind, sources, disclaimer).
  function showReply(box, text, answer) {
    box.textContent = "";
    box.className = "msg bot" + (answer ? " " + answer.kind : " busy");
    // While streaming, screen readers wait for the finished reply instead of every piece.
    if (answer) box.removeAttribute("aria-busy");
    else box.setAttribute("aria-busy", "true");
    var sources = {};
    if (answer && answer.kind === "urgent") {
      box.setAttribute("role", "alert");
      box.appendChild(el("span", "label", "Urgent"));
    }
    var body = box.appendChild(el("div", "body"));
    if (answer && Array.isArray(answer.citations)) text = quotedMarksAsText(text, answer.citations);
    body.appendChild(renderMarkdown(text, citeMarker(sources)));
    if (answer) {
      var cites = Array.isArray(answer.citations) ? answer.citations : [];
      if (cites.length) {
        var list = box.appendChild(el("ol", "sources"));
        list.setAttribute("aria-label", "Sources");
        cites.forEach(function (c) {
          var li = list.appendChild(el("li"));
          li.tabIndex = -1;
          sources[c.n] = li;
          li.appendChild(document.createTextNode("[" + c.n + "] "));
          var url = safeUrl(c.url || "");
          var title = li.appendChild(el(url ? "a" : "strong", null, c.title || c.source_id));
          if (url) {
            title.href = url;
            title.target = "_blank";
            title.rel = "noopener noreferrer";
          }
          li.appendChild(el("blockquote", null, c.quote || ""));
        });
      }
      box.appendChild(el("p", "disclaimer", answer.disclaimer || "General information only, not medical advice."));
      // Show the reply from its start (an urgent label must not be scrolled away).
      log.scrollTop = box.offsetTop - log.offsetTop - 8;
    } else {
      scrollDown();
    }
  }

  function redraw() {
    log.textContent = "";
    log.appendChild(el("div", "msg bot", opts.greeting));
    state.messages.forEach(function (m) {
      if (m.role === "user") showUser(m.content);
      else showReply(log.appendChild(el("div")), m.answer.answer, m.answer);
    });
  }

  async function ask(question) {
    var history = state.messages.slice(-HISTORY_SENT).map(function (m) {
      return { role: m.role, content: m.role === "user" ? m.content : m.answer.answer };
    });
    state.messages.push({ role: "user", content: question });
    persist();
    showUser(question);
    var box = log.appendChild(el("div", "msg bot busy"));
    // An unanswered question is not kept, so the stored history stays question/answer pairs.
    function fail(message) {
      box.remove();
      state.messages.pop();
      persist();
      showError(message);
    }
    var streamed = "";
    var answer = null;
    var response;
    try {
      response = await fetch(BASE + "/api/ask/stream", {
        method: "POST",
        mode: "cors",
        credentials: "omit",
        headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
        body: JSON.stringify({ question: question, history: history }),
      });
    } catch (e) {
      fail(await explainNetworkError());
      return;
    }
    if (!response.ok || !response.body) {
      fail(await explainFailure(response));
      return;
    }
    var parse = sseParser(function (name, payload) {
      var value = JSON.parse(payload);
      if (name === "delta") {
        streamed += value.text;
        showReply(box, streamed, null);
      } else if (name === "answer") {
        answer = value;
      }
    });
    try {
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) break;
        parse(decoder.decode(chunk.value, { stream: true }), false);
      }
      parse(decoder.decode(), true);
    } catch (e) {
      /* handled below: no answer event arrived */
    }
    if (!answer) {
      fail("The reply was interrupted. Please ask again.");
      return;
    }
    state.messages.push({ role: "assistant", answer: answer });
    persist();
    showReply(box, answer.answer, answer);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question || send.disabled) return;
    input.value = "";
    send.disabled = true;
    try {
      await ask(question);
    } finally {
      send.disabled = false;
      input.focus();
    }
  });

  redraw();
  panel.hidden = !(opts.inline || state.open);
  launcher.setAttribute("aria-expanded", String(!panel.hidden));
  (document.body || document.documentElement).appendChild(host);
})();
