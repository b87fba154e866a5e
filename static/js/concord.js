// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  document.documentElement.classList.add("js");
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("form[data-confirm]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });
  // After a refused save, take keyboard and screen-reader users to the list of what to correct.
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
  const current = document.body.dataset.nav;
  if (current) {
    document.querySelectorAll(`[data-nav="${current}"]`).forEach((link) => {
      link.classList.add("active");
      link.setAttribute("aria-current", "page");
    });
  }
});
