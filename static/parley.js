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
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && field.matches("#compose textarea, .editor textarea")) {
      event.preventDefault();
      field.form.requestSubmit();
    } else if (event.key === "Escape" && field.matches(".editor textarea")) {
      field.form.querySelector("a").click(); // Cancel
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
    source.addEventListener("update", remember);
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

  // ---- Changes to messages: this reader's controls and marks, and the stream's updates ----
  // What the stream sends is the same for every reader, so it carries no controls and no "you reacted" marks:
  // they go on here, from <body data-viewer> and each message's data-author. The controls are copied from the
  // room page's <template id="message-controls">, rendered for message 0, with the message's id put in.
  var viewer = document.body.getAttribute("data-viewer");
  var isAdmin = document.body.hasAttribute("data-admin");
  var controls = document.getElementById("message-controls");
  var LINKS = ["action", "href", "data-hx-get", "data-hx-post"];

  function equip(item) {
    if (!item.matches("li.message") || item.classList.contains("editing")) {
      return;
    }
    item.querySelectorAll(".reactions button[data-reactors]").forEach(function (button) {
      var mine = !!viewer && button.getAttribute("data-reactors").split("/").indexOf(viewer) >= 0;
      button.setAttribute("aria-pressed", String(mine));
    });
    if (!controls || item.querySelector(".controls")) {
      return; // a page rendered this one with its reader's controls
    }
    var id = item.getAttribute("data-message-id");
    var copy = controls.content.firstElementChild.cloneNode(true);
    copy.querySelectorAll("[action], [href], [data-hx-get], [data-hx-post]").forEach(function (element) {
      LINKS.forEach(function (name) {
        var value = element.getAttribute(name);
        if (value) {
          element.setAttribute(name, value.replace("/messages/0/", "/messages/" + id + "/"));
        }
      });
    });
    var own = !!viewer && item.getAttribute("data-author") === viewer;
    if (!own) {
      copy.querySelectorAll(".edit").forEach(function (edit) { edit.remove(); });
      if (!isAdmin) {
        copy.querySelectorAll(".delete").forEach(function (form) { form.remove(); });
      }
    }
    item.appendChild(copy);
    htmx.process(copy);
  }

  // A message the page has already (sent again because it changed while the page was loading) is replaced,
  // not shown twice. A change to a message the page does not show (older than its first, or deleted here
  // already) is left alone: the page loads it as it is now if the reader scrolls up to it; swapped, it would
  // find no place and htmx would report an error.
  document.addEventListener("htmx:sseBeforeMessage", function (event) {
    var detail = event.detail;
    if (!detail || (detail.type !== "message" && detail.type !== "update")) {
      return;
    }
    var id = /^<li id="(m-\d+)"/.exec(detail.data);
    var shown = id && document.getElementById(id[1]);
    if (detail.type === "update" && !shown) {
      event.preventDefault();
    } else if (detail.type === "message" && shown) {
      event.preventDefault();
      htmx.swap(shown, detail.data, { swapStyle: "outerHTML" });
    }
  });

  // The focus stays in a message that is replaced (your own change coming back, or anyone's over the stream),
  // instead of falling to the top of the page: on the same control in its new version, or on what follows from
  // what was done (a reaction picked from the palette: that reaction; a saved or cancelled edit: its Edit link;
  // a reaction taken back: React).
  var refocus = null;
  var FOCUSABLE = ["summary", ".edit", ".delete button", "a.permalink"];

  function replacing(item) {
    var active = document.activeElement;
    if (!item.contains(active)) {
      return;
    }
    var first = active.name === "emoji" ? '.reactions button[value="' + CSS.escape(active.value) + '"]'
        : item.classList.contains("editing") ? ".edit"
        : FOCUSABLE.filter(function (selector) { return active.matches(selector); })[0];
    refocus = { id: item.id, wanted: [first, "summary"] };
  }

  function focusArrived(item) {
    // Not for a version already replaced again before it settled (an update over the stream can overtake
    // your own answer): the one that is on the page takes the focus.
    if (!refocus || item.id !== refocus.id || !item.isConnected) {
      return;
    }
    var wanted = refocus.wanted.filter(Boolean);
    refocus = null;
    if (item.classList.contains("editing")) {
      return; // its text box has taken the focus (autofocus)
    }
    for (var i = 0; i < wanted.length; i++) {
      var control = item.querySelector(wanted[i]);
      if (control) {
        control.focus({ preventScroll: true });
        return;
      }
    }
  }

  // A message deleted (by your own Delete, or over the stream): once it is gone, the day separators and runs of
  // one author are set again (it may have held a day's separator or a run's name), and a focus it held goes to
  // the message box.
  function removing(item) {
    var hadFocus = item.contains(document.activeElement);
    setTimeout(function () { // htmx removes it right after this event
      var list = document.getElementById("messages");
      var field = document.getElementById("compose-text");
      if (document.getElementById(item.id)) {
        return;
      }
      if (list) {
        arrangeMessages(list);
      }
      if (hadFocus && field) {
        field.focus({ preventScroll: true });
      }
    }, 0);
  }

  function changing(item, gone) {
    if (item && item.matches && item.matches("li.message")) {
      (gone ? removing : replacing)(item);
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    changing(detail.target, detail.shouldSwap && typeof detail.serverResponse === "string" && !detail.serverResponse.trim());
  });

  // Someone reacting to the message you are editing does not take your edit away (a delete does).
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var fragment = event.detail.fragment;
    var isMessage = !!fragment && !!fragment.querySelector(".message");
    if (event.detail.target.classList.contains("editing") && isMessage) {
      event.preventDefault();
    } else {
      changing(event.detail.target, !isMessage);
    }
  });
  // ---- end of changes to messages ----

  htmx.onLoad(function (content) {
    if (content.matches && content.matches("li.message")) {
      equip(content);
      focusArrived(content);
    }
    content.querySelectorAll("li.message").forEach(equip);
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
  });

  // Search results (issue 16) may be from any day: their times say the day too, in the reader's own zone.
  htmx.onLoad(function (content) {
    content.querySelectorAll("#results time[datetime]").forEach(function (time) {
      var when = new Date(time.getAttribute("datetime"));
      time.textContent = when.toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
    });
  });

  // ==== Scrollback: the newest message in view, older ones loaded above, the DOM bounded (issue 15) ====
  // #messages is the scroller. While the reader is at the bottom ("pinned") a new message scrolls into view;
  // a reader who has scrolled up stays where they are and gets the "New messages below" button instead.
  // Older messages come in 50 at a time when the sentinel at the top (li.older) scrolls into view; the
  // reader's place is kept by measuring the distance from the bottom before the swap and restoring it after.
  // The DOM bound: while the reader is at the bottom, #messages keeps the newest MAX_SHOWN messages and the
  // oldest are removed as live ones arrive (a new sentinel then loads them again if the reader scrolls up).
  // Nothing is removed while the reader has scrolled up, so what they look at never goes away: then the list
  // grows by what they load and what arrives, and is cut back to MAX_SHOWN as soon as they are at the bottom.
  var MAX_SHOWN = 300;
  var list = document.getElementById("messages");
  var newBelow = document.getElementById("new-below");
  var pinned = true;
  var fromBottom = null;
  var anchor = null;

  function atBottom() {
    return list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  }

  function showNewBelow(show) {
    if (newBelow) {
      newBelow.hidden = !show;
    }
  }

  function toBottom() {
    list.scrollTop = list.scrollHeight;
    pinned = true;
    showNewBelow(false);
  }

  // Removes the oldest messages beyond MAX_SHOWN (and what stands above them), with a sentinel in their place.
  function trim() {
    var shown = list.querySelectorAll(":scope > .message");
    var extra = shown.length - MAX_SHOWN;
    if (extra <= 0) {
      return;
    }
    var oldestKept = shown[extra];
    while (list.firstElementChild !== oldestKept) {
      list.removeChild(list.firstElementChild);
    }
    var room = encodeURIComponent(list.getAttribute("data-room"));
    var before = encodeURIComponent(oldestKept.getAttribute("data-message-id"));
    var sentinel = document.createElement("li");
    sentinel.className = "older";
    sentinel.setAttribute("data-hx-get", "/rooms/" + room + "/messages?before=" + before);
    sentinel.setAttribute("data-hx-trigger", "intersect once");
    sentinel.setAttribute("data-hx-swap", "outerHTML");
    var link = document.createElement("a");
    link.href = "/rooms/" + room + "?before=" + before;
    link.textContent = "Older messages";
    sentinel.appendChild(link);
    list.insertBefore(sentinel, oldestKept);
    htmx.process(sentinel);
  }

  if (list) {
    document.addEventListener("htmx:sseBeforeMessage", function (event) {
      pinned = atBottom();
    });
    document.addEventListener("htmx:sseMessage", function (event) {
      if (pinned) {
        trim();
        toBottom();
      } else if (event.detail && event.detail.type === "message") {
        showNewBelow(true);
      }
    });
    list.addEventListener("scroll", function () {
      var wasPinned = pinned;
      pinned = atBottom();
      if (pinned) {
        showNewBelow(false);
        if (!wasPinned) {
          trim();
        }
      }
    }, { passive: true });
    if (newBelow) {
      newBelow.addEventListener("click", function () {
        trim();
        toBottom();
        var field = document.getElementById("compose-text");
        if (field) {
          field.focus({ preventScroll: true }); // the button is gone: typing is what comes next
        }
      });
    }
    document.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      if (target && target.classList && target.classList.contains("older") && list.contains(target)) {
        // The reader's place, held by the oldest message shown: where its top is in the view.
        anchor = list.querySelector("li.message");
        fromBottom = anchor ? anchor.offsetTop - list.scrollTop : list.scrollHeight - list.scrollTop;
      }
    });
    document.addEventListener("htmx:afterSwap", function () {
      if (fromBottom !== null) {
        // The day separators first (idempotent): a loaded page brings its own, which may repeat the one
        // already shown; settled before the place is restored, they cannot move the reader afterwards.
        arrangeMessages(list);
        // Held by the message's top, not the list's bottom: joining the page above may group that message
        // under the one before it, which changes its own height.
        list.scrollTop = anchor && anchor.isConnected ? anchor.offsetTop - fromBottom : list.scrollHeight - fromBottom;
        fromBottom = null;
        anchor = null;
      }
    });
    // A permalink's page opens at its message, marked; every other room page at the newest message.
    var note = document.getElementById("permalinked");
    var linked = note && note.nextElementSibling;
    if (linked) {
      linked.classList.add("permalinked");
      linked.setAttribute("aria-current", "true");
      linked.scrollIntoView({ block: "center" });
      pinned = atBottom();
    } else {
      toBottom();
    }
  }
  // ==== end of scrollback ====
})();
