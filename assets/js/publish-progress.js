// Keeps the publishing progress page up to date without reloading it: every two seconds
// the page is asked for again and its summary (an aria-live region, so a screen reader
// hears each change), its steps and, at the end, its outcome are put in place. Without
// JavaScript a meta refresh in <noscript> reloads the page instead.
const page = document.querySelector("[data-publication-job]");

const swap = (fresh, selector) => {
  const now = page.querySelector(selector);
  const next = fresh.querySelector(selector);
  if (now && next) {
    now.replaceWith(next);
  }
};

const poll = async () => {
  try {
    const response = await fetch(window.location.href, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    });
    if (response.ok) {
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      const next = fresh.querySelector("[data-publication-job]");
      if (next) {
        const summary = page.querySelector("[data-job-summary]");
        const said = next.querySelector("[data-job-summary]").textContent;
        if (summary.textContent !== said) {
          summary.textContent = said; // the same element, so the change is announced
        }
        swap(next, "[data-job-steps]");
        if (next.dataset.jobFinished === "true") {
          swap(next, "[data-job-outcome]");
          page.querySelector("[data-job-heading]").textContent =
            next.querySelector("[data-job-heading]").textContent;
          document.title = fresh.title;
          page.dataset.jobFinished = "true";
          return;
        }
      }
    }
  } catch {
    // The server did not answer this time: ask again shortly.
  }
  window.setTimeout(poll, 2000);
};

if (page && page.dataset.jobFinished === "false") {
  window.setTimeout(poll, 2000);
}
