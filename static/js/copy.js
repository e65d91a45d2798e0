// Copy buttons: a button with data-copy="text" puts the text on the clipboard and says so.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const label = button.textContent;
  try {
    await navigator.clipboard.writeText(button.dataset.copy);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C";
    window.prompt("Copy this:", button.dataset.copy);
  }
  button.setAttribute("aria-live", "polite");
  setTimeout(() => { button.textContent = label; }, 2000);
});
