// The page bridge (ui/a11y.py): what a Streamlit script cannot do in the page itself.
// - <html lang> follows the app's language.
// - A new step of the self-check is shown from its top, and focus moves to its heading, so a
//   screen reader announces the new question and the next Tab reaches its first answer.
// Runs in the component's iframe (same origin as the app) and reaches the app's document as its parent.
(function () {
  "use strict";
  var app = window.parent;
  var doc = app.document;

  function send(type, extra) {
    var message = { isStreamlitMessage: true, type: type };
    for (var k in extra) message[k] = extra[k];
    app.postMessage(message, "*");
  }

  function headingOf(args) {
    var box = doc.querySelector(".st-key-" + args.heading_key);
    if (!box) return null;
    var heading = box.querySelector("h1, h2, h3, h4, h5, h6");
    if (!heading) return null;
    return heading.textContent.trim() === String(args.heading_text).trim() ? heading : null;
  }

  // Focus the new step's heading once the app has drawn it (the render message may come first).
  function focusStep(args, deadline) {
    var heading = headingOf(args);
    if (!heading) {
      if (Date.now() < deadline) setTimeout(function () { focusStep(args, deadline); }, 50);
      return;
    }
    var main = doc.querySelector('[data-testid="stMain"]');
    if (main) main.scrollTo({ top: 0 });
    app.scrollTo({ top: 0 });
    heading.setAttribute("tabindex", "-1");
    heading.focus({ preventScroll: true });
  }

  // Streamlit's own accessible names are English: said in the page's language instead. The English
  // original is kept on the element, so a switch back (or to another language) starts from it.
  var ATTRIBUTES = ["aria-label", "title", "placeholder"];
  var names = {};
  var prefixes = [];

  function translated(text) {
    if (Object.prototype.hasOwnProperty.call(names, text)) return names[text];
    for (var i = 0; i < prefixes.length; i++) {
      if (text.indexOf(prefixes[i][0]) === 0) return prefixes[i][1] + text.slice(prefixes[i][0].length);
    }
    return null;
  }

  function nameElement(element) {
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var attribute = ATTRIBUTES[i];
      if (!element.hasAttribute(attribute)) continue;
      var current = element.getAttribute(attribute);
      // What this script wrote last, and the English it wrote it for; anything else is Streamlit's own.
      var written = element.getAttribute("data-rg-written-" + attribute);
      var original = written !== null && current === written ? element.getAttribute("data-rg-" + attribute) : current;
      var wanted = translated(original);
      if (wanted === null || wanted === current) continue;
      element.setAttribute("data-rg-" + attribute, original);
      element.setAttribute("data-rg-written-" + attribute, wanted);
      element.setAttribute(attribute, wanted);
    }
  }

  // The side menu's <ul> holds a <div> per section around its <li>s: not a valid list. Read as a
  // plain group of links instead (the links and the <nav> keep their roles).
  function fixMenu() {
    var lists = doc.querySelectorAll('[data-testid="stSidebarNavItems"]');
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].getAttribute("role") !== "none") lists[i].setAttribute("role", "none");
      var items = lists[i].querySelectorAll("li");
      for (var j = 0; j < items.length; j++) {
        if (items[j].getAttribute("role") !== "none") items[j].setAttribute("role", "none");
      }
    }
  }

  function fixPage() {
    fixMenu();
    var selector = ATTRIBUTES.map(function (a) { return "[" + a + "]"; }).join(",");
    var elements = doc.querySelectorAll(selector);
    for (var i = 0; i < elements.length; i++) nameElement(elements[i]);
  }

  var pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    app.requestAnimationFrame(function () { pending = false; fixPage(); });
  }
  // One observer and one listener per page: a reloaded bridge replaces those of the one before.
  if (app.__reaktionsguideObserver) app.__reaktionsguideObserver.disconnect();
  app.__reaktionsguideObserver = new app.MutationObserver(schedule);
  app.__reaktionsguideObserver.observe(doc.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ATTRIBUTES,
  });

  // On a phone the side menu lies over the page: once a page is chosen in it, it closes.
  var PHONE_WIDTH = 768;
  function closeMenuAfterChoice(event) {
    var link = event.target && event.target.closest && event.target.closest('[data-testid="stSidebarNavLink"]');
    if (!link || app.innerWidth > PHONE_WIDTH) return;
    app.setTimeout(function () {
      var menu = doc.querySelector('[data-testid="stSidebar"]');
      if (!menu || menu.getAttribute("data-collapsed") !== "false") return;
      var close = menu.querySelector('[data-testid="stSidebarCollapseButton"] button');
      if (close) close.click();
    }, 0);
  }
  if (app.__reaktionsguideMenuListener) doc.removeEventListener("click", app.__reaktionsguideMenuListener, true);
  app.__reaktionsguideMenuListener = closeMenuAfterChoice;
  doc.addEventListener("click", closeMenuAfterChoice, true);

  function render(args) {
    if (args.lang) doc.documentElement.setAttribute("lang", args.lang);
    if (args.names) {
      names = args.names;
      prefixes = args.prefixes || [];
      fixPage();
      // Says the page is in its language now (browser tests wait for it before they measure).
      doc.documentElement.setAttribute("data-page-bridge", args.lang);
    }
    if (args.step) {
      var previous = app.__reaktionsguideStep;
      app.__reaktionsguideStep = args.step;
      // Not on the first view of the page: focus starts at the top of the page as usual.
      if (previous !== undefined && previous !== args.step) focusStep(args, Date.now() + 5000);
    }
  }

  window.addEventListener("message", function (event) {
    if (event.source !== app) return;
    var data = event.data || {};
    if (data.type === "streamlit:render") {
      render(data.args || {});
      send("streamlit:setFrameHeight", { height: 0 });
    }
  });
  send("streamlit:componentReady", { apiVersion: 1 });
})();
