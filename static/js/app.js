// Progressive enhancements only: every page works without this file.
document.addEventListener("click", function (e) {
  var t = e.target.closest("[data-print]");
  if (t) { e.preventDefault(); window.print(); }
});

// Live catalog search (htmx swaps #results): announce only the new result count through the polite
// status region, not the whole list of procedures.
document.addEventListener("htmx:afterSwap", function (e) {
  var status = document.getElementById("results-status");
  var count = e.detail.target && e.detail.target.querySelector ? e.detail.target.querySelector(".result-count") : null;
  if (status && count) status.textContent = count.textContent.trim();
});

// The e-form keeps what a visitor typed through signing in: an anonymous visitor's values stay in this tab's
// sessionStorage (never sent anywhere, gone when the tab is closed) and are put back into the still-empty fields
// of the same procedure's submission form once signed in; values the account filled in are left as they are.
(function () {
  var form = document.querySelector("form.eform");
  if (!form || !window.sessionStorage) return;
  var key = "motcua:eform:" + form.getAttribute("action");
  var fields = function () {
    return Array.prototype.filter.call(form.querySelectorAll("input[name], select[name], textarea[name]"), function (el) {
      return el.name.charAt(0) !== "_" && el.type !== "file" && el.type !== "hidden";
    });
  };
  if (document.getElementById("login-prompt")) {
    var save = function () {
      var data = {};
      fields().forEach(function (el) {
        if (el.type === "checkbox") data[el.name] = el.checked;
        else if (el.type === "radio") { if (el.checked) data[el.name] = el.value; }
        else if (el.value !== "") data[el.name] = el.value;
      });
      try { sessionStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage full or disabled: nothing kept */ }
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
    return;
  }
  if (!form.querySelector('[name="_agency"]')) return;  // only the signed-in applicant's submission form
  var saved = null;
  try { saved = JSON.parse(sessionStorage.getItem(key) || "null"); } catch (e) { saved = null; }
  if (!saved) return;
  sessionStorage.removeItem(key);
  var restored = 0;
  fields().forEach(function (el) {
    if (!Object.prototype.hasOwnProperty.call(saved, el.name)) return;
    var v = saved[el.name];
    if (el.type === "checkbox") {
      if (v === true && !el.checked) { el.checked = true; restored++; }
    } else if (el.type === "radio") {
      var group = form.querySelectorAll('input[type="radio"][name="' + el.name + '"]');
      var any = Array.prototype.some.call(group, function (r) { return r.checked; });
      if (!any && el.value === v) { el.checked = true; restored++; }
    } else if (el.value === "" && typeof v === "string" && v !== "") {
      el.value = v;
      restored++;
    }
  });
  if (restored) {
    var note = document.createElement("div");
    note.className = "notice notice-good";
    note.id = "restored-note";
    note.setAttribute("role", "status");
    note.textContent = "Đã điền lại " + restored + " thông tin bạn nhập trước khi đăng nhập. Vui lòng kiểm tra lại trước khi nộp.";
    form.parentNode.insertBefore(note, form);
  }
})();

// The supervisor's live dashboard (/giam-sat/bang-dieu-khien): server-sent events replace the live part; the
// status line says when, so a screen reader hears one short sentence instead of the whole dashboard.
(function () {
  var live = document.getElementById("live");
  if (!live || !live.dataset.stream || !window.EventSource) return;
  var status = document.getElementById("live-status");
  var source = new EventSource(live.dataset.stream);
  source.addEventListener("snapshot", function (e) {
    var data = JSON.parse(e.data);
    live.innerHTML = data.html;
    if (status) status.textContent = "Đã cập nhật lúc " + data.as_of + ".";
  });
  source.onerror = function () {
    if (status) status.textContent = "Mất kết nối cập nhật, đang thử kết nối lại…";
  };
})();

// An error summary (id="error-summary" data-autofocus) takes the focus when the page opens, so a keyboard or
// screen-reader user starts from the list of problems; each of its links moves the focus to its control.
(function () {
  var summary = document.querySelector("#error-summary[data-autofocus]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (e) {
    var a = e.target.closest("a[href^='#']");
    if (!a) return;
    var target = document.getElementById(a.getAttribute("href").slice(1));
    if (!target) return;
    e.preventDefault();
    var field = target.closest(".field, fieldset") || target;
    if (field.hidden) field.hidden = false;
    field.scrollIntoView({ block: "center" });
    target.focus();
  });
})();

// Questions that apply only after a given answer (data-show-if="<field>" data-show-values="a|b"): hidden until
// that answer is chosen, shown as soon as it is; hidden inputs are disabled, so they are not sent (the server
// also ignores answers to questions that do not apply). Without this script every question stays visible.
(function () {
  var conditional = document.querySelectorAll("[data-show-if]");
  if (!conditional.length) return;
  var form = conditional[0].closest("form");
  var answer = function (name) {
    var els = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      if (el.type === "radio") { if (el.checked) return el.value; }
      else if (el.type === "checkbox") return el.checked ? "true" : "false";
      else return el.value;
    }
    return "";
  };
  var update = function () {
    Array.prototype.forEach.call(conditional, function (field) {
      var show = field.dataset.showValues.split("|").indexOf(answer(field.dataset.showIf)) >= 0;
      // A field with an error stays visible: the person must see what the server asked about.
      if (!show && field.classList.contains("has-error")) show = true;
      field.hidden = !show;
      Array.prototype.forEach.call(field.querySelectorAll("input, select, textarea"), function (el) { el.disabled = !show; });
      var hint = field.querySelector(".cond-hint");
      if (hint) hint.hidden = true;  // the question now appears exactly when it applies
    });
  };
  form.addEventListener("change", update);
  update();
})();

// The catalog's filters sit behind "Lọc" so that a phone shows the results first; on a wide screen there is
// room for them, so the panel opens.
(function () {
  var d = document.querySelector("details[data-open-wide]");
  if (d && window.matchMedia && window.matchMedia("(min-width: 760px)").matches) d.open = true;
})();
