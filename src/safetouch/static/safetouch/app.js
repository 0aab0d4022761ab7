// Small progressive enhancements; every page works without them.
document.addEventListener("htmx:afterSwap", (event) => {
  // After the body map is redrawn, keep keyboard focus on the region just changed.
  const status = event.detail.target.querySelector && event.detail.target.querySelector("#zone-status select");
  if (status && document.activeElement === document.body) status.focus();
});
