// The demo's chat page: draws the stand-in Telegram's state and posts the visitor's actions.
// Plain JS, no build step. The server long-polls /demo/state?after=<version>.
"use strict";

const $ = (id) => document.getElementById(id);
const ALLOWED = new Set(["B", "STRONG", "I", "EM", "U", "INS", "S", "STRIKE", "DEL", "CODE",
  "PRE", "A", "BLOCKQUOTE", "SPAN", "TG-SPOILER"]);
const COMMAND = /(^|\s)(\/[a-z][a-z0-9_]{0,31})\b/gi;
const state = { version: -1, data: null, replyTo: null, editing: null, menuIndex: -1,
  toastSeen: 0, keyboardKey: "", keyboardHidden: false };

async function post(path, body) {
  const res = await fetch(path, { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body) });
  if (!res.ok) toast(await res.text());
  return res.ok ? res.json() : null;
}

function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { el.hidden = true; }, 2600);
}

// --- text rendering -------------------------------------------------------------------------

function appendText(parent, text) {
  // Plain text, with /commands made tappable as Telegram does in bot messages.
  let last = 0;
  for (const m of text.matchAll(COMMAND)) {
    const start = m.index + m[1].length;
    parent.append(text.slice(last, start));
    const a = document.createElement("a");
    a.href = "#";
    a.className = "cmd";
    a.textContent = m[2];
    a.addEventListener("click", (e) => { e.preventDefault(); e.stopPropagation(); send(m[2]); });
    parent.append(a);
    last = start + m[2].length;
  }
  parent.append(text.slice(last));
}

function copySafe(source, target) {
  // Rebuild Telegram's HTML subset from parsed nodes: only known tags, only http(s) links.
  for (const node of source.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) { appendText(target, node.textContent); continue; }
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    if (!ALLOWED.has(node.tagName)) { copySafe(node, target); continue; }
    const el = document.createElement(node.tagName === "TG-SPOILER" ? "span" : node.tagName);
    if (node.tagName === "A") {
      const href = node.getAttribute("href") || "";
      if (/^https?:\/\//i.test(href)) { el.href = href; el.target = "_blank"; el.rel = "noopener"; }
    }
    copySafe(node, el);
    target.append(el);
  }
}

function richText(parent, text, html) {
  if (!html) { appendText(parent, text); return; }
  const doc = new DOMParser().parseFromString(`<body>${text}</body>`, "text/html");
  copySafe(doc.body, parent);
}

function plain(msg) {
  if (msg.location) return "📍 Location";
  if (msg.photo) return msg.text || "🖼 Photo";
  if (msg.document) return `📄 ${msg.document.name}`;
  if (!msg.html) return msg.text;
  return new DOMParser().parseFromString(`<body>${msg.text}</body>`, "text/html").body.textContent;
}

// --- drawing --------------------------------------------------------------------------------

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit",
  hour12: false });
const dayFmt = new Intl.DateTimeFormat(undefined, { weekday: "long", day: "numeric", month: "long" });
const clockFmt = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric",
  month: "short", hour: "2-digit", minute: "2-digit", hour12: false });

function bubbleContent(msg, byId) {
  const bubble = document.createElement("div");
  bubble.className = "bubble";
  if (msg.reply_to && byId.has(msg.reply_to)) {
    const quoted = byId.get(msg.reply_to);
    const q = document.createElement("div");
    q.className = "quote";
    const who = document.createElement("b");
    who.textContent = quoted.from_bot ? state.data.bot.first_name : "You";
    q.append(who, plain(quoted).split("\n")[0]);
    bubble.append(q);
  }
  if (msg.photo) {
    const img = document.createElement("img");
    img.className = "photo";
    img.src = `/demo/files/${encodeURIComponent(msg.photo)}`;
    img.alt = "chart";
    bubble.append(img);
  }
  if (msg.document) bubble.append(documentRow(msg.document));
  if (msg.location) {
    const loc = document.createElement("div");
    loc.className = "location";
    loc.innerHTML = '<span class="pin">📍</span>';
    loc.append(`${msg.location.latitude.toFixed(3)}, ${msg.location.longitude.toFixed(3)}`);
    bubble.append(loc);
  }
  const body = document.createElement("span");
  body.className = "text";
  richText(body, msg.text, msg.html);
  bubble.append(body);
  const meta = document.createElement("span");
  meta.className = "meta";
  meta.textContent = (msg.edited ? "edited " : "") + timeFmt.format(new Date(msg.date * 1000))
    + (msg.from_bot ? "" : " ✓✓");
  bubble.append(meta);
  bubble.addEventListener("click", (e) => openMessageMenu(e, msg));
  return bubble;
}

