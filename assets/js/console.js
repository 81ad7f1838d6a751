// The meeting console saves as it goes. Each question's form posts on its own: after a
// pause in typing, and when a field loses focus, the fields that changed are sent with
// fetch (with the page's CSRF token). Until the server confirms, what was typed is kept
// in this browser's localStorage, so a dropped connection or a closed tab loses nothing:
// the next visit puts the text back, says so, and saves it. Without JavaScript, every
// form still has its own Save button.

const PAUSE_MS = 1200;
const GROUPS = [/^actions-\d+-/, /^noted_comments-\d+-/, /^written_answer_due_on-/];

function storageGet(key) {
  try {
    return JSON.parse(window.localStorage.getItem(key) || "null");
  } catch {
    return null;
  }
}

function storageSet(key, value) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing or a full store: saving still works, only the safety net is lost.
  }
}

function fieldValue(field) {
  if (field.type === "checkbox") return field.checked ? field.value : "";
  if (field.type === "radio") {
    const chosen = field.form.querySelector(`input[name="${CSS.escape(field.name)}"]:checked`);
    return chosen ? chosen.value : "";
  }
  return field.value;
}

function setFieldValue(form, name, value) {
  const fields = form.querySelectorAll(`[name="${CSS.escape(name)}"]`);
  fields.forEach((field) => {
    if (field.type === "checkbox" || field.type === "radio") field.checked = field.value === value;
    else field.value = value;
  });
}

function groupOf(name) {
  return GROUPS.find((pattern) => pattern.test(name)) || null;
}

function labelFor(form, name) {
  const field = form.querySelector(`[name="${CSS.escape(name)}"]`);
  if (!field) return name;
  const fieldset = field.closest("fieldset");
  const label = form.querySelector(`label[for="${CSS.escape(field.id)}"]`);
  if (field.type === "radio" || field.type === "checkbox") {
    return fieldset ? fieldset.querySelector("legend").textContent.trim() : name;
  }
  return label ? label.textContent.trim() : name;
}

class AutosaveForm {
  constructor(form, restoredNotice) {
    this.form = form;
    this.key = `portal:${form.dataset.storageKey}`;
    this.label = form.dataset.label || "";
    this.status = form.querySelector(".app-save-status");
    this.dirty = new Set();
    this.timer = null;
    this.saving = false;
    this.restoredNotice = restoredNotice;
    form.addEventListener("input", (event) => this.changed(event.target, false));
    form.addEventListener("change", (event) => this.changed(event.target, true));
    form.addEventListener("focusout", () => {
      if (this.dirty.size) this.save();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      // "Mark now" buttons say which moment in the webcast to take from the clock.
      if (event.submitter && event.submitter.name === "mark") this.mark = event.submitter.value;
      this.form.querySelectorAll("[name]").forEach((field) => {
        if (!field.name.startsWith("_") && field.name !== "csrf_token") this.dirty.add(field.name);
      });
      this.save();
    });
    window.addEventListener("online", () => {
      if (this.dirty.size) this.save();
    });
    // Leaving while something is unsaved or still saving: the browser asks first
    // (leave-warning.js reads data-unsaved). What was typed is also kept on this computer,
    // and put back when the page is opened again.
    this.restore();
  }

  changed(field, immediately) {
    if (!field.name || field.name === "csrf_token" || field.name.startsWith("_")) return;
    this.dirty.add(field.name);
    this.keep();
    this.show("Not saved yet", "pending");
    this.growRows(field);
    window.clearTimeout(this.timer);
    if (immediately && (field.type === "radio" || field.type === "checkbox")) this.save();
    else this.timer = window.setTimeout(() => this.save(), PAUSE_MS);
  }

  // Keep everything not yet saved in localStorage, field by field.
  keep() {
    const values = {};
    this.dirty.forEach((name) => {
      const field = this.form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (field) values[name] = fieldValue(field);
    });
    storageSet(this.key, { at: Date.now(), values });
  }

  restore() {
    const kept = storageGet(this.key);
    if (!kept || !kept.values) return;
    const restored = [];
    Object.entries(kept.values).forEach(([name, value]) => {
      const field = this.form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (!field) return;
      if (fieldValue(field) !== value) {
        setFieldValue(this.form, name, value);
        restored.push(labelFor(this.form, name));
      }
      this.dirty.add(name);
    });
    if (restored.length) this.restoredNotice.add(this.label, restored);
    if (this.dirty.size) this.save();
  }

