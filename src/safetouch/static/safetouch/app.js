// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:afterSwap", (event) => {
  // After the body map is redrawn, keep keyboard focus on the region just changed.
  const status = event.detail.target.querySelector && event.detail.target.querySelector("#zone-status select");
  if (status && document.activeElement === document.body) status.focus();
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