function documentRow(doc) {
  const a = document.createElement("a");
  a.className = "doc";
  a.href = `/demo/files/${encodeURIComponent(doc.id)}`;
  a.download = doc.name;
  a.addEventListener("click", (e) => e.stopPropagation());
  a.innerHTML = '<span class="doc-icon">⬇</span><span><div class="doc-name"></div><div class="doc-size"></div></span>';
  a.querySelector(".doc-name").textContent = doc.name;
  a.querySelector(".doc-size").textContent = `${(doc.size / 1024).toFixed(1)} KB`;
  return a;
}

function inlineKeyboard(msg) {
  const kb = document.createElement("div");
  kb.className = "kb";
  for (const row of msg.buttons) {
    const r = document.createElement("div");
    r.className = "kb-row";
    for (const b of row) {
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = b.text;
      if (b.url) btn.addEventListener("click", () => window.open(b.url, "_blank", "noopener"));
      else btn.addEventListener("click", () => press(msg.id, b.callback_data, btn));
      r.append(btn);
    }
    kb.append(r);
  }
  return kb;
}

function drawMessages(data) {
  const chat = $("chat");
  const nearBottom = chat.scrollHeight - chat.scrollTop - chat.clientHeight < 120;
  const box = $("messages");
  const byId = new Map(data.messages.map((m) => [m.id, m]));
  const parts = [];
  let lastDay = "";
  for (const msg of data.messages) {
    const day = dayFmt.format(new Date(msg.date * 1000));
    if (day !== lastDay) {
      const chip = document.createElement("div");
      chip.className = "day";
      chip.textContent = day;
      parts.push(chip);
      lastDay = day;
    }
    const row = document.createElement("div");
    row.className = `row ${msg.from_bot ? "in" : "out"}`;
    row.dataset.id = msg.id;
    row.append(bubbleContent(msg, byId));
    if (msg.buttons.length) row.append(inlineKeyboard(msg));
    parts.push(row);
  }
  box.replaceChildren(...parts);
  if (nearBottom || state.stick) chat.scrollTop = chat.scrollHeight;
  state.stick = false;
}

function drawReplyKeyboard(markup) {
  const box = $("reply-keyboard");
  const key = JSON.stringify(markup);
  if (key !== state.keyboardKey) { state.keyboardKey = key; state.keyboardHidden = false; }
  if (!markup || state.keyboardHidden) { box.hidden = true; return; }
  const rows = markup.keyboard.map((row) => {
    const r = document.createElement("div");
    r.className = "rk-row";
    for (const b of row) {
      const label = typeof b === "string" ? b : b.text;
      const btn = document.createElement("button");
      btn.type = "button";
      btn.textContent = label;
      btn.addEventListener("click", () => {
        if (markup.one_time_keyboard) { state.keyboardHidden = true; box.hidden = true; }
        if (b.request_location) shareLocation(); else send(label);
      });
      r.append(btn);
    }
    return r;
  });
  box.replaceChildren(...rows);
  box.hidden = false;
}

function draw(data) {
  state.data = data;
  $("bot-name").textContent = data.bot.first_name;
  $("bot-status").textContent = data.typing ? "typing…" : "bot";
  $("bot-status").classList.toggle("typing", data.typing);
  $("clock-now").textContent = clockFmt.format(new Date(data.now));
  const empty = data.messages.length === 0;
  $("intro").hidden = !empty || !data.description;
  $("intro-text").textContent = data.description;
  $("start-button").hidden = !empty;
  $("composer").hidden = empty;
  drawMessages(data);
  drawReplyKeyboard(data.keyboard);
  if (data.toast && data.toast.n > state.toastSeen) {
    state.toastSeen = data.toast.n;
    if (state.version >= 0) toast(data.toast.text);
  }
}

// --- actions --------------------------------------------------------------------------------

async function send(text) {
  text = text.trim();
  if (!text) return;
  hideMenus();
  state.stick = true;
  if (state.editing) {
    const id = state.editing.id;
    clearContext();
    await post("/demo/edit", { message_id: id, text });
    return;
  }
  const replyTo = state.replyTo ? state.replyTo.id : null;
  clearContext();
  await post("/demo/send", { text, reply_to: replyTo });
}

async function press(messageId, data, btn) {
  btn.classList.add("busy");
  await post("/demo/press", { message_id: messageId, data });
}

function shareLocation() {
  const fallback = () => {
    toast("Sharing a sample location (Berlin)");
    post("/demo/location", { latitude: 52.52, longitude: 13.405 });
  };
  if (!navigator.geolocation) { fallback(); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => post("/demo/location", { latitude: p.coords.latitude, longitude: p.coords.longitude }),
    fallback, { timeout: 4000 });
}

