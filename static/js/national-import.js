// "Nhập từ CSDL quốc gia": progressive enhancement of the two forms (preview, apply) — without this file they post
// normally. With it: the file is sent with XMLHttpRequest so the <progress> bar shows the upload's real progress;
// then the bar follows the server's work, polled from …/tien-do with a random token added to the form (reading the
// file, records compared with the catalog out of the total, writing); the answer (the same page, rendered by the
// server) replaces the page's content. The file chosen for the preview is kept in memory and sent again with
// "Áp dụng", so the administrator does not choose it twice.
(function () {
  "use strict";
  var remembered = null;

  function box() { return document.getElementById("ni-progress-box"); }

  // The label follows every step; the polite status region (what a screen reader says) only each new phase and
  // every quarter of the records compared, so it does not talk over itself.
  var announced = "";
  function show(percent, text, announce) {
    var b = box();
    if (!b) return;
    var bar = document.getElementById("ni-progress");
    var label = document.getElementById("ni-progress-label");
    var status = document.getElementById("ni-progress-status");
    b.hidden = false;
    if (percent === null) bar.removeAttribute("value");
    else bar.value = percent;
    label.textContent = text;
    var key = announce || text;
    if (key !== announced) {
      announced = key;
      status.textContent = text;
    }
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

  function token() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  }

  // Polls the server's progress until stop() is called (the answer arrived).
  function follow(url) {
    var stopped = false;
    function tick() {
      if (stopped) return;
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) { return r.json(); }).then(function (p) {
        if (stopped) return;
        if (p.phase === "reading") show(null, "Đang đọc tệp…");
        else if (p.phase === "comparing" && p.total > 0)
          show(Math.round((p.done / p.total) * 100), "Đang đối chiếu với danh mục: " + p.done + "/" + p.total + " bản ghi",
               "comparing-" + Math.floor((p.done / p.total) * 4));
        else if (p.phase === "writing") show(null, "Đang ghi " + p.total + " bản ghi vào danh mục…");
        setTimeout(tick, 300);
      }).catch(function () { if (!stopped) setTimeout(tick, 1000); });
    }
    tick();
    return function () { stopped = true; };
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
    var id = token();
    data.set("progress", id);
    var stop = function () {};
    var buttons = form.querySelectorAll("button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", form.getAttribute("action"));
    xhr.upload.addEventListener("progress", function (p) {
      if (p.lengthComputable)
        show(Math.round((p.loaded / p.total) * 100), "Đang tải tệp lên: " + Math.round((p.loaded / p.total) * 100) + " %",
             "upload-" + Math.floor((p.loaded / p.total) * 4));
    });
    xhr.upload.addEventListener("load", function () {
      show(null, "Đã tải lên. Đang đọc tệp và đối chiếu với danh mục…");
    });
    xhr.addEventListener("load", function () { stop(); swap(xhr.responseText); });
    xhr.addEventListener("error", function () {
      stop();
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      show(0, "Không gửi được tệp (mất kết nối). Vui lòng thử lại.");
    });
    show(0, "Đang tải tệp lên: 0 %");
    xhr.send(data);
    // The server's phases ("unknown" until the upload has arrived, then reading, comparing, writing).
    stop = follow(form.getAttribute("action") + "/tien-do?token=" + id);
  });
})();
