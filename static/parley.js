// Parley's glue: the only hand-written script. Everything else is htmx and the server's HTML.
(function () {
  "use strict";

  // Enter sends, Shift+Enter starts a new line (without JavaScript the Send button does the job).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && field.matches("#compose textarea")) {
      event.preventDefault();
      field.form.requestSubmit();
    }
  });

  // A dropped stream is routine: the browser reconnects by itself, and the server's Last-Event-ID replay
  // (or reset) makes the gap invisible. The SSE extension reports every drop as an error in the console,
  // so it only hears about the drops the browser gives up on; it then opens a fresh stream itself.
  htmx.createEventSource = function (url) {
    var source = new EventSource(url, { withCredentials: true });
    var extensionOnError = null;
    Object.defineProperty(source, "onerror", {
      get: function () { return extensionOnError; },
      set: function (handler) { extensionOnError = handler; }
    });
    source.addEventListener("error", function (event) {
      if (source.readyState === EventSource.CLOSED && extensionOnError) {
        extensionOnError.call(source, event);
      }
    });
    return source;
  };

  // Keep the newest message in view, unless the reader has scrolled up to read older ones.
  var pinned = true;
  document.addEventListener("htmx:sseBeforeMessage", function () {
    var list = document.getElementById("messages");
    pinned = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  });

  htmx.onLoad(function (content) {
    // Times arrive in UTC; show them in the reader's own time zone.
    content.querySelectorAll("time[datetime]").forEach(function (time) {
      var when = new Date(time.getAttribute("datetime"));
      time.textContent = when.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      time.title = when.toLocaleString();
    });
    var list = document.getElementById("messages");
    if (list && pinned && (content === document.body || list.contains(content) || content === list)) {
      list.scrollTop = list.scrollHeight;
    }
  });
})();
