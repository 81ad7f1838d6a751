// Live preview for the answer editor. The officer's Markdown is sent to the portal,
// which returns it as HTML through the same allow-list every answer passes; so the
// preview is exactly what will be stored and published. Without JavaScript the
// "Preview" button does the same on the server.
const editor = document.querySelector("[data-answer-editor]");
const output = document.querySelector("[data-answer-preview]");

if (editor && output) {
  const source = editor.querySelector("textarea[name='body']");
  const token = editor.closest("form").querySelector("input[name='csrf_token']");
  const url = editor.dataset.previewUrl;
  const button = editor.querySelector("[data-preview-button]");
  let timer = null;
  let pending = null;

  if (button) {
    button.hidden = true; // the preview now follows the typing
  }

  const refresh = async () => {
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    try {
      const response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token ? token.value : "" },
        body: new URLSearchParams({ body: source.value }),
        signal: pending.signal,
      });
      if (response.ok) {
        // Safe to insert: the server has applied the allow-list (portal/domain/sanitise.py).
        output.innerHTML = await response.text();
        output.dataset.state = "fresh";
      }
    } catch (error) {
      if (error.name !== "AbortError") {
        output.dataset.state = "stale";
      }
    }
  };

  if (source) {
    source.addEventListener("input", () => {
      window.clearTimeout(timer);
      output.dataset.state = "updating";
      timer = window.setTimeout(refresh, 250);
    });
  }
}
