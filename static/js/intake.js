// The intake form as steps. Without JavaScript every step is shown at once and the form still works.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-intake]");
  if (!form) return;
  const steps = Array.from(form.querySelectorAll("fieldset[data-step]"));
  const labels = Array.from(form.querySelectorAll("[data-step-label]"));
  const firstWithError = steps.findIndex((step) => step.querySelector(".is-invalid, .invalid-feedback"));
  let current = firstWithError >= 0 ? firstWithError : 0;

  const show = (index, focus) => {
    current = index;
    steps.forEach((step, i) => { step.hidden = i !== index; });
    labels.forEach((label, i) => {
      label.querySelector(".badge").className = "badge rounded-pill " + (i === index ? "text-bg-primary" : "text-bg-light");
      if (i === index) label.setAttribute("aria-current", "step"); else label.removeAttribute("aria-current");
    });
    if (focus) {
      const field = steps[index].querySelector("input:not([type=hidden]), select, textarea");
      if (field) field.focus();
    }
  };
  const valid = (step) => Array.from(step.querySelectorAll("input, select, textarea")).every((field) => {
    if (field.checkValidity()) return true;
    field.reportValidity();
    return false;
  });
  // Ask the server for possible duplicates of the survivor's identifying details.
  const target = document.getElementById("intake-matches");
  const existing = form.elements.use_existing_person;
  // Only the latest answer is shown: an earlier check that comes back late must not replace it.
  let latest = 0;
  const checkMatches = () => {
    const mine = ++latest;
    return fetch(form.dataset.matchesUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then((response) => (response.ok ? response.text() : ""))
      .then((html) => { if (mine === latest) target.innerHTML = html; });
  };

  // Step 1 is held while people with the same details are registered, until the worker chooses one of them or
  // says that she is a different person: intake must neither duplicate a survivor nor pass a warning unread.
  const survivorStepHeld = () => {
    const warning = target.querySelector("[data-duplicate-warning]");
    const different = form.elements.confirm_new_person;
    if (!warning || (existing && existing.value) || (different && different.checked)) return false;
    warning.focus();
    return true;
  };

  form.addEventListener("click", (event) => {
    const choose = event.target.closest("button[name=use_existing_person]");
    if (choose && existing) {
      event.preventDefault();
      existing.value = choose.value;
      target.querySelector("[data-chosen-person]")?.removeAttribute("hidden");
      show(current + 1, true);
      return;
    }
    if (event.target.matches("[data-step-next]") && valid(steps[current])) {
      if (current === 0) {
        const mine = latest + 1;
        checkMatches().then(() => { if (mine === latest && !survivorStepHeld()) show(1, true); });
      } else {
        show(current + 1, true);
      }
    }
    if (event.target.matches("[data-step-back]")) show(current - 1, true);
  });
  show(current, false);

  const watched = ["survivor_given_name", "survivor_family_name", "survivor_birth_date", "survivor_national_id",
                   "survivor_phone"].map((name) => form.elements[name]).filter(Boolean);
  watched.forEach((field) => field.addEventListener("change", () => {
    if (existing) existing.value = "";
    checkMatches();
  }));
});
