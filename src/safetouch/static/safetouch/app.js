// Small progressive enhancements; every page works without them. No eval, no inline
// script: the Content-Security-Policy allows only this file and htmx.

// --- The body-map editor ---------------------------------------------------------------
// A region opens a chooser (a dialog: a bottom sheet on a phone) with a click, a tap,
// Enter or Space, and nothing else: Tab, arrows and Escape never change a rule. The
// choice is saved only by the dialog's Save button.

const RULE_WORDS = { focus: "focus", caution: "caution", avoid: "never touch" };
let lastRegion = null; // the region whose chooser was opened last, to give focus back

function describeZone(rule, cap) {
  if (!rule) return "no rule";
  return RULE_WORDS[rule] + (cap ? ", max pressure " + cap : "");
}

function chooserSync(form, current) {
  // Show the cap for focus and caution only, and the never-touch confirmation only
  // when a never-touch region is being given another rule.
  const checked = form.querySelector("input[name=rule]:checked");
  const rule = checked ? checked.value : "";
  const capRow = form.querySelector("[data-chooser-cap]");
  if (capRow) capRow.hidden = !(rule === "focus" || rule === "caution");
  const confirmRow = form.querySelector("[data-chooser-confirm]");
  const box = form.querySelector("[data-chooser-confirm-box]");
  const removing = current === "avoid" && rule !== "avoid";
  if (confirmRow) confirmRow.hidden = !removing;
  if (box) {
    box.required = removing;
    if (!removing) box.checked = false;
  }
}

function openChooser(region) {
  const dialog = document.getElementById("zone-dialog");
  if (!dialog) return;
  const form = dialog.querySelector("form");
  const rule = region.dataset.rule || "";
  const cap = region.dataset.cap || "";
  lastRegion = region.dataset.region;
  form.dataset.current = rule;
  form.querySelector("[data-chooser-title]").textContent = region.dataset.name;
  form.querySelector("[data-chooser-now]").textContent = "Now: " + describeZone(rule, cap);
  form.querySelector("[data-chooser-region]").value = region.dataset.region;
  form.querySelectorAll("input[name=rule]").forEach((input) => {
    input.checked = input.value === rule;
  });
  form.querySelector("select[name=pressure_cap]").value = cap;
  const confirmText = form.querySelector("[data-chooser-confirm] strong");
  if (confirmText) confirmText.textContent = region.dataset.name + " is marked never touch.";
  chooserSync(form, rule);
  dialog.showModal();
  const first = form.querySelector("input[name=rule]:checked") || form.querySelector("input");
  if (first) first.focus({ preventScroll: true });
}

function regionOf(target) {
  return target.closest && target.closest("#bodymap-editor a[data-region]");
}

document.addEventListener("click", (event) => {
  const region = regionOf(event.target);
  if (region) {
    event.preventDefault(); // the link is for browsers without JavaScript
    openChooser(region);
    return;
  }
  if (event.target.closest("[data-chooser-cancel]")) {
    event.target.closest("dialog").close();
  }
});

document.addEventListener("keydown", (event) => {
  // Enter on a link already fires "click"; Space is the other key that opens a button.
  const region = regionOf(event.target);
  if (region && event.key === " ") {
    event.preventDefault();
    openChooser(region);
  }
});

document.addEventListener("change", (event) => {
  const form = event.target.closest && event.target.closest("[data-chooser]");
  if (form) chooserSync(form, form.dataset.current || "");
});

// Before htmx sends the chooser: the never-touch confirmation must be ticked.
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!form.matches("[data-chooser]") || form.checkValidity()) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    form.reportValidity();
  },
  true,
);

// The list of regions opens the same chooser instead of reloading the page.
document.addEventListener("submit", (event) => {
  if (event.target.id !== "zone-list-form") return;
  const id = event.target.querySelector("select").value;
  const region = document.querySelector(`#bodymap-editor a[data-region="${id}"]`);
  if (region) {
    event.preventDefault();
    openChooser(region);
  }
});

document.addEventListener("close", (event) => {
  if (event.target.id !== "zone-dialog" || !lastRegion) return;
  const region = document.querySelector(`#bodymap-editor a[data-region="${lastRegion}"]`);
  if (region) region.focus({ preventScroll: true });
}, true);

// --- Undo, for ten seconds ---------------------------------------------------------------
function startUndoTimers(root) {
  root.querySelectorAll("[data-undo-seconds]").forEach((toast) => {
    if (toast.dataset.counting) return; // one countdown a toast, however many swaps
    toast.dataset.counting = "yes";
    let left = Number(toast.dataset.undoSeconds);
    const label = toast.querySelector("[data-undo-left]");
    const tick = () => {
      if (!toast.isConnected) return;
      if (left <= 0) {
        toast.remove();
        return;
      }
      if (label) label.textContent = left + " s";
      left -= 1;
      setTimeout(tick, 1000);
    };
    tick();
  });
}

document.addEventListener("DOMContentLoaded", () => {
  startUndoTimers(document);
  const side = document.querySelector("[data-chooser-open] [data-chooser]");
  if (side) chooserSync(side, side.dataset.current || "");
});

// Replacing the editor while its dialog is open lets the browser scroll the page (by
// about 750 px on a phone): remember where the page was and put it back.
let scrolledTo = null;
document.addEventListener("htmx:beforeSwap", (event) => {
  const target = event.detail.target;
  scrolledTo = target && target.id === "bodymap-editor" ? window.scrollY : null;
});

document.addEventListener("htmx:afterSwap", (event) => {
  const target = event.detail.target;
  if (!target || !target.querySelector) return;
  startUndoTimers(document);
  // Keep the page where it was and the focus on the region just changed (no scrolling:
  // on a phone the map would otherwise jump away from the finger).
  const editor = document.getElementById("bodymap-editor");
  if (!editor) return;
  if (scrolledTo !== null) window.scrollTo(0, scrolledTo);
  const open = editor.querySelector("[data-chooser-open]");
  const region = lastRegion && editor.querySelector(`a[data-region="${lastRegion}"]`);
  if (open) {
    // A refused or unconfirmed save: the chooser beside the map says why. Here the page
    // does move, to show the words (below the map on a phone).
    const form = open.querySelector("[data-chooser]");
    chooserSync(form, form.dataset.current || "");
    const alert = open.querySelector("[role=alert]");
    open.scrollIntoView({ block: "nearest" });
    const field = open.querySelector("input[name=rule]:checked") || open.querySelector("input");
    if (alert) {
      alert.tabIndex = -1;
      alert.focus({ preventScroll: true });
    } else if (field) field.focus({ preventScroll: true });
  } else if (region) {
    region.focus({ preventScroll: true });
  }
});

// Sign-up: fill the hidden time-zone field from the browser, so times show in her zone.
document.addEventListener("DOMContentLoaded", () => {
  const field = document.querySelector("input[name=time_zone][type=hidden]");
  if (!field) return;
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) field.value = zone;
  } catch (error) {
    // Older browsers: the server keeps UTC, and she can change it in her settings.
  }
});

// A field that only matters for one answer (data-show-when="flare=yes") is hidden until
// that answer is chosen; without JavaScript it shows, and the server ignores it.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-show-when]").forEach((block) => {
    const [name, value] = block.dataset.showWhen.split("=");
    const form = block.closest("form");
    if (!form) return;
    const update = () => {
      const chosen = form.querySelector(`input[name="${name}"]:checked`);
      block.hidden = !chosen || chosen.value !== value;
    };
    form.addEventListener("change", update);
    update();
  });
});
