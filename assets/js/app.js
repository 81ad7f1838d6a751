// Starts the GOV.UK Frontend components (character and word counts, error
// summaries, notification banners, details). Every page works without it.
import { initAll } from "./govuk-frontend.min.js";

initAll();
