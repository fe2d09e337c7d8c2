// Copy buttons for the citation blocks: copies the text of the element the button names and
// says so in the page's status region (read out by screen readers).
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button.kd-copy");
  if (!button) return;
  const target = document.getElementById(button.dataset.copy);
  if (!target) return;
  const text = target.innerText;
  const status = document.querySelector(".kd-status");
  let done = false;
  try {
    await navigator.clipboard.writeText(text);
    done = true;
  } catch (err) {
    // No clipboard permission (a page opened from a file, an old browser): select the text
    // so the reader can copy it with the keyboard.
    const range = document.createRange();
    range.selectNodeContents(target);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }
  const what = button.textContent.replace(/^Copy /, "");
  button.dataset.copied = done ? "yes" : "selected";
  if (status) status.textContent = done ? `Copied the ${what}.` : `Selected the ${what}: press Ctrl+C to copy.`;
});
