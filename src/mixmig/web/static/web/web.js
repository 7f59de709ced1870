// mixmig web UI: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    // The language menu submits itself on change (its button remains for keyboard and no-JS use).
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
    // "Same person" in the duplicate check fills the member's known person number ("A new person" clears it).
    var numberFor = event.target.getAttribute && event.target.getAttribute("data-person-number-for");
    if (numberFor && event.target.checked) {
      var input = document.getElementById(numberFor);
      if (input) input.value = event.target.value;
    }
  });
  document.addEventListener("click", function (event) {
    // "Remove" on a member or document row removes that row from the form (nothing is saved until Register).
    var button = event.target.closest("button[data-remove]");
    if (!button) return;
    var row = button.closest(button.getAttribute("data-remove"));
    if (row) row.remove();
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    // Move focus to the first input of a newly added member so keyboard users can continue typing.
    if (event.detail.target && event.detail.target.id === "members") {
      var rows = event.detail.target.querySelectorAll("[data-member]");
      var last = rows[rows.length - 1];
      var input = last && last.querySelector("input:not([type=hidden])");
      if (input) input.focus();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.getElementById("form-errors");
    if (errors) errors.focus();
    var lang = document.querySelector("form.lang button");
    if (lang) lang.classList.add("visually-hidden");
  });
})();
