// Search-as-you-type pickers (WAI-ARIA 1.2 combobox with a listbox popup), no inline script.
// Markup: intake/widgets/combobox.html. htmx fills the listbox as one types; this file handles
// the keyboard (Down/Up to move, Enter to choose, Escape to close), taps and clicks, writes the
// chosen option's value into the hidden field named by data-link (cleared as soon as the text
// is edited again: free text stays allowed) and copies the option's data-fill values into other
// fields (data-fill-empty: only into empty fields). A "change" event on the hidden field lets
// other htmx parts (the routing hint) follow the choice.
(function () {
  "use strict";
  var SELECTOR = "input[data-combobox]";

  function listbox(input) {
    return document.getElementById(input.getAttribute("aria-controls"));
  }
  function options(input) {
    var box = listbox(input);
    return box ? Array.prototype.slice.call(box.querySelectorAll('[role="option"]')) : [];
  }
  function linked(input) {
    var id = input.getAttribute("data-link");
    return id ? document.getElementById(id) : null;
  }
  function say(input, text) {
    var status = document.getElementById(input.id + "_status");
    if (status) { status.textContent = text || ""; }
  }
  function show(input, visible) {
    var box = listbox(input);
    if (!box) { return; }
    box.hidden = !visible;
    input.setAttribute("aria-expanded", visible ? "true" : "false");
    if (!visible) { highlight(input, -1); }
  }
  function active(input) {
    var list = options(input);
    for (var i = 0; i < list.length; i++) {
      if (list[i].getAttribute("aria-selected") === "true") { return i; }
    }
    return -1;
  }
  function highlight(input, index) {
    var list = options(input);
    list.forEach(function (option, i) {
      option.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    if (index >= 0 && list[index]) {
      input.setAttribute("aria-activedescendant", list[index].id);
      if (list[index].scrollIntoView) { list[index].scrollIntoView({ block: "nearest" }); }
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }
  function copy(json, onlyEmpty) {
    if (!json) { return; }
    var values;
    try { values = JSON.parse(json); } catch (e) { return; }
    Object.keys(values).forEach(function (id) {
      var field = document.getElementById(id);
      if (!field || (onlyEmpty && field.value)) { return; }
      field.value = values[id];
    });
  }
  function setLink(input, value) {
    var hidden = linked(input);
    if (!hidden || hidden.value === value) { return; }
    hidden.value = value;
    hidden.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function choose(input, option) {
    input.value = option.getAttribute("data-label");
    copy(option.getAttribute("data-fill"), false);
    copy(option.getAttribute("data-fill-empty"), true);
    setLink(input, option.getAttribute("data-value"));
    show(input, false);
    say(input, option.getAttribute("data-chosen"));
  }
  function inputOf(element) {
    var box = element.closest('[role="listbox"]');
    return box ? document.querySelector('[aria-controls="' + box.id + '"]') : null;
  }

  // Typing again: the link to the chosen entry is dropped (the text is free text again).
  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) { return; }
    var hidden = linked(input);
    if (hidden && hidden.value) {
      setLink(input, "");
      say(input, input.getAttribute("data-free-text"));
    }
    if (!input.value.trim()) { show(input, false); }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) { return; }
    var list = options(input);
    var open = input.getAttribute("aria-expanded") === "true";
    var index = active(input);
    if (event.key === "ArrowDown" || event.key === "Down") {
      if (!list.length) { return; }
      event.preventDefault();
      if (!open) { show(input, true); }
      highlight(input, open ? Math.min(index + 1, list.length - 1) : 0);
    } else if (event.key === "ArrowUp" || event.key === "Up") {
      if (!list.length) { return; }
      event.preventDefault();
      if (!open) { show(input, true); }
      highlight(input, index <= 0 ? list.length - 1 : index - 1);
    } else if (event.key === "Enter") {
      if (open && index >= 0) {
        event.preventDefault(); // choose, do not send the form
        choose(input, list[index]);
      }
    } else if (event.key === "Escape" || event.key === "Esc") {
      if (open) {
        event.preventDefault();
        show(input, false);
      }
    }
  });

  // Keep the focus in the text box while an option is pressed (mouse, pen or finger).
  document.addEventListener("mousedown", function (event) {
    if (event.target.closest && event.target.closest('[role="listbox"] [role="option"]')) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest('[role="listbox"] [role="option"]');
    var input = option && inputOf(option);
    if (input) {
      choose(input, option);
      input.focus();
    }
  });
  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(SELECTOR)) { return; }
    window.setTimeout(function () {
      if (document.activeElement !== input) { show(input, false); }
    }, 150);
  });

  // A form sent back with errors: say which boxes still hold a chosen entry.
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll(SELECTOR), function (input) {
      var hidden = linked(input);
      if (hidden && hidden.value && input.getAttribute("data-linked-text")) {
        say(input, input.getAttribute("data-linked-text") + " : " + input.value);
      }
    });
  });

  // New options arrived: number them, open the list if the box still has the focus.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail && event.detail.target;
    if (!box || box.getAttribute("role") !== "listbox") { return; }
    var input = document.querySelector('[aria-controls="' + box.id + '"]');
    if (!input) { return; }
    var list = options(input);
    list.forEach(function (option, i) { option.id = box.id + "-" + i; });
    show(input, list.length > 0 && document.activeElement === input);
    if (list.length) {
      say(input, list.length + (list.length > 1 ? " propositions" : " proposition") +
        " : flèche bas pour parcourir, Entrée pour choisir.");
    } else if (input.value.trim().length > 1) {
      say(input, input.getAttribute("data-free-text"));
    }
  });
})();
