// Copies the GOV.UK Frontend script and the portal's own scripts and images into
// static/dist, beside the CSS that sass has just compiled.
import { cpSync, mkdirSync, readdirSync } from "node:fs";

const out = "static/dist";
mkdirSync(out, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`);
for (const name of readdirSync("assets/js")) {
  cpSync(`assets/js/${name}`, `${out}/${name}`);
}