  // When the last empty action or comment gets text, add another empty one.
  growRows(field) {
    const row = field.closest("[data-row]");
    if (!row || row.nextElementSibling) return;
    const filled = [...row.querySelectorAll("input, textarea")].some((input) => input.value.trim());
    if (!filled) return;
    const next = row.cloneNode(true);
    const index = row.parentElement.children.length;
    next.querySelectorAll("[id], [name], [for], [aria-describedby]").forEach((element) => {
      ["id", "name", "for", "aria-describedby"].forEach((attribute) => {
        const value = element.getAttribute(attribute);
        if (value) element.setAttribute(attribute, value.replace(/-(\d+)-/, `-${index}-`));
      });
      if ("value" in element && element.tagName !== "LABEL") element.value = "";
    });
    next.querySelectorAll("label").forEach((label) => {
      label.textContent = label.textContent
        .replace(/Action [a-z]+\)/, `Action ${String.fromCharCode(97 + (index % 26))})`)
        .replace(/Comment \d+/, `Comment ${index + 1}`);
    });
    next.querySelectorAll(".govuk-error-message").forEach((message) => message.remove());
    row.after(next);
  }

  payload() {
    const data = new FormData();
    data.append("csrf_token", this.form.querySelector('[name="csrf_token"]').value);
    data.append("_partial", "1");
    if (this.mark) {
      data.append("mark", this.mark);
      this.mark = null;
    }
    const names = new Set(this.dirty);
    // A list or a date is always sent whole.
    this.dirty.forEach((name) => {
      const group = groupOf(name);
      if (!group) return;
      this.form.querySelectorAll("[name]").forEach((field) => {
        if (group.test(field.name)) names.add(field.name);
      });
    });
    names.forEach((name) => {
      const field = this.form.querySelector(`[name="${CSS.escape(name)}"]`);
      if (field) data.append(name, fieldValue(field));
    });
    return { data, names };
  }

  async save() {
    window.clearTimeout(this.timer);
    if (this.saving) {
      this.again = true;
      return;
    }
    if (!this.dirty.size) return;
    this.saving = true;
    const { data, names } = this.payload();
    this.dirty.clear();
    this.show("Saving…", "pending");
    try {
      const response = await fetch(this.form.action, {
        method: "POST",
        body: data,
        headers: { "X-Requested-With": "fetch", Accept: "application/json" },
        credentials: "same-origin",
      });
      const body = response.headers.get("Content-Type")?.includes("json") ? await response.json() : null;
      if (response.ok && body && body.saved) {
        this.clearErrors();
        Object.entries(body.moments || {}).forEach(([name, value]) => setFieldValue(this.form, name, value));
        if (!this.dirty.size) storageSet(this.key, null);
        else this.keep();
        // A choice not finished yet (who read the question out) is saved as a draft; the
        // page says what is still to do.
        const reminders = Object.values(body.reminders || {});
        this.show(
          reminders.length ? `Saved at ${body.saved_at}. Still to do: ${reminders.join(". ")}` : `Saved at ${body.saved_at}`,
          "saved",
        );
      } else if (body && body.errors) {
        names.forEach((name) => this.dirty.add(name));
        this.keep();
        this.showErrors(body.errors);
      } else {
        names.forEach((name) => this.dirty.add(name));
        this.keep();
        this.show("Not saved – reload the page and try again. What you typed is kept on this computer.", "error");
      }
    } catch {
      names.forEach((name) => this.dirty.add(name));
      this.keep();
      this.show("Not saved – check your connection. What you typed is kept on this computer and will be saved when the connection is back.", "error");
    } finally {
      this.saving = false;
      this.flag();
      if (this.again) {
        this.again = false;
        if (this.dirty.size) this.save();
      }
    }
  }

  // Tells leave-warning.js whether anything is unsaved or still saving.
  flag() {
    this.form.dataset.unsaved = String(this.saving || this.dirty.size > 0);
  }

  show(text, state) {
    this.flag();
    if (!this.status) return;
    this.status.textContent = text;
    this.status.dataset.state = state;
  }

  clearErrors() {
    this.form.querySelectorAll(".app-save-error").forEach((message) => message.remove());
  }

  showErrors(errors) {
    this.clearErrors();
    const messages = Object.entries(errors).map(([id, message]) => {
      const field = document.getElementById(id);
      if (field) {
        const inline = document.createElement("p");
        inline.className = "govuk-error-message app-save-error";
        inline.innerHTML = '<span class="govuk-visually-hidden">Error:</span> ';
        inline.append(message);
        (field.closest(".govuk-form-group") || field.parentElement).prepend(inline);
      }
      return message;
    });
    this.show(`Not saved: ${messages.join(". ")}`, "error");
  }
}

class RestoredNotice {
  constructor(banner) {
    this.banner = banner;
    this.list = banner ? banner.querySelector(".app-console-restored__list") : null;
  }

  add(label, fields) {
    if (!this.banner) return;
    const item = document.createElement("li");
    item.textContent = `${label}: ${fields.join(", ")}`;
    this.list.append(item);
    this.banner.hidden = false;
  }
}

const notice = new RestoredNotice(document.querySelector('[data-module="app-console-restored"]'));
document.querySelectorAll('form[data-module="app-autosave"]').forEach((form) => new AutosaveForm(form, notice));
