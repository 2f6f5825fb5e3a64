// The preview page's runtime. Every script the editor runs in the page starts with this file;
// it runs in the page's isolated application world (page scripts are off, this still works)
// and the guard keeps one instance per page.
if (!window.__pe) window.__pe = (function () {
  'use strict';

  // -- the chunk index ------------------------------------------------------------------------
  // The post body is a run of chunks, each opened by a <!--pe-chunk--> marker and closed by the
  // next one or by <!--pe-end-->. A long post's chunks sit in <pe-group> blocks (see
  // split_groups in render_process.py).
  function isGroup(n) { return !!n && n.nodeType === 1 && n.localName === 'pe-group'; }
  function scan(body) {
    var list = [], end = null;
    for (var n = body.firstChild; n; n = n.nextSibling) {
      if (isGroup(n)) {
        for (var c = n.firstChild; c; c = c.nextSibling)
          if (c.nodeType === 8 && c.data === 'pe-chunk') list.push(c);
      } else if (n.nodeType === 8) {
        if (n.data === 'pe-chunk') list.push(n);
        else if (n.data === 'pe-end') { end = n; break; }
      }
    }
    return {list: list, end: end};
  }
  // Moves the source lines (data-line) from ``node`` to ``stop`` by ``delta``. A whole group
  // keeps the move pending until its lines are read (``settle``): a line break near the top of
  // a long post would otherwise rewrite every element below it on that keystroke (and even
  // one attribute per group costs a few ms at 1 MB).
  function shift(node, stop, delta) {
    while (node && node !== stop) {
      if (isGroup(node)) node.__shift = (node.__shift || 0) + delta;
      else if (node.nodeType === 1) move(node, delta);
      var next = node.nextSibling;
      if (!next && isGroup(node.parentNode)) next = node.parentNode.nextSibling;
      node = next;
    }
  }
  function move(node, delta) {
    if (node.hasAttribute('data-line'))
      node.setAttribute('data-line', +node.getAttribute('data-line') + delta);
    var inner = node.querySelectorAll('[data-line]');
    for (var i = 0; i < inner.length; i++)
      inner[i].setAttribute('data-line', +inner[i].getAttribute('data-line') + delta);
  }
  function settle(g) {
    if (!g.__shift) return;
    var inner = g.querySelectorAll('[data-line]'), delta = g.__shift;
    g.__shift = 0;
    for (var i = 0; i < inner.length; i++)
      inner[i].setAttribute('data-line', +inner[i].getAttribute('data-line') + delta);
    g.setAttribute('data-base', +g.getAttribute('data-base') + delta);
  }
  // A group's first source line, with the move still pending (data-base is its settled one).
  function base(g) { return +g.getAttribute('data-base') + (g.__shift || 0); }
  function settleAll() {
    var body = document.getElementById('post-body');
    if (!body) return 'ok';
    for (var n = body.firstElementChild; n; n = n.nextElementSibling) if (isGroup(n)) settle(n);
    return 'ok';
  }
  // The node after ``node`` in chunk order, stepping out of and into groups.
  function after(node, body) {
    var n = node.nextSibling;
    if (!n && node.parentNode !== body) n = node.parentNode.nextSibling;
    return isGroup(n) ? n.firstChild : n;
  }
  // The chunk markers of the post body, kept between patches: finding them again would walk
  // every top-level node of the body (tens of thousands in a long post) on each keystroke.
  var index = null;
  function chunks(body) {
    if (!index || index.body !== body || !index.end || index.end.parentNode !== body) {
      index = scan(body);
      index.body = body;
    }
    return index;
  }

  // -- patches --------------------------------------------------------------------------------
  // Replaces ``removed`` chunks from chunk ``at`` by ``html`` and moves the source lines below
  // by ``delta``. Returns 'ok', or 'resync' when the page is not the one the patch was made for.
  function patch(at, removed, html, delta) {
    var body = document.getElementById('post-body');
    if (!body) return 'resync';
    var m = chunks(body);
    if (at < m.list.length && !body.contains(m.list[at])) { index = null; m = chunks(body); }
    if (!m.end || at + removed > m.list.length) { index = null; return 'resync'; }
    var stop = at + removed < m.list.length ? m.list[at + removed] : m.end;
    var node = at < m.list.length ? m.list[at] : m.end;
    // The new chunks go where the chunk before them is: into the lead or the group that holds
    // it, not into the next group (the lead must keep the element a group's top margin meets).
    var home = at > 0 ? m.list[at - 1].parentNode : node.parentNode;
    var near = held ? groupsAround(node, stop) : null;
    if (near && isGroup(home) && near.indexOf(home) < 0) near.push(home);
    if (near) near.forEach(function (g) {
      settle(g);
      if (g.__edited || g === home) g.removeAttribute('data-key');
    });
    while (node && node !== stop) {
      var next = after(node, body), parent = node.parentNode;
      parent.removeChild(node);
      if (parent !== body && !parent.firstChild) body.removeChild(parent);
      node = next;
    }
    var t = document.createElement('template');
    t.innerHTML = html;
    var added = [];
    for (var n = t.content.firstChild; n; n = n.nextSibling)
      if (n.nodeType === 8 && n.data === 'pe-chunk') added.push(n);
    if (home === stop.parentNode || !home.isConnected) stop.parentNode.insertBefore(t.content, stop);
    else if (home === body) body.insertBefore(t.content, stop.parentNode);
    else home.appendChild(t.content);
    m.list.splice.apply(m.list, [at, removed].concat(added));
    if (delta) shift(stop, m.end, delta);
    if (near) place(near.filter(function (g) { return g.parentNode === body; }));
    return 'ok';
  }

  // -- long posts: each group is laid out on its own ------------------------------------------
  // With content-visibility:auto Chromium skips the style, layout and paint of the groups off
  // screen, so a keystroke lays out one group instead of the whole post. Each group then has
  // its own formatting context, where margins no longer collapse across its edges: what they
  // would have collapsed by is given back as the group's (negative) margin, worked out from the
  // computed margins alone, so every line stays where the plain page puts it and nothing has
  // to be laid out to find out.
  var held = false;
  var PLAIN = 'display:block';
  // The margins that meet at an element's top or bottom edge: its own, then its first (last)
  // child's while nothing (border, padding, a formatting context, text) stands between them.
  function edgeChild(el, side) {
    var n = side === 'Top' ? el.firstChild : el.lastChild;
    while (n && (n.nodeType === 8 || (n.nodeType === 3 && !/\S/.test(n.data))))
      n = side === 'Top' ? n.nextSibling : n.previousSibling;
    return n && n.nodeType === 1 ? n : null;
  }
  function margins(el, side) {
    var out = [];
    while (el) {
      var cs = getComputedStyle(el), display = cs.display;
      if (/^(inline|contents|none)/.test(display) || cs.float !== 'none' ||
          cs.position === 'absolute' || cs.position === 'fixed') break;
      out.push(parseFloat(cs['margin' + side]) || 0);
      if ((display !== 'block' && display !== 'list-item') || cs.overflow !== 'visible' ||
          cs.contain !== 'none' || parseFloat(cs['border' + side + 'Width']) ||
          parseFloat(cs['padding' + side])) break;
      el = edgeChild(el, side);
    }
    return out;
  }
  function collapse(list) {
    var most = 0, least = 0;
    for (var i = 0; i < list.length; i++) {
      if (list[i] > most) most = list[i];
      if (list[i] < least) least = list[i];
    }
    return most + least;
  }
  // What a boundary loses when the margins above and below it stop collapsing into one.
  function lost(above, below) {
    return collapse(above.concat(below)) - collapse(above) - collapse(below);
  }
  // Neighbours that take part in margin collapsing (an empty group collapses through).
  function beside(g, way) {
    var n = g[way];
    while (isGroup(n) && !n.firstElementChild) n = n[way];
    return n;
  }
  // The margins at a held group's edges, kept with the elements they were read from: reading
  // them again from a group off screen would make Chromium compute its skipped style.
  function edges(g) {
    var pe = g.__pe;
    if (!pe.top || pe.first !== g.firstElementChild) {
      pe.first = g.firstElementChild;
      pe.top = margins(pe.first, 'Top');
    }
    if (!pe.bottom || pe.last !== g.lastElementChild) {
      pe.last = g.lastElementChild;
      pe.bottom = margins(pe.last, 'Bottom');
    }
    return pe;
  }
  function bottomOf(n) {
    if (!isGroup(n)) return margins(n, 'Bottom');
    return n.__pe ? edges(n).bottom : margins(n.lastElementChild, 'Bottom');
  }
  // A held group's style from its edges and neighbours (plain while it is empty: it collapses
  // through like nothing, and is held again once a patch puts elements back in).
  function styleFor(g) {
    if (!g.firstElementChild) return PLAIN;
    var own = edges(g);
    var prev = beside(g, 'previousElementSibling'), next = beside(g, 'nextElementSibling');
    var top = prev ? lost(bottomOf(prev), own.top) : 0;
    var bottom = next && !isGroup(next) ? lost(own.bottom, margins(next, 'Top')) : 0;
    // Paint containment would clip what reaches out of the column (a wide figure, negative
    // margins in site CSS): the clip is pushed out of sight.
    return 'display:flow-root;content-visibility:auto;overflow-clip-margin:100vw;' +
      'contain-intrinsic-size:auto ' + own.size + 'px' +
      (top ? ';margin-top:' + top + 'px' : '') +
      (bottom ? ';margin-bottom:' + bottom + 'px' : '');
  }
  // Sets the style of held groups: every measure first, then every write (a measure after a
  // write would make Chromium bring the style of the groups already held up to date).
  function place(groups) {
    groups = groups.filter(function (g) { return g.__pe; });
    var styles = groups.map(styleFor);
    groups.forEach(function (g, i) {
      if (g.style.cssText !== styles[i]) g.style.cssText = styles[i];
    });
  }
  // Holds every group not held yet. Their height comes from the plain layout (the page was
  // just laid out to be shown): there a group's box runs from its first element's top to its
  // last one's bottom, the margins at its edges collapsing outside it; held, they are inside.
  function hold(body) {
    var list = Array.prototype.slice.call(body.querySelectorAll(':scope > pe-group'));
    held = list.length > 0;
    var fresh = list.filter(function (g) { return !g.__pe && g.firstElementChild; });
    if (!fresh.length) return;
    var sizes = fresh.map(function (g) {
      g.__pe = {};
      var own = edges(g);
      return g.getBoundingClientRect().height + collapse(own.top) + collapse(own.bottom);
    });
    var todo = [];
    function add(g) { if (isGroup(g) && todo.indexOf(g) < 0) todo.push(g); }
    fresh.forEach(function (g, i) {
      g.__pe.size = Math.max(0, Math.round(sizes[i] * 100) / 100);
      add(g);
      add(beside(g, 'nextElementSibling'));
    });
    place(todo);
  }
  // The groups whose margins a patch from ``node`` to ``stop`` may change: the ones it edits
  // (marked ``__edited``), the one before (its bottom margin meets what follows it) and the one
  // after (its top margin meets the last element before it).
  function groupsAround(node, stop) {
    var out = [];
    function add(g, edited) {
      if (!isGroup(g)) return;
      if (out.indexOf(g) < 0) out.push(g);
      g.__edited = edited;
    }
    function outer(n) { return isGroup(n.parentNode) ? n.parentNode : n; }
    var first = outer(node), last = outer(stop);
    add(first.previousElementSibling, false);
    for (var n = first; n; n = n.nextSibling) { add(n, true); if (n === last) break; }
    add(last.nextElementSibling, false);
    return out;
  }

  // -- a full render --------------------------------------------------------------------------
  // Puts a freshly rendered article in place of the shown one. ``html`` is the article with
  // its groups empty and ``sources`` their HTML. In a long post only the groups that differ are
  // replaced: the others keep their layout, where replacing the whole article would lay out all
  // of it again (about 1.5 s for 1 MB). Groups carry a key of their content that ignores where
  // they sit (data-key, with data-base their first source line); a patch takes the key off the
  // groups it edits. Same key at the start and at the end: kept, its lines moved if need be.
  function markup(nodes) {
    return nodes.map(function (n) {
      return n.nodeType === 1 ? n.outerHTML : n.nodeType === 8 ? '<!--' + n.data + '-->' :
        n.nodeType === 3 ? n.data : '';
    }).join('');
  }
  // A post body as its nodes before the first group, its groups and the nodes after them.
  function parts(body) {
    var lead = [], groups = [], tail = [];
    for (var n = body.firstChild; n; n = n.nextSibling) {
      if (isGroup(n)) {
        if (tail.length) return null;
        groups.push(n);
      } else (groups.length ? tail : lead).push(n);
    }
    return {lead: lead, groups: groups, tail: tail};
  }
  function replaceArticle(html, sources, title) {
    document.title = title;
    var article = document.getElementById('article');
    if (!article) return 'resync';
    var t = document.createElement('template');
    t.innerHTML = html;
    index = null;
    var body = t.content.getElementById('post-body');
    var fresh = body ? parts(body) : null;
    if (!fresh || fresh.groups.length !== sources.length) return 'resync';
    fresh.groups.forEach(function (g, i) { g.__src = sources[i]; });
    if (!held || !merge(article, t.content, fresh)) {
      fresh.groups.forEach(function (g) { g.innerHTML = g.__src; });
      article.replaceChildren(t.content);
      held = false;
    }
    return 'ok';
  }
  function sameKey(a, b) {
    var key = a.getAttribute('data-key');
    return !!key && key === b.getAttribute('data-key');
  }
  // A kept group takes the fresh one's first line: its lines move by the difference.
  function rebase(g, fresh) {
    var delta = +fresh.getAttribute('data-base') - base(g);
    if (delta) g.__shift = (g.__shift || 0) + delta;
  }
  function merge(article, content, will) {
    var body = document.getElementById('post-body');
    var freshBody = content.getElementById('post-body');
    var old = Array.prototype.slice.call(article.childNodes);
    var now = Array.prototype.slice.call(content.childNodes);
    if (!body || old.length !== now.length || old.indexOf(body) !== now.indexOf(freshBody))
      return false;
    var was = parts(body);
    if (!was || !was.groups.length || !will.groups.length) return false;
    old.forEach(function (n, i) {
      if (n !== body && markup([n]) !== markup([now[i]])) article.replaceChild(now[i], n);
    });
    var a = was.groups, b = will.groups, head = 0, foot = 0;
    while (head < a.length && head < b.length && sameKey(a[head], b[head])) head++;
    while (foot < a.length - head && foot < b.length - head &&
           sameKey(a[a.length - 1 - foot], b[b.length - 1 - foot])) foot++;
    var i, changed = [];
    function touch(g) { if (isGroup(g) && g.parentNode === body && changed.indexOf(g) < 0) changed.push(g); }
    for (i = 0; i < head; i++) rebase(a[i], b[i]);
    for (i = 0; i < foot; i++) rebase(a[a.length - 1 - i], b[b.length - 1 - i]);
    var next = foot ? a[a.length - foot] : (was.tail[0] || null);
    for (i = head; i < a.length - foot; i++) body.removeChild(a[i]);
    for (i = head; i < b.length - foot; i++) {
      b[i].innerHTML = b[i].__src;
      body.insertBefore(b[i], next);
    }
    var kept = parts(body).groups, first = kept[0], last = kept[kept.length - 1];
    touch(a[head - 1]);
    touch(next);
    if (markup(was.lead) !== markup(will.lead)) {
      was.lead.forEach(function (n) { body.removeChild(n); });
      will.lead.forEach(function (n) { body.insertBefore(n, first); });
      touch(first);
    }
    if (markup(was.tail) !== markup(will.tail)) {
      was.tail.forEach(function (n) { body.removeChild(n); });
      will.tail.forEach(function (n) { body.appendChild(n); });
      touch(last);
    }
    place(changed);
    return true;
  }

  // -- after a page load or a full render -----------------------------------------------------
  // Chromium re-resolves a dir="auto" ancestor on every change below it, a walk of the
  // article: the direction is resolved once per page or full render and then held fixed
  // (the first strong character sits in the article header, which a patch never touches).
  function holdDirection(body) {
    var el = body.closest('[data-pe-dir], [dir="auto" i]');
    if (!el) return;
    el.setAttribute('dir', 'auto');
    el.setAttribute('data-pe-dir', '');
    el.setAttribute('dir', getComputedStyle(el).direction);
  }
  function warm() {
    var body = document.getElementById('post-body');
    if (!body) return 'ok';
    holdDirection(body);
    chunks(body);
    hold(body);
    return 'ok';
  }

  // -- scrolling by source line ---------------------------------------------------------------
  // Chromium's first geometry query into a group off screen whose style it had to compute can
  // come back empty; asking again gives the laid-out box.
  function top(el) {
    var r = el.getBoundingClientRect();
    if (!r.top && !r.width && !r.height) r = el.getBoundingClientRect();
    return r.top + window.scrollY;
  }
  function lines() {
    var body = document.getElementById('post-body');
    if (!body) return [];
    settleAll();
    return body.querySelectorAll('[data-line]');
  }
  // The elements with a source line that can be at the top of the view. In a long post, those
  // of the groups around it and outside groups only: the position of an element in a group off
  // screen would make Chromium lay that group out.
  function linesNear(y) {
    var body = document.getElementById('post-body');
    if (!body) return [];
    if (!held) return lines();
    var out = [], groups = [];
    function take(n) {
      if (n.hasAttribute('data-line')) out.push(n);
      out.push.apply(out, n.querySelectorAll('[data-line]'));
    }
    for (var n = body.firstElementChild; n; n = n.nextElementSibling)
      if (isGroup(n)) groups.push(n); else take(n);
    var at = 0;
    while (at + 1 < groups.length && top(groups[at + 1]) <= y + 1) at++;
    for (var i = Math.max(0, at - 1); i <= Math.min(groups.length - 1, at + 1); i++) {
      settle(groups[i]);
      take(groups[i]);
    }
    return out;
  }
  function scrollToLine(line) {
    var els = lines(), before = null, later = null;
    for (var i = 0; i < els.length; i++) {
      var l = +els[i].getAttribute('data-line');
      if (l <= line && (!before || l >= before.l)) before = {e: els[i], l: l};
      if (l > line && (!later || l < later.l)) later = {e: els[i], l: l};
    }
    if (!before) { window.scrollTo(window.scrollX, 0); return 0; }
    var y = top(before.e);
    if (later && later.l > before.l)
      y += (top(later.e) - y) * (line - before.l) / (later.l - before.l);
    window.scrollTo(window.scrollX, Math.max(0, Math.round(y)));
    return Math.round(window.scrollY);
  }
  function topLine() {
    var y = window.scrollY, els = linesNear(y), best = null, next = null;
    for (var i = 0; i < els.length; i++) {
      var t = top(els[i]), l = +els[i].getAttribute('data-line');
      if (t <= y + 1) { if (!best || t >= best.t) best = {t: t, l: l}; }
      else if (!next || t < next.t) next = {t: t, l: l};
    }
    if (!best) return 1;
    if (next && next.l > best.l && next.t > best.t)
      return Math.floor(best.l + (next.l - best.l) * (y - best.t) / (next.t - best.t));
    return best.l;
  }

  return {
    patch: patch, warm: warm, replaceArticle: replaceArticle, settleLines: settleAll,
    scrollToLine: scrollToLine, topLine: topLine
  };
})();
