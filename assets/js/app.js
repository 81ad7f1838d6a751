// Starts the GOV.UK Frontend components (character and word counts, error
// summaries, notification banners, details). Every page works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();

// GOV.UK Frontend marks a radio that reveals more questions with aria-expanded, which
// ARIA does not allow on a radio (axe: aria-allowed-attr). The revealed questions
// follow the radio straight away, so nothing is lost by leaving it off; it is taken
// off again whenever GOV.UK Frontend sets it (after a click, and when the page is shown).
function withoutExpanded() {
  for (const radio of document.querySelectorAll(".govuk-radios__input[aria-expanded]")) {
    radio.removeAttribute("aria-expanded");
  }
}
withoutExpanded();
document.addEventListener("click", withoutExpanded);
document.addEventListener("change", withoutExpanded);
window.addEventListener("pageshow", withoutExpanded);
