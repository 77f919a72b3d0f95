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
