// Leaving a page with unsaved work: the browser asks first. This is the one rule for
// every page that keeps typed work. A form marked `data-leave-warning` is watched:
//   - "flag": the page's own script says when work is unsaved or still saving, with
//     data-unsaved="true" (the meeting console, which saves as the clerk goes);
//   - "changes": text typed into the form differs from what the page was loaded with, or
//     the server showed text that is not saved yet (data-unsaved="true", after a preview
//     or a template was added). Submitting the form is leaving on purpose, so it stops.
// Without JavaScript nothing is watched, and nothing else changes.

function typedTextChanged(form) {
  return [...form.elements].some((field) => {
    const typed = field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && field.type === "text");
    return typed && field.name && field.value !== field.defaultValue;
  });
}

function hasUnsavedWork(form) {
  if (form.dataset.unsaved === "true") return true;
  return form.dataset.leaveWarning === "changes" && typedTextChanged(form);
}

for (const form of document.querySelectorAll('form[data-leave-warning="changes"]')) {
  form.addEventListener("submit", () => {
    form.dataset.leaving = "true";
  });
}

window.addEventListener("beforeunload", (event) => {
  const forms = [...document.querySelectorAll("form[data-leave-warning]")];
  if (!forms.some((form) => form.dataset.leaving !== "true" && hasUnsavedWork(form))) return;
  event.preventDefault();
  event.returnValue = "";
});
