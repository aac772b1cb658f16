// The try-it chat without waiting for a click: when the chat changed (the bot wrote, or another
// tab played someone), reload, unless something is being typed. The page works without it.
(function () {
  "use strict";
  var phone = document.querySelector(".phone[data-state]");
  if (!phone) { return; }
  var end = document.getElementById("end");
  if (end) { end.scrollIntoView(); }
  var box = document.querySelector("form.composer input[name=text]");
  if (box && !document.querySelector(".toast")) { box.focus(); }
  var known = phone.getAttribute("data-fingerprint");
  function check() {
    if (box && box.value) { return; }
    fetch(phone.getAttribute("data-state"), { cache: "no-store" })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (state) {
        if (state && state.fingerprint !== known) { window.location.reload(); }
      })
      .catch(function () {});
  }
  window.setInterval(check, 2000);
  // A tapped button or a sent message: disable the forms so a double click sends once.
  document.addEventListener("submit", function () {
    window.setTimeout(function () {
      document.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }, 0);
  });
}());
