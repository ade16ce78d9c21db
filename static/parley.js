// Parley's glue: the only hand-written script. Everything else is htmx and the server's HTML.
(function () {
  "use strict";

  // On a phone the rooms and people panels fold away behind the header's menu button (parley.css hides them
  // under html.sidebars-fold). Without script the button stays hidden and the panels stack above the room.
  var menu = document.querySelector("button.menu[aria-controls]");
  if (menu) {
    var root = document.documentElement;
    var setOpen = function (open) {
      menu.setAttribute("aria-expanded", String(open));
      root.classList.toggle("sidebars-open", open);
    };
    root.classList.add("sidebars-fold");
    menu.hidden = false;
    menu.addEventListener("click", function () {
      setOpen(menu.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("sidebars-open")) {
        setOpen(false);
        menu.focus();
      }
    });
  }

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
  // The position the page has reached, per stream path: the id of the newest event it received. The page
  // renders its stream's URL with ?after= the newest message it shows; a stream the extension re-creates
  // (which sends no Last-Event-ID, htmx-ext-sse issue 184) asks for what came after the newest it received
  // since, so it resumes exactly instead of resetting the list.
  var reached = {};
  function resumeAt(url) {
    var address = new URL(url, location.href);
    var id = reached[address.pathname];
    if (id) {
      address.searchParams.set("after", id);
    }
    return address.pathname + address.search;
  }

  htmx.createEventSource = function (url) {
    var source = new EventSource(resumeAt(url), { withCredentials: true });
    var path = new URL(url, location.href).pathname;
    var remember = function (event) {
      if (event.lastEventId) {
        reached[path] = event.lastEventId;
      }
    };
    source.addEventListener("message", remember);
    source.addEventListener("reset", remember);
    var extensionOnError = null;
    Object.defineProperty(source, "onerror", {
      get: function () { return extensionOnError; },
      set: function (handler) { extensionOnError = handler; }
    });
    source.addEventListener("error", function (event) {
      if (source.readyState === EventSource.CLOSED) {
        pageStillOpen();
        if (extensionOnError) {
          extensionOnError.call(source, event);
        }
      }
    });
    return source;
  };

  // The browser gave up on the stream: the server refused it, and one reason is that the session ended
  // (signed out elsewhere, deactivated). The page asks for itself again (a HEAD: status only); when that is
  // no longer a page it may show (a redirect to sign in, a 404) it reloads, showing the person why,
  // instead of retrying a stream that will never be let in.
  function pageStillOpen() {
    fetch(location.href, { method: "HEAD", redirect: "manual", credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 404) {
          location.reload();
        }
      })
      .catch(function () { /* the network is down: the extension keeps retrying the stream */ });
  }

  // The message box keeps the size the person dragged it to when the form comes back after a send.
  // htmx would copy the old box's style attribute onto the new one, which the Content-Security-Policy
  // refuses (no inline styles), so layout.jte leaves "style" out of htmx's attributesToSettle and the
  // size is carried over here through the CSSOM, which the policy allows.
  var composeHeight = "";
  document.addEventListener("htmx:beforeSwap", function (event) {
    var box = event.detail.target && event.detail.target.querySelector && event.detail.target.querySelector("#compose-text");
    if (box) {
      composeHeight = box.style.height;
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.target.querySelector && event.target.querySelector("#compose-text");
    if (box && composeHeight) {
      box.style.height = composeHeight;
    }
  });

  // Keep the newest message in view, unless the reader has scrolled up to read older ones.
  var pinned = true;
  document.addEventListener("htmx:sseBeforeMessage", function () {
    var list = document.getElementById("messages");
    pinned = !list || list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  });

  // ---- Readable messages: day separators and runs of one author, in the reader's own time zone ----
  // Fragments are the same bytes for every reader, so the server cannot know the reader's day: it writes
  // separators in UTC (the fallback without script) and this puts them where the reader's days begin. It
  // keeps a separator that is still right (a screen reader would announce a new one), so it is idempotent and
  // touches only what changed; one pass over the list.
  var GROUP_MILLIS = 5 * 60 * 1000;

  function dayKey(when) {
    return when.getFullYear() + "-" + when.getMonth() + "-" + when.getDate();
  }

  function dayLabel(when, now) {
    var yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
    if (dayKey(when) === dayKey(now)) {
      return "Today";
    }
    if (dayKey(when) === dayKey(yesterday)) {
      return "Yesterday";
    }
    return when.toLocaleDateString([], { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  }

  function arrangeMessages(list) {
    var now = new Date();
    var separator = null; // the separator met since the last message, if any
    var last = null; // the last message: its author, time and day
    Array.prototype.slice.call(list.children).forEach(function (item) {
      if (item.classList.contains("day")) {
        if (separator) {
          separator.remove();
        }
        separator = item;
        return;
      }
      var time = item.querySelector("time[datetime]");
      if (!item.classList.contains("message") || !time) {
        return;
      }
      var when = new Date(time.getAttribute("datetime"));
      var day = dayKey(when);
      var author = item.getAttribute("data-author");
      if (!last || last.day !== day) {
        var label = dayLabel(when, now);
        if (!separator) {
          separator = document.createElement("li");
          separator.className = "day";
          separator.setAttribute("role", "separator");
          item.before(separator);
        }
        if (separator.textContent !== label) {
          separator.textContent = label;
        }
        separator = null;
      } else if (separator) {
        separator.remove();
        separator = null;
      }
      var grouped = !!last && last.day === day && last.author === author
          && when - last.when >= 0 && when - last.when < GROUP_MILLIS;
      item.classList.toggle("grouped", grouped);
      last = { day: day, author: author, when: when };
    });
    if (separator) {
      separator.remove(); // nothing after it
    }
  }
  // ---- end of readable messages ----

  htmx.onLoad(function (content) {
    var messages = document.getElementById("messages");
    if (messages && (content === document.body || content === messages || messages.contains(content))) {
      arrangeMessages(messages); // readable messages
    }
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
