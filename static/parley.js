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
          separator.className = "day"; // an item of the list like the messages (a list holds only items)
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
    item.querySelectorAll(".mention[data-mention]").forEach(function (mention) {
      mention.classList.toggle("me", !!viewer && mention.getAttribute("data-mention") === viewer);
    });
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

  // Where the focus goes in the next version of the message that holds it now.
  function refocusFor(item, active) {
    var first = active.name === "emoji" ? '.reactions button[value="' + CSS.escape(active.value) + '"]'
        : item.classList.contains("editing") ? ".edit"
        : FOCUSABLE.filter(function (selector) { return active.matches(selector); })[0];
    return { id: item.id, wanted: [first, "summary"] };
  }

  function replacing(item) {
    var active = document.activeElement;
    if (item.contains(active)) {
      refocus = refocusFor(item, active);
    }
  }

  // The focus a message last held, kept while it is lost to the page only because its element was swapped
  // out: the two versions of a changed message (your own answer and the stream's update) may arrive in
  // either order, and the focus must end in whichever is on the page last.
  var lostFocus = null;
  document.addEventListener("focusin", function (event) {
    var item = event.target.closest && event.target.closest("li.message");
    lostFocus = item ? refocusFor(item, event.target) : null;
  });
  document.addEventListener("focusout", function (event) {
    var left = event.target;
    setTimeout(function () { // a reader who moved the focus away themselves: nothing to bring back
      if (left.isConnected && (!document.activeElement || document.activeElement === document.body)) {
        lostFocus = null;
      }
    }, 0);
  });

  function focusArrived(item) {
    // Not for a version already replaced again before it settled (an update over the stream can overtake
    // your own answer): the one that is on the page takes the focus.
    var focusLost = !document.activeElement || document.activeElement === document.body;
    var wanted = refocus || (focusLost ? lostFocus : null);
    if (!wanted || item.id !== wanted.id || !item.isConnected) {
      return;
    }
    wanted = wanted.wanted.filter(Boolean);
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
    var unread = document.getElementById("unread");
    if (linked) {
      linked.classList.add("permalinked");
      linked.setAttribute("aria-current", "true");
      linked.scrollIntoView({ block: "center" });
      pinned = atBottom();
    } else if (unread) {
      // Where the reader left off: the first message they have not read, just under the divider.
      unread.scrollIntoView({ block: "start" });
      pinned = atBottom();
    } else {
      toBottom();
    }
  }
  // ==== end of scrollback ====

  // ---- The conversation's live region: a new message is read out, nothing else is ----
  // section.conversation is role="log": a screen reader reads out what is added to it. That is right for a new
  // message, and wrong for what merely takes its place in the list: a page of older messages loaded above
  // (fifty messages read out because the reader scrolled up), the list replaced by a reset, or a message
  // swapped for its changed self (an edit, a reaction, its editor). aria-busy is meant for this, but few
  // screen readers honour it and some read the whole change out when it clears; a region that is
  // aria-live="off" (which outranks the log's own "polite") while the nodes go in announces them in none. So
  // the region is turned off before such a swap, and on again once the change has been drawn and a moment
  // has passed (browsers hand changes to the accessibility tree over in batches, after drawing).
  var log = document.querySelector(".conversation[role=log]");
  var quiets = 0;

  function quietly() {
    if (!log) {
      return;
    }
    var mine = ++quiets;
    log.setAttribute("aria-live", "off");
    setTimeout(function () {
      requestAnimationFrame(function () {
        requestAnimationFrame(function () {
          if (mine === quiets) { // no later quiet swap is still on its way
            log.setAttribute("aria-live", "polite");
          }
        });
      });
    }, 300);
  }

  if (log) {
    // Swaps in the list that htmx makes for a request: scrollback, and a message's own controls.
    document.addEventListener("htmx:beforeSwap", function (event) {
      var target = event.detail.target;
      if (target && log.contains(target)) {
        quietly();
      }
    });
    // A changed message from the stream (an update, swapped out of band).
    document.addEventListener("htmx:oobBeforeSwap", function (event) {
      if (log.contains(event.detail.target)) {
        quietly();
      }
    });
    // A reset replaces the list; a message the page shows already is swapped for itself.
    document.addEventListener("htmx:sseBeforeMessage", function (event) {
      var detail = event.detail || {};
      var id = detail.type === "message" && /^<li id="(m-\d+)"/.exec(detail.data);
      if (detail.type === "reset" || (id && document.getElementById(id[1]))) {
        quietly();
      }
    });
  }
  // ---- end of the live region ----

  // ==== Attention: what is read, the counts in the title, notifications ====
  // The server counts what is unread in each room. This page tells it what the reader has seen: up to the
  // newest change the stream brought, while the tab is visible (a hidden tab reads nothing), at most once a
  // second. The title shows the unread messages of the reader's other rooms (from the sidebar, which the
  // stream keeps current) plus those that arrived here while the tab was hidden.
  var roomPage = document.querySelector(".room[data-room]");
  var baseTitle = document.title.replace(/^\(\d+\+?\) /, "");
  var arrivedHidden = 0;
  var newest = 0; // the newest change of this room the page received
  var readSent = 0;
  var readTimer = null;

  function unreadElsewhere() {
    var total = 0;
    document.querySelectorAll("#rooms li[data-room]:not(.current):not(.muted)").forEach(function (entry) {
      total += parseInt(entry.getAttribute("data-unread"), 10) || 0;
    });
    return total;
  }

  function showCount() {
    var total = unreadElsewhere() + arrivedHidden;
    document.title = (total > 0 ? "(" + total + ") " : "") + baseTitle;
  }

  function sendRead() {
    readTimer = null;
    if (!roomPage || document.hidden || newest <= readSent) {
      return;
    }
    readSent = newest;
    var body = new URLSearchParams({ id: String(newest) });
    fetch("/rooms/" + encodeURIComponent(roomPage.getAttribute("data-room")) + "/read",
      { method: "POST", body: body, credentials: "same-origin" }).catch(function () { /* read again next time */ });
  }

  function readSoon() {
    if (!readTimer) {
      readTimer = setTimeout(sendRead, 1000);
    }
  }

  // Notifications: only when the reader asked for them (a button; never asked on page load), only while the
  // tab is hidden, once per message.
  var notified = {};
  var canNotify = "Notification" in window;
  var notifyButton = document.getElementById("notifications");
  function offerNotifications() {
    if (notifyButton) {
      notifyButton.hidden = !canNotify || Notification.permission !== "default";
    }
  }
  if (notifyButton) {
    offerNotifications();
    notifyButton.addEventListener("click", function () {
      Notification.requestPermission().then(offerNotifications);
    });
  }

  function notify(room, id, title, text) {
    if (!canNotify || Notification.permission !== "granted" || !document.hidden || notified[id]) {
      return;
    }
    notified[id] = true;
    var notice = new Notification(title, { body: text, tag: "parley-" + id });
    notice.onclick = function () {
      window.focus();
      location.href = "/rooms/" + encodeURIComponent(room) + "/messages/" + id;
      notice.close();
    };
  }

  document.addEventListener("htmx:sseMessage", function (event) {
    var detail = event.detail || {};
    if (detail.type === "rooms") {
      document.querySelectorAll("#rooms li[data-notice]").forEach(function (entry) {
        var link = entry.querySelector("a");
        notify(entry.getAttribute("data-room"), entry.getAttribute("data-notice"),
          link ? link.firstChild.textContent : entry.getAttribute("data-room"),
          entry.getAttribute("data-notice-author") + ": " + entry.getAttribute("data-notice-text"));
      });
      showCount();
      return;
    }
    if (!roomPage || (detail.type !== "message" && detail.type !== "update" && detail.type !== "reset")) {
      return;
    }
    var id = parseInt(detail.lastEventId, 10);
    if (id > newest) {
      newest = id;
    }
    if (detail.type === "message") {
      var item = /^<li id="m-(\d+)"/.exec(detail.data);
      var shown = item && document.getElementById("m-" + item[1]);
      if (shown && document.hidden && shown.getAttribute("data-author") !== viewer) {
        arrivedHidden++;
        var involvement = roomPage.getAttribute("data-involvement");
        var mentioned = Array.prototype.some.call(shown.querySelectorAll(".mention[data-mention]"), function (mention) {
          return mention.getAttribute("data-mention") === viewer;
        });
        if (involvement === "everything" || (involvement === "mentions" && mentioned)) {
          var text = shown.querySelector(".text");
          notify(roomPage.getAttribute("data-room"), item[1], document.querySelector(".room-name").textContent,
            shown.getAttribute("data-author") + ": " + (text ? text.textContent.trim().slice(0, 140) : ""));
        }
      }
    }
    showCount();
    readSoon();
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      arrivedHidden = 0;
      showCount();
      sendRead();
    }
  });

  // Typing: the room's other pages say so while the reader types, told at most once every three seconds.
  var typingSaid = 0;
  document.addEventListener("input", function (event) {
    if (!roomPage || !event.target.matches("#compose textarea") || !event.target.value.trim()) {
      return;
    }
    var now = Date.now();
    var key = "parley-typing-" + roomPage.getAttribute("data-room");
    // Kept for the tab, not the page: a page that reloads (a form sent without htmx) would otherwise say it
    // again at once, and the server refuses a second word within three seconds.
    var said = Math.max(typingSaid, parseInt(sessionStorage.getItem(key), 10) || 0);
    if (now - said < 3000) {
      return;
    }
    typingSaid = now;
    sessionStorage.setItem(key, String(now));
    // A beacon: nothing waits for the answer, and a refusal (said too soon after another page of this
    // person's) is no error worth a line in the console.
    navigator.sendBeacon("/rooms/" + encodeURIComponent(roomPage.getAttribute("data-room")) + "/typing");
  });

  // Mentions: typing @ and the start of a name offers the room's members whose name begins so (the server
  // sends the options, GET /rooms/{room}/mentions?q=). Arrow keys choose, Enter or Tab puts the name in,
  // Escape closes; the box names the list (aria-controls) and the name chosen in it (aria-activedescendant),
  // and a status line says how many match. The box stays a textbox: ARIA gives a textarea no combobox role,
  // nor so aria-expanded (axe: aria-allowed-role). Without script, "@name" typed out is a mention all the same.
  var mentionQuery = null; // { start, end } of the "@word" being typed, or null
  var chosenMention = null; // the name chosen in the list, kept while the list is asked for again
  var mentionsAsked = 0;
  function mentionOptions() { return document.getElementById("mention-options"); }
  function mentionBox() { return document.getElementById("compose-text"); }

  function closeMentions() {
    var list = mentionOptions();
    var box = mentionBox();
    mentionQuery = null;
    chosenMention = null;
    mentionsAsked++; // an answer on its way is for a list that is closed
    if (list) {
      list.hidden = true;
      list.innerHTML = "";
    }
    if (box) {
      box.removeAttribute("aria-activedescendant");
    }
  }

  function chooseMention(index) {
    var options = mentionOptions().querySelectorAll("[role=option]");
    options.forEach(function (option, i) { option.setAttribute("aria-selected", String(i === index)); });
    if (options[index]) {
      chosenMention = options[index].getAttribute("data-name");
      mentionBox().setAttribute("aria-activedescendant", options[index].id);
    }
  }

  function insertMention(option) {
    var box = mentionBox();
    var name = option.getAttribute("data-name");
    box.setRangeText("@" + name + " ", mentionQuery.start, mentionQuery.end, "end");
    closeMentions();
    box.focus();
  }

  document.addEventListener("input", function (event) {
    var box = event.target;
    if (!roomPage || !box.matches("#compose-text") || !mentionOptions()) {
      return;
    }
    var before = box.value.slice(0, box.selectionStart);
    var typed = /(^|[^\w@])@([^\s@]{0,24})$/.exec(before);
    if (!typed) {
      closeMentions();
      return;
    }
    mentionQuery = { start: box.selectionStart - typed[2].length - 1, end: box.selectionStart };
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", "mention-options");
    var asked = ++mentionsAsked; // answers can come back out of order: only the latest is shown
    fetch("/rooms/" + encodeURIComponent(roomPage.getAttribute("data-room")) + "/mentions?q="
      + encodeURIComponent(typed[2]), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (options) {
        var list = mentionOptions();
        if (asked !== mentionsAsked || !list) {
          return;
        }
        list.innerHTML = options; // the server's own HTML, escaped there, as htmx would swap it
        var count = list.querySelectorAll("[role=option]").length;
        list.hidden = count === 0 || !mentionQuery;
        document.getElementById("mention-status").textContent = !mentionQuery ? ""
          : count === 0 ? "No one to mention by that name" : count + (count === 1 ? " person" : " people") + " to mention";
        if (!list.hidden) {
          var names = Array.prototype.map.call(list.querySelectorAll("[role=option]"), function (o) { return o.getAttribute("data-name"); });
          chooseMention(Math.max(0, names.indexOf(chosenMention))); // the one chosen stays chosen while typing on
        }
      })
      .catch(function () { /* no names offered: the text works all the same */ });
  });

  document.addEventListener("keydown", function (event) {
    var list = mentionOptions();
    if (!list || list.hidden || !event.target.matches("#compose-text")) {
      return;
    }
    var options = list.querySelectorAll("[role=option]");
    // By name, not by the marked option: a fresh list may have just replaced the marked one.
    var current = Array.prototype.findIndex.call(options, function (o) { return o.getAttribute("data-name") === chosenMention; });
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      chooseMention((current + (event.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
    } else if ((event.key === "Enter" || event.key === "Tab") && current >= 0) {
      event.preventDefault();
      event.stopImmediatePropagation(); // Enter puts the name in; it does not send
      insertMention(options[current]);
    } else if (event.key === "Escape") {
      event.preventDefault();
      closeMentions();
    }
  }, true);

  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest("#mention-options [role=option]");
    if (option && mentionQuery) {
      insertMention(option);
    }
  });

  if (roomPage) {
    var connect = /[?&]after=(\d+)/.exec(roomPage.getAttribute("data-sse-connect") || "");
    newest = connect ? parseInt(connect[1], 10) : 0;
    readSent = newest; // the server marked the page read up to what it shows when it sent it
  }
  showCount();
  // ==== end of attention ====

  // ==== leaving a room page: its stream ends at once ====
  // The server notices a closed connection at once, but one may stay open a while longer (a proxy, a
  // browser's own reasons), and until it closes the person would still be "here" on everyone's page. So the
  // page also says it is going: its stream's address carries a token naming this page (?page=), and the
  // beacon names it again, which ends this page's stream on whichever node holds it, never the person's
  // other tabs. A page restored from the back-forward cache gets its stream back by reconnecting.
  function endStreamWhenLeaving() {
    var room = document.querySelector("[data-sse-connect]");
    if (!room || !navigator.sendBeacon) {
      return;
    }
    var stream = new URL(room.getAttribute("data-sse-connect"), location.href);
    var page = stream.searchParams.get("page");
    if (!page) {
      return;
    }
    window.addEventListener("pagehide", function () {
      navigator.sendBeacon(stream.pathname + "/" + encodeURIComponent(page) + "/end");
    });
  }
  endStreamWhenLeaving();
})();
