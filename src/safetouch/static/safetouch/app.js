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
