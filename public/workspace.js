// Progressive enhancement of the translation workspace. The page works without this file.
// Keys (also listed on the page):
//   Ctrl+Enter       save as translated and go to the next segment
//   Alt+ArrowDown/Up next / previous segment
//   Ctrl+Shift+S     copy the source into the target
//   Ctrl+Shift+P     insert the next placeholder of the source that the target lacks
//   Ctrl+1 … Ctrl+9  use translation-memory suggestion n
// Drafts are saved automatically a moment after typing stops.
(function () {
  "use strict";
  var areas = Array.prototype.slice.call(document.querySelectorAll("section.seg textarea[name=text]"));
  if (areas.length === 0) {
    return;
  }
  function indexOf(el) {
    return areas.indexOf(el);
  }
  function focusAt(i) {
    var t = areas[Math.max(0, Math.min(areas.length - 1, i))];
    if (t) {
      t.focus();
      t.scrollIntoView({ block: "center" });
    }
  }
  function sectionOf(el) {
    return el.closest("section.seg");
  }
  function setStatus(section, text) {
    var out = section.querySelector(".autosave");
    if (!out) {
      out = document.createElement("p");
      out.className = "autosave muted";
      out.setAttribute("role", "status");
      section.querySelector("form.tgt").appendChild(out);
    }
    out.textContent = text;
  }
  function save(textarea, status) {
    var form = textarea.form;
    var data = new FormData(form);
    data.set("status", status);
    var section = sectionOf(textarea);
    return fetch(form.action, { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (res) {
        return res.json().then(function (body) {
          return { ok: res.ok, status: res.status, body: body };
        });
      })
      .then(function (r) {
        if (r.ok) {
          form.querySelector("input[name=version]").value = String(r.body.version);
          textarea.dataset.saved = textarea.value;
          setStatus(section, r.body.message || "");
          section.className = "seg " + r.body.status;
        } else if (r.status === 409) {
          // Someone else saved first: keep this text in the box and say so; reloading shows both.
          setStatus(section, r.body.error.message);
        } else {
          setStatus(section, r.body.error ? r.body.error.message : "Error " + r.status);
        }
        return r.ok;
      })
      .catch(function () {
        setStatus(section, "…");
        return false;
      });
  }
  var timers = new Map();
  areas.forEach(function (t) {
    t.dataset.saved = t.value;
    t.addEventListener("input", function () {
      clearTimeout(timers.get(t));
      timers.set(
        t,
        setTimeout(function () {
          if (t.value !== t.dataset.saved) {
            save(t, "draft");
          }
        }, 1500),
      );
    });
  });
  document.addEventListener("keydown", function (e) {
    var t = e.target;
    if (!(t instanceof HTMLTextAreaElement) || areas.indexOf(t) < 0) {
      return;
    }
    var i = indexOf(t);
    if (e.ctrlKey && e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timers.get(t));
      save(t, "translated").then(function (ok) {
        if (ok) {
          focusAt(i + 1);
        }
      });
    } else if (e.altKey && e.key === "ArrowDown") {
      e.preventDefault();
      focusAt(i + 1);
    } else if (e.altKey && e.key === "ArrowUp") {
      e.preventDefault();
      focusAt(i - 1);
    } else if (e.ctrlKey && e.shiftKey && (e.key === "S" || e.key === "s")) {
      e.preventDefault();
      t.value = t.dataset.source || "";
      t.dispatchEvent(new Event("input"));
    } else if (e.ctrlKey && e.shiftKey && (e.key === "P" || e.key === "p")) {
      e.preventDefault();
      var tokens = (t.dataset.source || "").match(/\{\/?\d+\/?\}/g) || [];
      var missing = tokens.filter(function (tok) {
        return t.value.indexOf(tok) < 0;
      })[0];
      if (missing) {
        t.setRangeText(missing, t.selectionStart, t.selectionEnd, "end");
        t.dispatchEvent(new Event("input"));
      }
    } else if (e.ctrlKey && !e.shiftKey && /^[1-9]$/.test(e.key)) {
      var suggestion = sectionOf(t).querySelectorAll(".suggestion")[Number(e.key) - 1];
      if (suggestion) {
        e.preventDefault();
        t.value = suggestion.textContent;
        t.dispatchEvent(new Event("input"));
      }
    }
  });
})();
