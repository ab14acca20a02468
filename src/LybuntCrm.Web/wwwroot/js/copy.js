// A "Copy" button (data-copy = the id of the field to copy) puts the field's text on the clipboard and says so;
// where the clipboard is not available the text is selected, ready for Ctrl+C.
document.querySelectorAll('[data-copy]').forEach((button) => {
  button.addEventListener('click', async () => {
    const field = document.getElementById(button.dataset.copy);
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
    } catch {
      return; // selected above: the user copies it by hand
    }
    const label = button.textContent;
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});