async function upload(file) {
  const form = new FormData();
  form.append("file", file, file.name);
  state.stick = true;
  const res = await fetch("/demo/upload", { method: "POST", body: form });
  if (!res.ok) toast(await res.text());
}

async function moveClock(action) {
  const answer = await post("/demo/clock", { action });
  if (answer && answer.note) toast(answer.note);
}

// --- reply / edit context -------------------------------------------------------------------

function setContext(kind, msg) {
  state.replyTo = kind === "reply" ? msg : null;
  state.editing = kind === "edit" ? msg : null;
  $("ctx-icon").textContent = kind === "reply" ? "↩" : "✎";
  $("ctx-title").textContent = kind === "reply"
    ? `Reply to ${msg.from_bot ? state.data.bot.first_name : "yourself"}` : "Edit message";
  $("ctx-text").textContent = plain(msg).split("\n")[0];
  $("context-bar").hidden = false;
  const input = $("text");
  if (kind === "edit") input.value = msg.text;
  grow();
  input.focus();
}

function clearContext() {
  state.replyTo = null;
  state.editing = null;
  $("context-bar").hidden = true;
}

function openMessageMenu(event, msg) {
  event.stopPropagation();
  const menu = $("msg-menu");
  hideMenus();
  menu.querySelector('[data-act="edit"]').hidden = msg.from_bot || !!msg.location || !!msg.document;
  const app = $("app").getBoundingClientRect();
  menu.style.left = `${Math.min(event.clientX - app.left, app.width - 150)}px`;
  menu.style.top = `${Math.min(event.clientY - app.top, app.height - 110)}px`;
  menu.hidden = false;
  menu.onclick = (e) => {
    const act = e.target.dataset.act;
    if (act) { setContext(act, msg); hideMenus(); }
  };
}

// --- the "/" command menu -------------------------------------------------------------------

function showCommands(filter) {
  const menu = $("menu");
  const commands = (state.data ? state.data.commands : [])
    .filter((c) => `/${c.command}`.startsWith(filter));
  if (!commands.length) { menu.hidden = true; return; }
  menu.replaceChildren(...commands.map((c) => {
    const item = document.createElement("button");
    item.type = "button";
    item.className = "cmd-item";
    item.innerHTML = '<span class="cmd-name"></span><span class="cmd-desc"></span>';
    item.firstChild.textContent = `/${c.command}`;
    item.lastChild.textContent = c.description;
    item.addEventListener("click", () => { $("text").value = ""; send(`/${c.command}`); });
    return item;
  }));
  menu.hidden = false;
}

function grow() {
  // The composer grows with its lines (Shift+Enter), up to its max-height.
  const input = $("text");
  input.style.height = "auto";
  input.style.height = `${input.scrollHeight}px`;
}

function hideMenus() {
  $("menu").hidden = true;
  $("msg-menu").hidden = true;
}

// --- wiring ---------------------------------------------------------------------------------

function wire() {
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = $("text");
    const text = input.value;
    input.value = "";
    grow();
    send(text);
  });
  $("text").addEventListener("input", (e) => {
    const v = e.target.value;
    if (v.startsWith("/") && !v.includes(" ")) showCommands(v); else $("menu").hidden = true;
  });
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Escape") { hideMenus(); clearContext(); }
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); $("composer").requestSubmit(); }
  });
  $("text").addEventListener("input", grow);
  $("menu-button").addEventListener("click", (e) => {
    e.stopPropagation();
    if ($("menu").hidden) showCommands("/"); else hideMenus();
  });
  $("attach-button").addEventListener("click", () => $("file-input").click());
  $("file-input").addEventListener("change", (e) => {
    if (e.target.files.length) upload(e.target.files[0]);
    e.target.value = "";
  });
  $("start-button").addEventListener("click", () => send("/start"));
  $("ctx-cancel").addEventListener("click", () => { clearContext(); $("text").value = ""; });
  for (const btn of document.querySelectorAll("#clockbar button")) {
    btn.addEventListener("click", () => moveClock(btn.dataset.action));
  }
  document.addEventListener("click", (e) => {
    if (!e.target.closest("#menu, #msg-menu, #menu-button")) hideMenus();
  });
}

async function poll() {
  for (;;) {
    try {
      const res = await fetch(`/demo/state?after=${state.version}`);
      const data = await res.json();
      draw(data);
      state.version = data.version;
    } catch (err) {
      $("bot-status").textContent = "connecting…";
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

wire();
poll();
