// "Nhập từ CSDL quốc gia": progressive enhancement of the two forms (preview, apply) — without this file they post
// normally. With it: the file is sent with XMLHttpRequest so the <progress> bar shows the upload's real progress,
// then turns indeterminate while the server reads the file and compares it with the catalog; the answer (the same
// page, rendered by the server) replaces the page's content. The file chosen for the preview is kept in memory and
// sent again with "Áp dụng", so the administrator does not choose it twice.
(function () {
  "use strict";
  var remembered = null;

  function box() { return document.getElementById("ni-progress-box"); }

  function show(percent, text) {
    var b = box();
    if (!b) return;
    var bar = document.getElementById("ni-progress");
    var label = document.getElementById("ni-progress-label");
    var status = document.getElementById("ni-progress-status");
    b.hidden = false;
    if (percent === null) bar.removeAttribute("value");
    else bar.value = percent;
    label.textContent = text;
    status.textContent = text;
  }

  function prepare() {
    // The apply form: the previewed file is filled in, its field hidden.
    var refile = document.querySelector("[data-ni-refile]");
    if (refile && remembered) {
      var input = refile.querySelector("input[type=file]");
      input.required = false;
      refile.hidden = true;
    }
  }

  function swap(html) {
    var doc = new DOMParser().parseFromString(html, "text/html");
    var fresh = doc.getElementById("national-import");
    var here = document.getElementById("national-import");
    if (!fresh || !here) {
      document.open();
      document.write(html);
      document.close();
      return;
    }
    here.replaceWith(document.importNode(fresh, true));
    prepare();
    var focus = document.getElementById("ni-error") || document.getElementById("ni-applied") || document.getElementById("ni-diff-h");
    if (focus) {
      if (!focus.hasAttribute("tabindex")) focus.setAttribute("tabindex", "-1");
      focus.focus();
    }
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.hasAttribute || !form.hasAttribute("data-national-import")) return;
    var input = form.querySelector("input[type=file]");
    var chosen = input && input.files && input.files.length ? input.files[0] : null;
    if (!chosen && !remembered) return;  // let the browser ask for the file
    e.preventDefault();
    var data = new FormData(form);
    if (chosen) remembered = chosen;
    else data.set("file", remembered, remembered.name);
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.upload.addEventListener("progress", function (p) {
      if (p.lengthComputable) show(Math.round((p.loaded / p.total) * 100), "Đang tải tệp lên: " + Math.round((p.loaded / p.total) * 100) + " %");
    });
    xhr.upload.addEventListener("load", function () {
      show(null, "Đã tải lên. Đang đọc tệp và đối chiếu với danh mục…");
    });
    xhr.addEventListener("load", function () { swap(xhr.responseText); });
    xhr.addEventListener("error", function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      show(0, "Không gửi được tệp (mất kết nối). Vui lòng thử lại.");
    });
    show(0, "Đang tải tệp lên: 0 %");
    xhr.send(data);
  });
})();
