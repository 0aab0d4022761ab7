// In-session mode: the plan as a checklist at the table. Every tap gets a key and waits
// in localStorage until the server acknowledges it; the server applies each key once, so
// a tap sent twice (a lost answer, a reload) is recorded once. No tap is lost to a dropped
// network or an ended login: it waits, and is sent when either comes back.
(function () {
  "use strict";
  const root = document.querySelector("[data-live]");
  if (!root) return;

  const STORE = "safetouch-taps-" + root.dataset.session;
  const RETRY_MS = 4000;
  const LIMITS = { pressure: [1, 5], minutes: [1, 180] };
  const WORDS = { done: "Done", too_much: "Too much", lighter: "Done, lighter", skip: "Skipped" };
  const list = root.querySelector("[data-live-list]");
  const statusLine = root.querySelector("[data-live-status]");
  const loginLine = root.querySelector("[data-live-login]");
  let queue = load();
  let sending = false;
  let loggedOut = false;
  let finishing = false;
  let added = 0;

  function load() {
    try {
      return JSON.parse(localStorage.getItem(STORE)) || [];
    } catch (e) {
      return [];
    }
  }

  function save() {
    localStorage.setItem(STORE, JSON.stringify(queue));
    showStatus();
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }

  function showStatus() {
    const waiting = queue.length;
    const held = queue.filter((t) => t.held).length;
    let text = "All taps sent.";
    if (waiting) {
      text = waiting + (waiting === 1 ? " tap" : " taps") + " waiting to be sent";
      if (held) text += "; " + held + " needs your answer below";
      else if (loggedOut) text += ": log in again to send them";
      else if (!navigator.onLine) text += " (no network)";
    }
    statusLine.textContent = text;
    statusLine.classList.toggle("live-waiting", waiting > 0);
    loginLine.hidden = !loggedOut;
  }

  // --- Rows ------------------------------------------------------------------------------
  function rowOf(tap) {
    if (tap.row !== undefined && tap.row !== null) {
      return list.querySelector('[data-row="' + tap.row + '"]');
    }
    return list.querySelector('[data-tap-key="' + (tap.of || tap.key) + '"]');
  }

  function values(li) {
    const choice = li.querySelector("[data-technique-choice]");
    if (choice) li.dataset.technique = choice.value;
    return {
      region: li.dataset.region,
      technique: li.dataset.technique,
      pressure: Number(li.dataset.pressure),
      minutes: Number(li.dataset.minutes),
    };
  }

  function show(li) {
    const state = li.dataset.state;
    const recorded = state && state !== "";
    li.querySelector("[data-taps]").hidden = recorded;
    li.querySelector("[data-recorded]").hidden = !recorded;
    li.querySelector("[data-tap=flag]").hidden = !li.dataset.recordedKey || state === "too_much";
    li.querySelector("[data-again]").hidden = state !== "skip";
    li.querySelector(".live-nudge").hidden = recorded;
    const choice = li.querySelector("[data-technique-choice]");
    if (choice) choice.disabled = recorded;
    const text = WORDS[state] || "";
    const what = state === "skip" ? "" : " · pressure " + li.dataset.pressure + " · " + li.dataset.minutes + " min";
    li.querySelector("[data-recorded-text]").textContent = text ? "✓ " + text + what : "";
    li.classList.toggle("live-too-much", state === "too_much");
  }

  function mark(li, tap) {
    if (!li) return;
    if (tap.action === "flag") li.dataset.state = "too_much";
    else li.dataset.state = tap.action;
    if (tap.body.pressure) {
      li.dataset.pressure = tap.body.pressure;
      li.dataset.minutes = tap.body.minutes;
      li.querySelector("[data-show=pressure]").textContent = tap.body.pressure;
      li.querySelector("[data-show=minutes]").textContent = tap.body.minutes;
    }
    if (tap.body.region && tap.action !== "flag") li.dataset.recordedKey = tap.key;
    show(li);
  }

  function addRow(region, name, key) {
    const template = document.getElementById("live-added-row");
    const li = template.content.firstElementChild.cloneNode(true);
    added += 1;
    li.dataset.row = "";
    li.dataset.region = region;
    li.dataset.technique = "effleurage";
    li.dataset.pressure = "2";
    li.dataset.minutes = "5";
    li.dataset.tapKey = key || newKey();
    li.querySelector("[data-region-name]").textContent = name;
    li.querySelector("[data-show=pressure]").textContent = "2";
    li.querySelector("[data-show=minutes]").textContent = "5";
    const choice = li.querySelector("[data-technique-choice]");
    choice.id = "tech-added-" + added;
    choice.value = "effleurage";
    const label = li.querySelector("label[for]");
    if (label) label.htmlFor = choice.id;
    list.appendChild(li);
    show(li);
    return li;
  }

  // --- Taps ------------------------------------------------------------------------------
  function tapFrom(li, action) {
    const rowIndex = li.dataset.row === "" ? null : Number(li.dataset.row);
    // An added row's first recording tap carries the row's own key, so a reload finds
    // the row again from the taps still waiting.
    const reuse = li.dataset.tapKey && !li.dataset.recordedKey && action !== "skip";
    const key = reuse ? li.dataset.tapKey : newKey();
    const body = { key: key, action: action };
    if (rowIndex !== null) body.row = rowIndex;
    if (action === "flag") body.of = li.dataset.recordedKey;
    else if (action !== "skip") Object.assign(body, values(li));
    return { key: key, row: rowIndex, of: body.of, action: action, body: body };
  }

  function enqueue(tap) {
    queue.push(tap);
    save();
    flush();
  }

  async function send(tap) {
    return fetch(root.dataset.tapUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual", // a redirect is the login page: the login ended
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": root.dataset.csrf,
      },
      body: JSON.stringify(tap.body),
    });
  }

  async function flush() {
    if (sending) return;
    sending = true;
    try {
      while (queue.length && !queue[0].held) {
        const tap = queue[0];
        let response;
        try {
          response = await send(tap);
        } catch (e) {
          break; // no network: it waits
        }
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          loggedOut = true;
          break;
        }
        loggedOut = false;
        if (response.status === 409) {
          tap.held = (await response.json()).breaks;
          save();
          showBreaks(tap);
          break;
        }
        if (response.status === 400 || response.status === 404) {
          const data = await response.json().catch(() => ({ detail: "refused" }));
          queue.shift();
          save();
          refused(tap, data.detail || "refused");
          continue;
        }
        if (!response.ok) break; // the server is unwell: try again later
        queue.shift();
        save();
      }
    } finally {
      sending = false;
      showStatus();
      if (finishing && !queue.length) window.location.assign(root.dataset.finishUrl);
    }
  }

  function showBreaks(tap) {
    const li = rowOf(tap);
    if (!li) return;
    const box = li.querySelector("[data-breaks]");
    const ul = box.querySelector("[data-breaks-list]");
    ul.replaceChildren();
    (tap.held || []).forEach((words) => {
      const item = document.createElement("li");
      item.textContent = words;
      ul.appendChild(item);
    });
    box.hidden = false;
    li.dataset.heldKey = tap.key;
    li.querySelector("[data-recorded]").hidden = true; // not recorded: it waits for her word
  }

  function refused(tap, words) {
    const li = rowOf(tap);
    if (li) {
      li.dataset.state = "";
      show(li);
    }
    statusLine.textContent = "A tap was refused: " + words;
  }

  function answerBreaks(li, confirm) {
    const tap = queue.find((t) => t.key === li.dataset.heldKey);
    li.querySelector("[data-breaks]").hidden = true;
    if (!tap) return;
    if (confirm) {
      tap.body.confirm_breaks = true;
      delete tap.held;
      show(li);
    } else {
      queue.splice(queue.indexOf(tap), 1);
      li.dataset.state = "";
      if (li.dataset.recordedKey === tap.key) li.dataset.recordedKey = "";
      show(li);
    }
    save();
    flush();
  }

  // --- The warning before a tap: engine.check, asked after each nudge ------------------
  async function precheck(li) {
    clearTimeout(Number(li.dataset.checkTimer));
    li.dataset.checkTimer = String(
      setTimeout(async () => {
        let response;
        try {
          response = await fetch(root.dataset.checkUrl, {
            method: "POST",
            credentials: "same-origin",
            redirect: "manual",
            headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
            body: JSON.stringify(values(li)),
          });
        } catch (e) {
          return; // no network: the tap itself is judged when it is sent
        }
        if (!response.ok) return;
        const box = li.querySelector("[data-prewarn]");
        box.replaceChildren();
        (await response.json()).breaks.forEach((words) => {
          const p = document.createElement("p");
          p.className = "warn";
          p.textContent = "⚠ " + words;
          box.appendChild(p);
        });
      }, 250),
    );
  }

  // --- Timer -----------------------------------------------------------------------------
  function toggleTimer(li, button) {
    const out = li.querySelector("[data-timer-show]");
    if (li.dataset.timerStart) {
      const seconds = (Date.now() - Number(li.dataset.timerStart)) / 1000;
      clearInterval(Number(li.dataset.timerId));
      delete li.dataset.timerStart;
      button.textContent = "Timer";
      setValue(li, "minutes", Math.max(1, Math.round(seconds / 60)));
      precheck(li);
      return;
    }
    li.dataset.timerStart = String(Date.now());
    button.textContent = "Stop";
    const tick = () => {
      const s = Math.floor((Date.now() - Number(li.dataset.timerStart)) / 1000);
      out.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    };
    tick();
    li.dataset.timerId = String(setInterval(tick, 1000));
  }

  function setValue(li, name, value) {
    const [low, high] = LIMITS[name];
    const v = Math.min(high, Math.max(low, value));
    li.dataset[name] = String(v);
    li.querySelector("[data-show=" + name + "]").textContent = v;
  }

  // --- Events ----------------------------------------------------------------------------
  root.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const li = button.closest(".live-item");
    if (button.dataset.tap && li) {
      const tap = tapFrom(li, button.dataset.tap);
      mark(li, tap);
      enqueue(tap);
    } else if (button.dataset.nudge && li) {
      const name = button.dataset.nudge;
      setValue(li, name, Number(li.dataset[name]) + Number(button.dataset.by));
      precheck(li);
    } else if (button.hasAttribute("data-timer") && li) {
      toggleTimer(li, button);
    } else if (button.hasAttribute("data-again") && li) {
      li.dataset.state = "";
      show(li);
    } else if (button.hasAttribute("data-confirm") && li) {
      answerBreaks(li, true);
    } else if (button.hasAttribute("data-drop") && li) {
      answerBreaks(li, false);
    } else if (button.hasAttribute("data-add-open")) {
      const grid = root.querySelector("[data-add-grid]");
      grid.hidden = !grid.hidden;
      button.setAttribute("aria-expanded", String(!grid.hidden));
    } else if (button.dataset.addRegion) {
      const li2 = addRow(button.dataset.addRegion, button.textContent.trim());
      root.querySelector("[data-add-grid]").hidden = true;
      root.querySelector("[data-add-open]").setAttribute("aria-expanded", "false");
      li2.scrollIntoView({ block: "center" });
      li2.querySelector("[data-tap=done]").focus();
    } else if (button.hasAttribute("data-save-note")) {
      const text = root.querySelector("[data-note]").value;
      const key = newKey();
      enqueue({ key: key, action: "note", body: { key: key, action: "note", text: text } });
      root.querySelector("[data-note-saved]").textContent = "Saved on this device; sent with the taps.";
    } else if (button.hasAttribute("data-finish")) {
      const key = newKey();
      finishing = true;
      enqueue({ key: key, action: "finish", body: { key: key, action: "finish" } });
    }
  });

  // --- Start: rows as the server knows them, then the taps still waiting --------------
  list.querySelectorAll(".live-item").forEach((li) => {
    if (li.dataset.recordedKey) li.dataset.tapKey = li.dataset.recordedKey;
    show(li);
  });
  queue.forEach((tap) => {
    if (tap.body.region && tap.row === null && tap.action !== "flag" && !rowOf(tap)) {
      const button = root.querySelector('[data-add-region="' + tap.body.region + '"]');
      const li = addRow(tap.body.region, button ? button.textContent.trim() : tap.body.region, tap.key);
      li.dataset.technique = tap.body.technique;
      li.querySelector("[data-technique-choice]").value = tap.body.technique;
    }
    mark(rowOf(tap), tap);
    if (tap.held) showBreaks(tap);
  });
  root.addEventListener("change", (event) => {
    const li = event.target.closest(".live-item");
    if (li && event.target.matches("[data-technique-choice]")) precheck(li);
  });
  showStatus();
  // The buttons answer only now: a tap before this would have gone nowhere.
  list.inert = false;
  root.dataset.ready = "";
  flush();
  setInterval(flush, RETRY_MS);
  window.addEventListener("online", flush);
  window.addEventListener("offline", showStatus);

  // The heartbeat keeps the login alive while this page is open (up to a ceiling the
  // server keeps); a redirect means the login ended anyway.
  setInterval(async () => {
    try {
      const response = await fetch(root.dataset.heartbeatUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": root.dataset.csrf },
      });
      if (response.type === "opaqueredirect" || response.status === 403) loggedOut = true;
      showStatus();
    } catch (e) {
      /* no network: the next beat tries again */
    }
  }, Number(root.dataset.heartbeatSeconds) * 1000);
})();
