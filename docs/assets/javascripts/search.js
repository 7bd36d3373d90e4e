/*
 * Search box of the knowledge base: Pagefind plus a German vocabulary.
 *
 * The build (hooks/search.py) writes, per language, a Pagefind bundle to
 * <root>/pagefind/ and a vocabulary to <root>/search/vocab/ (manifest.json and
 * small shards, each a run of the folded words in sorted order). Each query
 * is searched in Pagefind as typed; when that finds fewer pages than the list
 * shows, its other readings too (compound parts -> compounds, ae/oe/ue/ss ->
 * real spellings, stems, unknown compounds split, a verb's nouns, the field's
 * terms, a word left out): the close readings (every word kept, none replaced
 * by the field's term) rank beside the query as typed, the others below. A word
 * nothing matches is corrected against the site's own words ("Meinten Sie
 * ...?"). hooks/kb/search.py holds the same logic in Python (expansions,
 * corrections, splits, shards) as its reference and for the unit tests.
 *
 * Pagefind's pagefind.js is loaded lazily from the same site when the box is
 * first used. Every result is built with textContent: no query, title or
 * excerpt is ever parsed as HTML.
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-kb-search]");
  if (!box) return;
  var cfg = JSON.parse(box.getAttribute("data-kb-search"));
  var S = cfg.strings;
  var LANG = cfg.lang;
  var root = new URL(cfg.root, document.baseURI);
  var toggle = document.getElementById("__search");
  var input = box.querySelector(".kb-search__input");
  var list = box.querySelector(".kb-search__list");
  var statusEl = box.querySelector(".kb-search__status");
  var note = box.querySelector(".kb-search__note");
  var filterBox = box.querySelector(".kb-search__filters");
  var selects = Array.prototype.slice.call(box.querySelectorAll("[data-kb-filter]"));
  var opener = document.querySelector(".kb-search__open");
  var form = box.querySelector("form");

  var MAX_QUERY = 200; // characters of a query that are used
  var MAX_WORDS = 8;
  var MAX_RESULTS = 10;
  var DEBOUNCE = 60; // ms after the last keystroke
  var MIN_START = 4; // a query of shorter words alone is searched only if they are the site's words
  // a last word that is no word of the site ("Vers", "Versich", "Webspeich") is probably still
  // being typed: it is searched only if no key follows within PARTIAL_PAUSE ms (see run)
  var PARTIAL_PAUSE = 250;
  // how a page found another way than the query as typed is weighed against Pagefind's score
  var W_EXPANSION = 0.8; // a compound of the site with the word as a part, a real spelling, a stem
  var W_SPLIT = 0.9; // a compound the site never uses, searched as its parts
  var W_FAMILY = 0.4; // the field's term the site pairs with the word ("Speicher" -> "Storage")
  var W_DROP = 0.5; // the word left out (a verb like "erzeugen" the page does not use)
  var W_FORM = 0.8; // a noun the verb's strong forms make ("umbrechen" -> "umbruch", kb.german.verb_nouns)
  // A page that has every other word of the query as typed, weighed against one that has them all,
  // when the query as typed finds few pages: its words are all in the index, so no chunk more
  // (see run). On the 13 MDN queries 0.7 to 1.0 do the same (11 in the top three instead of 9),
  // 0.5 one fewer at the top.
  var W_LEFT_OUT = 0.8;
  var MAX_ALTS = 2; // expansions per word
  var RARE_DF = 3; // a word in fewer articles also finds the compounds it is part of
  var MAX_FAMILY = 1; // family terms per word
  var MAX_QUERIES = 6; // Pagefind searches per query (each new word costs an index chunk)
  var SPLIT_MIN = 7, SPLIT_HEAD = 3, SPLIT_TAIL = 4; // folded letters: word, head, tail
  var LINKS = ["es", "en", "s", "n"]; // linking letters between the parts of a compound
  // Pagefind finds a query word also as the start of longer words and by default ranks those
  // lower the longer they are; German pages write the word inflected and in compounds
  // ("Benachrichtigungen", "Benachrichtigungsfenster"), so the length is no sign of a worse match.
  // On the 13 MDN queries: the same 8 in the top three, 6 instead of 4 at the top.
  var RANKING = { termSimilarity: 0 };

  var pagefind = null;
  var loading = null;
  var manifest = null;
  var shards = {};
  var stop = {};
  var seq = 0;
  var timer = null;
  var wake = null; // ends the pause of a query still being typed when the next key comes
  var active = -1;

  // --- text: the same folding as kb.german.fold --------------------------------

  var FOLD = { "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss" };

  /** Spelling key: lowercase, ä->ae, ö->oe, ü->ue, ß->ss, other accents dropped. */
  function fold(word) {
    var text = word.toLowerCase().replace(/[äöüßẞ]/g, function (c) { return FOLD[c]; });
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  /** The words of a text: runs of letters and digits (like kb.german.tokenize). */
  function tokenize(text) {
    return text.match(/[\p{L}\p{N}\p{M}]+/gu) || [];
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return String(values[k]); });
  }

  // --- loading -------------------------------------------------------------------

  function fetchJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  // The build writes each vocabulary file twice: as JSON and gzip-compressed (<name>.zjson, a
  // third of the bytes, unpacked here as Pagefind unpacks its own files; a name no server maps
  // to a Content-Encoding). zipped: the manifest came compressed, so the shards are there too.
  var UNZIP = typeof DecompressionStream === "function";
  var zipped = false;

  /** A compressed vocabulary file, unpacked and parsed. */
  function fetchZipped(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
    });
  }

  /** A file of the vocabulary folder by its name without extension: compressed where it can be. */
  function fetchVocab(name) {
    var base = "search/vocab/" + name;
    if (zipped) return fetchZipped(new URL(base + ".zjson", root));
    return fetchJSON(new URL(base + ".json", root));
  }

  /** The vocabulary's manifest: compressed if the browser can unpack it and the build wrote it. */
  function fetchManifest() {
    var plain = function () { return fetchJSON(new URL("search/vocab/manifest.json", root)); };
    if (!UNZIP) return plain();
    return fetchZipped(new URL("search/vocab/manifest.zjson", root)).then(function (m) {
      zipped = true;
      return m;
    }, plain);
  }

  /**
   * A large language is indexed in shards (hooks/search.py: one Pagefind index per
   * part, to bound the build's memory); the vocabulary manifest lists the shards after
   * the first (pagefind_shards), merged here into the first with Pagefind's mergeIndex.
   * pf.options sets only the first index's options: each merged one gets the same ranking
   * here, or its results are scored by Pagefind's default weights and sorted among the
   * first shard's by a different measure.
   */
  function mergeShards(pf, vocabManifest) {
    var extra = (vocabManifest && vocabManifest.pagefind_shards) || [];
    return Promise.all(extra.map(function (path) {
      return pf.mergeIndex(new URL(path, root).href, { excerptLength: 30, ranking: RANKING });
    }));
  }

  /** Load Pagefind and the vocabulary manifest once; rejects if the index is unreachable. */
  function load() {
    if (!loading) {
      loading = (async function () {
        // the vocabulary's manifest loads while Pagefind starts
        var vocab = fetchManifest().catch(function () {
          return null; // search still works, only without the German extras
        });
        var pf = await import(new URL("pagefind/pagefind.js", root).href);
        // no web worker: it is a second copy of Pagefind (40 KB at 10,000 articles) to fetch
        // before the first results, and one short search barely blocks the page
        await pf.options({ excerptLength: 30, noWorker: true, ranking: RANKING });
        await pf.init();
        manifest = await vocab;
        await mergeShards(pf, manifest);
        if (manifest) manifest.stop.forEach(function (w) { stop[w] = true; });
        // the filter menus are laid out before the first result, so nothing moves under it
        await loadFilters(pf, manifest && manifest.filters);
        pagefind = pf;
        return pf;
      })();
      loading.catch(function () { loading = null; });
    }
    return loading;
  }

  /** Index in manifest.shards of the shard of a folded key: the last shard name that sorts at or
   * before it (like kb.search.shard_for); -1 if it sorts before every shard. */
  function shardIndex(key) {
    var names = manifest.shards;
    var mkey = key.replace(/[^a-z0-9]/g, "_");
    var lo = 0, hi = names.length; // first name > mkey
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (names[mid] <= mkey) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  function shardName(key) {
    var i = shardIndex(key);
    return i < 0 ? null : manifest.shards[i];
  }

  /** A word of a shard: [display form, articles] (a shard writes only the number when the
   * display form is the key itself), or null. */
  function entry(data, key) {
    var v = data.w[key];
    if (v === undefined) return null;
    return typeof v === "number" ? [key, v] : v;
  }

  /** The vocabulary shard of a folded key ({w: words, x: expansions}), empty if none. */
  function shard(key) {
    if (!manifest || !key) return Promise.resolve({ w: {}, x: {} });
    var name = shardName(key);
    if (!name) return Promise.resolve({ w: {}, x: {} });
    if (!shards[name]) {
      shards[name] = fetchVocab(name)
        .catch(function () { return { w: {}, x: {} }; });
    }
    return shards[name];
  }

  // --- German on top: expansion and typo correction ------------------------------

  /** key and key without one inflection ending (like kb.search.key_variants). */
  function variants(key) {
    var out = [key];
    ((manifest && manifest.endings) || []).forEach(function (e) {
      if (key.length - e.length >= 4 && key.slice(-e.length) === e) out.push(key.slice(0, -e.length));
    });
    return out;
  }

  /** The words a query word is searched as (like kb.search.expansions). */
  async function expand(word) {
    var key = fold(word);
    var out = [word.toLowerCase()];
    if (LANG === "de" && /ae|oe|ue/.test(word.toLowerCase())) {
      // "Haeusern" is also searched as "häusern", which Pagefind stems to "haus".
      var umlaut = word.toLowerCase().replace(/ae/g, "ä").replace(/oe/g, "ö").replace(/ue/g, "ü");
      out.push(umlaut);
    }
    var keys = variants(key);
    for (var i = 0; i < keys.length; i++) {
      var data = await shard(keys[i]);
      (data.x[keys[i]] || []).forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
    }
    return out.slice(0, ((manifest && manifest.maxExpansions) || 8) + 2);
  }

  /** Optimal string alignment distance, or limit + 1 when above limit. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = [], prev = [], cur, i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        cur.push(v);
        if (v < best) best = v;
      }
      if (best > limit) return limit + 1;
      prev2 = prev; prev = cur;
    }
    return prev[b.length] <= limit ? prev[b.length] : limit + 1;
  }

  function maxTypos(key) {
    var min = (manifest && manifest.minTypo) || 4;
    if (key.length < min) return 0;
    return key.length <= 7 ? 1 : 2;
  }

  /** Whether the folded key, in one of its spellings, is a word of the site or an expansion key. */
  async function isWord(key) {
    var keys = variants(key);
    for (var i = 0; i < keys.length; i++) {
      var data = await shard(keys[i]);
      if (data.w[keys[i]] || data.x[keys[i]]) return true;
    }
    return false;
  }

  /** Whether a word of the site starts with the folded key (the key itself counts if self): in the
   * key's shard, or the next shard begins with such words (its name starts with the key). */
  async function startsWords(key, self) {
    var own = await shard(key);
    if (Object.keys(own.w).some(function (w) { return (self || w !== key) && w.lastIndexOf(key, 0) === 0; })) return true;
    var next = manifest ? manifest.shards[shardIndex(key) + 1] : null;
    return !!next && next.lastIndexOf(key.replace(/[^a-z0-9]/g, "_"), 0) === 0;
  }

  /** Whether the vocabulary knows word: as a word, a start of a word, or an expansion key. */
  async function known(word) {
    if (!manifest) return true;
    var key = fold(word);
    return (await isWord(key)) || (await startsWords(key, true));
  }

  /** Whether every word is shorter than MIN_START, not a word of the site but the start of one. */
  async function onlyStarts(words) {
    if (!manifest) return false;
    for (var i = 0; i < words.length; i++) {
      if (words[i].length >= MIN_START) return false;
      var key = fold(words[i]);
      var data = await shard(key);
      if (data.w[key] || data.x[key]) return false; // "Tür", "BMW": searched at once
      // nothing starts with it: searched now, so the reader hears "no results" at once
      if (!(await startsWords(key, true))) return false;
    }
    return true;
  }

  /** Wait ms, or less if a newer query is typed meanwhile (schedule() calls wake). */
  function pause(ms) {
    return new Promise(function (resolve) {
      var t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        if (wake === done) wake = null;
        resolve();
      }
      wake = done;
    });
  }

  /** The site's words closest to word: closest first, then most frequent (like kb.search.corrections,
   * which looks at every word; here the words of the key's shard and its two neighbours). */
  async function corrections(word) {
    var key = fold(word);
    var limit = maxTypos(key);
    if (!limit) return [];
    // a typo moves the word in the sorted order ("Barierefreiheit" sorts before "barrierefreiheit"),
    // often across a shard's edge: the shards before and after the key's are searched too
    if (!manifest) return [];
    var at = shardIndex(key);
    var near = [at - 1, at, at + 1].filter(function (i) { return i >= 0 && i < manifest.shards.length; });
    var datas = await Promise.all(near.map(function (i) { return shard(manifest.shards[i]); }));
    var found = [];
    datas.forEach(function (data) {
      Object.keys(data.w).forEach(function (other) {
        if (other === key) return;
        var d = distance(key, other, limit);
        var w = entry(data, other);
        if (d <= limit) found.push([d, -w[1], other, w[0]]);
      });
    });
    found.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0);
    });
    return found.map(function (f) { return f[3]; });
  }

  // --- searching -------------------------------------------------------------------

  function currentFilters() {
    var filters = {};
    selects.forEach(function (sel) { if (sel.value) filters[sel.getAttribute("data-kb-filter")] = sel.value; });
    return filters;
  }

  /** Pagefind's results for one query text: a Map id -> result (memoised per query and filters). */
  var searches = new Map();
  function pagefindSearch(text, filters) {
    var key = text + "\u0000" + JSON.stringify(filters);
    if (!searches.has(key)) {
      if (searches.size > 200) searches.clear();
      searches.set(key, pagefind.search(text, { filters: filters }).then(function (res) {
        var found = new Map();
        ((res && res.results) || []).forEach(function (r) { found.set(r.id, r); });
        return found;
      }));
    }
    return searches.get(key);
  }

  /** Split a folded word the site never uses into two of its words ("webspeicher" -> web, speicher),
   * like kb.search.split_query: the longest tail that is a word of the site, after a head (with or
   * without a linking s/n/es/en) that is one too. */
  async function splitWord(key) {
    if (!manifest || key.length < SPLIT_MIN) return null;
    // the heads share the word's first letters (one or two shards); a tail's shard is only
    // fetched behind a head that is a word of the site
    for (var i = SPLIT_HEAD; i <= key.length - SPLIT_TAIL; i++) {
      var head = key.slice(0, i);
      var heads = [head];
      LINKS.forEach(function (l) {
        if (head.length - l.length >= SPLIT_HEAD && head.slice(-l.length) === l) heads.push(head.slice(0, -l.length));
      });
      for (var j = 0; j < heads.length; j++) {
        var h = entry(await shard(heads[j]), heads[j]);
        if (!h) continue;
        var tail = key.slice(i);
        var t = entry(await shard(tail), tail);
        if (t) return [h[0].toLowerCase(), t[0].toLowerCase()];
        break;
      }
    }
    return null;
  }

  /** The terms the site's own text pairs with a folded word ("speicher" -> storage; kb.search family). */
  async function family(key) {
    var keys = variants(key);
    var out = [];
    for (var i = 0; i < keys.length; i++) {
      var data = await shard(keys[i]);
      ((data.f && data.f[keys[i]]) || []).forEach(function (t) { if (out.indexOf(t) < 0) out.push(t); });
    }
    return out.slice(0, MAX_FAMILY);
  }

  /** The nouns a verb's strong forms make, from the folded verb's shard ("umbrechen" -> umbruch:
   * the verb's stem "umbrech" starts neither "Umbruch" nor "Umbrüche"; kb.search.forms_of). */
  async function verbNouns(key) {
    var data = await shard(key);
    return (data.v && data.v[key]) || [];
  }

  /** The ways one query word is searched: [{text, weight, close}], the word itself (or its correction)
   * first. Each is a replacement of the word in the query: a compound of the site with it as a part,
   * its real spelling, a split of a compound the site never uses, a verb's noun, the field's terms for
   * it. close: the same word in another form (all but the field's terms). */
  async function options(original) {
    var word = original;
    var fixed = false;
    var key = fold(word);
    var out = [];
    function add(text, weight, close) {
      if (text && !out.some(function (o) { return o.text === text; })) {
        out.push({ text: text, weight: weight, close: close !== false });
      }
    }
    var data = await shard(key);
    var isKnown = await known(word);
    var parts = null;
    if (!isKnown) {
      parts = await splitWord(key);
      if (!parts) {
        // a word the site never uses and no compound of its words: follow the closest word it uses
        var fixes = await corrections(word);
        if (fixes.length) { word = fixes[0].toLowerCase(); key = fold(word); fixed = fixes[0]; data = await shard(key); }
      }
    }
    if (parts) {
      add(parts.join(" "), W_SPLIT);
      var fams = await Promise.all(parts.map(function (p) { return family(fold(p)); }));
      fams.forEach(function (f, i) {
        f.slice(0, 1).forEach(function (t) {
          var copy = parts.slice(); copy[i] = t; add(copy.join(" "), W_SPLIT * W_FAMILY, false);
        });
      });
    } else {
      add(word, 1);
    }
    // a word the site uses often enough is searched as itself: the compounds it is part of
    // ("Pflicht" -> "Versicherungspflicht") only for a word the site barely uses alone
    // a word the site uses often is searched as itself (Pagefind stems it) and in its real
    // spelling ("haeusern" -> "häusern"); the compounds it is part of ("Pflicht" ->
    // "Versicherungspflicht") and its other forms only if the site barely uses it alone
    var own = entry(data, key);
    var rare = !own || own[1] < RARE_DF;
    var exps = (await expand(word)).slice(1).filter(function (t) { return rare || fold(t) === key; });
    exps.slice(0, MAX_ALTS).forEach(function (t) { add(t, W_EXPANSION); });
    (await verbNouns(key)).forEach(function (t) { add(t, W_FORM); });
    (await family(key)).forEach(function (t) { add(t, W_FAMILY, false); });
    return { word: original, display: fixed || original, fixed: !!fixed, options: out };
  }

  /** The query texts to ask Pagefind: every word in one of its ways (or left out), best first. */
  function combinations(per) {
    // plain: every word kept is searched as typed (its first way), none replaced; close: every word
    // kept is searched in a close reading (no field's term)
    var combos = [{ texts: [], weight: 1, dropped: 0, plain: true, close: true }];
    per.forEach(function (p) {
      var next = [];
      combos.forEach(function (c) {
        p.options.forEach(function (o, k) {
          next.push({ texts: c.texts.concat([o.text]), weight: c.weight * o.weight, dropped: c.dropped,
                      plain: c.plain && k === 0, close: c.close && o.close });
        });
        if (per.length > 1) {
          next.push({ texts: c.texts, weight: c.weight * W_DROP, dropped: c.dropped + 1, plain: c.plain,
                      close: c.close });
        }
      });
      next.sort(function (a, b) { return b.weight - a.weight; });
      combos = next.slice(0, MAX_QUERIES * 2);
    });
    return combos.filter(function (c) { return c.texts.length && c.dropped < per.length; })
      .slice(0, MAX_QUERIES);
  }

  /** Run a query; returns what to show, or null when a newer query took over. */
  async function run(query, mine) {
    var text = query.slice(0, MAX_QUERY);
    var filters = currentFilters();
    var all = tokenize(text).map(function (w) { return w.toLowerCase(); });
    var words = [];
    all.forEach(function (w) { if (words.indexOf(w) < 0 && words.length < MAX_WORDS) words.push(w); });
    await load();
    if (mine !== seq) return null;
    var content = words.filter(function (w) { return !stop[fold(w)]; });
    if (!content.length) {
      if (Object.keys(filters).length && !text.trim()) return browse(filters, mine);
      return { kind: words.length ? "stop" : "none", query: text, pages: [] };
    }
    // "Ve" or "Kun" while typing: a start of a word matches a wide slice of the site and costs
    // an index chunk the finished word does not need; wait for more letters unless it is a word
    if (!Object.keys(filters).length && (await onlyStarts(content))) {
      return { kind: "short", query: text, pages: [] };
    }
    // "Versic", "Webspeich": the last word, not finished by a space and no word of the site, is
    // probably still being typed; its searches (a wide slice of the index for a short start, the
    // corrections and splits of a longer one) are only made if no key follows within the pause.
    // So is a short word that starts longer ones ("dat", "for" on the way to "Datum formatieren"):
    // each costs an index chunk and a list of fragments the finished word does not need.
    var last = words[words.length - 1];
    var lastKey = fold(last);
    if (!/\s$/.test(text) && last === content[content.length - 1] &&
        (!(await isWord(lastKey)) || (lastKey.length < MIN_START && (await startsWords(lastKey, false))))) {
      await pause(PARTIAL_PAUSE);
      if (mine !== seq) return null;
    }
    var per = await Promise.all(content.map(options));
    if (mine !== seq) return null;
    // Pagefind ranks each combination. The pages of the query as typed (the first), of the query
    // with one of its words left out (and none replaced), and of the close readings of every word
    // come first, by Pagefind's score (W_LEFT_OUT for the shorter query, the reading's weight for a
    // close one): when few pages have every word, one of them is often a verb the reader's page
    // says otherwise ("Zufallszahl erzeugen": Math.random() has "Zufallszahl" in its lead, not
    // "erzeugen"), and a page with the other words in its title outranks a page that has all of
    // them somewhere; a page with every word in another form ("lange Wörter umbrechen": "Umbruch")
    // is as good a match as one with a word less. The other ways only add pages below them: first
    // those that cover every word (the field's term), then those that leave more out. Within each,
    // a page keeps the best weighted score, relative to its combination's best page.
    // The other ways are only searched when the query as typed finds fewer pages than the list
    // shows: a query that fills the list keeps Pagefind's ranking as it is, and each new word
    // costs an index chunk (about 48 KB on the German MDN).
    var combos = combinations(per);
    var found = [await pagefindSearch(combos[0].texts.join(" "), filters)];
    if (mine !== seq) return null;
    if (found[0].size < MAX_RESULTS) {
      found = found.concat(await Promise.all(combos.slice(1).map(function (c) {
        return pagefindSearch(c.texts.join(" "), filters);
      })));
      if (mine !== seq) return null;
    } else {
      combos = combos.slice(0, 1);
    }
    var merged = new Map();
    found.forEach(function (results, i) {
      var combo = combos[i];
      var typed = i === 0 || (combo.plain && combo.dropped === 1);
      var near = !typed && combo.close && !combo.dropped;
      var tier = typed || near ? 0 : combo.dropped ? 2 : 1;
      var best = 0;
      results.forEach(function (r) { if (r.score > best) best = r.score; });
      results.forEach(function (r) {
        var score = typed ? (i === 0 ? 1 : W_LEFT_OUT) * r.score
          : near ? combo.weight * r.score : combo.weight * r.score / best;
        var m = merged.get(r.id);
        if (!m) merged.set(r.id, m = { id: r.id, tier: tier, score: score, dropped: combo.dropped, hits: [] });
        if (tier < m.tier || (tier === m.tier && score > m.score)) { m.tier = tier; m.score = score; }
        m.dropped = Math.min(m.dropped, combo.dropped);
        if (m.hits.length < 3) m.hits.push(r);
      });
    });
    var ranked = Array.from(merged.values()).sort(function (a, b) {
      return a.tier - b.tier || b.score - a.score || (a.id < b.id ? -1 : 1);
    });
    var terms = [];
    combos.forEach(function (c) {
      c.texts.forEach(function (t) { tokenize(t).forEach(function (w) { if (terms.indexOf(w) < 0) terms.push(w); }); });
    });
    return {
      kind: ranked.length ? "results" : "none",
      query: text,
      ids: ranked.map(function (m) { return m.id; }),
      corrected: per.some(function (p) { return p.fixed; }) ? per.map(function (p) { return p.display; }).join(" ") : null,
      partial: ranked.length > 0 && ranked.every(function (m) { return m.dropped > 0; }),
      terms: terms,
      total: ranked.length,
      pages: ranked.slice(0, MAX_RESULTS),
    };
  }

  /** Only filters, no words: list the filtered pages. */
  async function browse(filters, mine) {
    var res = await pagefind.search(null, { filters: filters });
    if (mine !== seq) return null;
    var pages = res.results.map(function (r) { return { id: r.id, score: r.score, count: 0, hits: [r] }; });
    return { kind: pages.length ? "results" : "none", query: "", total: pages.length,
             ids: pages.map(function (p) { return p.id; }),
             pages: pages.slice(0, MAX_RESULTS), browse: true };
  }

  /** Lowercase without accents: "Häusern" -> "hausern" (Pagefind's own comparison). */
  function plain(word) {
    return word.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }

  /** Whether a word of the text is one of the searched terms (same start, as Pagefind matches). */
  function searched(token, terms) {
    var t = plain(token);
    return terms.some(function (term) {
      var e = plain(term);
      var n = 0;
      while (n < t.length && n < e.length && t[n] === e[n]) n++;
      return n === e.length || n === t.length || n >= 4;
    });
  }

  /** Title, meta, URL and an excerpt around the matched words of one merged page. */
  async function details(page, terms) {
    // one fragment per page: the best way's hit marks the words (each data() may fetch it again)
    var datas = [await page.hits[0].data()];
    var data = datas[0];
    var words = data.content.split(/[\r\n\s]+/g);
    var marked = {};
    var weights = [];
    datas.forEach(function (d) {
      (d.locations || []).forEach(function (loc) { marked[loc] = true; weights.push(loc); });
    });
    weights.sort(function (a, b) { return a - b; });
    var length = 30;
    var start = 0;
    if (weights.length && words.length > length) {
      // the window of `length` words holding the most matches
      var bestCount = -1;
      for (var i = 0; i < weights.length; i++) {
        var s = Math.max(0, weights[i] - 5);
        var c = weights.filter(function (w) { return w >= s && w < s + length; }).length;
        if (c > bestCount) { bestCount = c; start = s; }
      }
      start = Math.min(start, Math.max(0, words.length - length));
    }
    var hits = [];
    Object.keys(marked).forEach(function (loc) {
      tokenize(words[loc] || "").forEach(function (t) {
        t = t.toLowerCase();
        if (hits.indexOf(t) < 0 && hits.length < 12 && searched(t, terms || [])) hits.push(t);
      });
    });
    var url = new URL(data.raw_url || data.url, root);
    if (hits.length) url.searchParams.set("h", hits.join(" "));
    return {
      title: (data.meta && data.meta.title) || data.raw_url,
      glossary: !!(data.meta && data.meta.kind === "glossary"),
      topic: (data.meta && data.meta.topic) || "",
      date: (data.meta && data.meta.date) || S.undated,
      url: url.href,
      excerpt: { words: words.slice(start, start + length), marked: marked, offset: start,
                 more: start + length < words.length, less: start > 0 },
    };
  }

  // --- rendering (textContent only) ------------------------------------------------

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function excerptNode(ex) {
    var p = el("p", "kb-search__excerpt");
    if (ex.less) p.appendChild(document.createTextNode("… "));
    ex.words.forEach(function (w, i) {
      if (i) p.appendChild(document.createTextNode(" "));
      if (ex.marked[ex.offset + i]) p.appendChild(el("mark", null, w));
      else p.appendChild(document.createTextNode(w));
    });
    if (ex.more) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  /** The live status line; `spoken` is read out before `text` but not shown (it is in the note). */
  function setStatus(text, isError, spoken) {
    statusEl.textContent = "";
    if (spoken) statusEl.appendChild(el("span", "kb-search__sr kb-visually-hidden", spoken + " "));
    statusEl.appendChild(document.createTextNode(text));
    statusEl.classList.toggle("kb-search__status--error", !!isError);
    statusEl.setAttribute("role", isError ? "alert" : "status");
  }

  function setNote(text) {
    note.textContent = text || "";
    note.hidden = !text;
  }

  function clearList() {
    while (list.firstChild) list.removeChild(list.firstChild);
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  async function render(outcome, mine) {
    if (outcome.kind === "short") {
      clearList(); setNote("");
      setStatus(S.hint);
      return;
    }
    if (outcome.kind === "stop") {
      clearList(); setNote("");
      setStatus(format(S.only_stop, { q: outcome.query.trim() }));
      return;
    }
    if (outcome.kind === "none") {
      clearList(); setNote("");
      var q = outcome.query.trim();
      setStatus(q ? format(S.none, { q: q }) + " " + S.none_tip : S.none_tip);
      return;
    }
    var items = await Promise.all(outcome.pages.map(function (p) { return details(p, outcome.terms); }));
    if (mine !== seq) return;
    // a glossary term explains a word; the best article stays first, the definition follows it
    var firstArticle = items.findIndex(function (item) { return !item.glossary; });
    if (firstArticle > 0) items.unshift(items.splice(firstArticle, 1)[0]);
    clearList();
    var notes = [];
    if (outcome.corrected) notes.push(format(S.did_you_mean, { q: outcome.corrected }) + " " +
                                      format(S.showing_for, { q: outcome.corrected }));
    if (outcome.partial) notes.push(S.partial);
    setNote(notes.join(" "));
    items.forEach(function (item, i) {
      var li = el("li", "md-search-result__item kb-search__item");
      li.id = "kb-search-option-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      var a = el("a", "md-search-result__link kb-search__link");
      a.href = item.url;
      a.tabIndex = -1;
      var art = el("article", "md-search-result__article md-typeset");
      art.appendChild(el("div", "kb-search__title", item.title));
      var meta = el("div", "kb-search__meta");
      if (item.glossary) {
        li.classList.add("kb-search__item--glossary");
        meta.appendChild(el("span", "kb-search__kind", S.glossary));
      } else {
        if (item.topic) meta.appendChild(el("span", "kb-search__topic", item.topic));
        meta.appendChild(el("span", "kb-search__date", item.date));
      }
      art.appendChild(meta);
      art.appendChild(excerptNode(item.excerpt));
      a.appendChild(art);
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      list.appendChild(li);
    });
    input.setAttribute("aria-expanded", items.length ? "true" : "false");
    setStatus(outcome.total === 1 ? S.one : format(S.many, { n: outcome.total }), false, notes.join(" "));
  }

  var running = false; // a query is being searched (Pagefind works one query at a time)
  var waiting = null; // the newest query typed meanwhile: {query, mine}

  /** Search and show one query; then the newest one typed meanwhile, skipping those in between. */
  function start(job) {
    if (running) { waiting = job; return; }
    running = true;
    var mine = job.mine, query = job.query;
    run(query, mine).then(function (outcome) {
      if (outcome && mine === seq) {
        countFilters(outcome.ids);
        return render(outcome, mine);
      }
    }).catch(function (err) {
      if (mine !== seq) return;
      clearList(); setNote("");
      setStatus(S.error, true);
      if (window.console) console.error("search:", err);
    }).then(function () {
      if (mine === seq) box.setAttribute("data-kb-done", query); // the query now shown (tests wait on it)
      running = false;
      var next = waiting;
      waiting = null;
      if (next && next.mine === seq) start(next);
    });
  }

  function schedule() {
    clearTimeout(timer);
    if (wake) wake();
    var mine = ++seq;
    var query = input.value;
    waiting = null;
    box.removeAttribute("data-kb-done");
    if (!query.trim() && !Object.keys(currentFilters()).length) {
      clearList(); setNote(""); setStatus(S.hint);
      countFilters(null);
      box.setAttribute("data-kb-done", query);
      return;
    }
    timer = setTimeout(function () { start({ query: query, mine: mine }); }, DEBOUNCE);
  }

  // --- filters ---------------------------------------------------------------------

  var MAX_COUNTED = 200; // filter values up to which the counts follow the current results
  // ... and pages: counting asks Pagefind one filter-only search per value, and Pagefind 1.5
  // answers each by loading every word chunk of the index (7.2 MB on the 14,600-page MDN);
  // a bigger site keeps the site's counts in its menus
  var MAX_COUNTED_PAGES = 1000;
  var siteCounts = {}; // filter -> value -> articles of the site
  var valuePages = null; // filter -> value -> Set of page ids; null: the counts stay the site's
  var countable = false; // the menus are shown and few enough values to count per result
  var lastIds = null; // the current results' ids (null: no query)
  var counting = null;

  /** Load which pages carry each filter value (once), then count the current results. */
  function wantCounts() {
    if (!countable || counting || !pagefind) return;
    counting = pagesOfValues(pagefind).then(function (pages) {
      valuePages = pages;
      countFilters(lastIds);
    }).catch(function () { counting = null; });
  }

  /** The text of a menu entry: the value and, if known, its number of results. */
  function optionText(value, count) {
    return count === null ? value : value + " (" + count + ")";
  }

  /**
   * Fill the menus with the site's values (when search first opens, before any result), hide a
   * filter with fewer than two values (one value filters nothing), and note which pages carry
   * each value, so countFilters can count the current results. The values and the site's counts
   * come from the vocabulary's manifest (`known`) when it has them: Pagefind's filter index (a list
   * of every page per filter: 60 KB at 14,600 pages) is then loaded only when the reader first
   * turns to a menu (see wantCounts), not for every first query.
   */
  async function loadFilters(pf, known) {
    try {
      var all = known || await pf.filters();
      var shown = 0, values = 0;
      selects.forEach(function (sel) {
        var key = sel.getAttribute("data-kb-filter");
        var counts = siteCounts[key] = all[key] || {};
        var names = Object.keys(counts).sort(function (a, b) { return a.localeCompare(b, LANG); });
        names.forEach(function (v) {
          var opt = el("option", null, optionText(v, counts[v]));
          opt.value = v;
          sel.appendChild(opt);
        });
        var field = sel.closest(".kb-search__filter");
        field.hidden = names.length < 2;
        if (!field.hidden) { shown += 1; values += names.length; }
      });
      filterBox.hidden = !shown;
      // every page has one value of some filter (the year): the largest filter total is the site
      var pages = Math.max.apply(null, [0].concat(Object.keys(siteCounts).map(function (key) {
        return Object.keys(siteCounts[key]).reduce(function (sum, v) { return sum + siteCounts[key][v]; }, 0);
      })));
      if (shown && values <= MAX_COUNTED && pages <= MAX_COUNTED_PAGES) {
        countable = true;
        if (!known) valuePages = await pagesOfValues(pf);
      }
    } catch (err) {
      filterBox.hidden = true;
    }
    filterBox.removeAttribute("data-kb-pending");
  }

  /** filter -> value -> Set of the ids of the pages with that value (one filter-only search each). */
  async function pagesOfValues(pf) {
    var out = {};
    for (var key in siteCounts) {
      out[key] = {};
      for (var value in siteCounts[key]) {
        var only = {};
        only[key] = value;
        var res = await pf.search(null, { filters: only });
        out[key][value] = new Set(res.results.map(function (r) { return r.id; }));
      }
    }
    return out;
  }

  /**
   * Counts for the current results (``ids``; null: no query, the site's counts). A value no
   * current result has is disabled. In a filter that is set, the other values have no count:
   * choosing one replaces the choice, and what that finds is not among the current results.
   */
  function countFilters(ids) {
    lastIds = ids;
    if (!valuePages && ids) return;
    selects.forEach(function (sel) {
      var key = sel.getAttribute("data-kb-filter");
      Array.prototype.forEach.call(sel.options, function (opt) {
        if (!opt.value) return;
        var count = siteCounts[key][opt.value];
        if (ids && sel.value && opt.value !== sel.value) count = null;
        else if (ids) {
          var pages = valuePages[key][opt.value];
          count = ids.filter(function (id) { return pages.has(id); }).length;
        }
        opt.textContent = optionText(opt.value, count);
        opt.disabled = count === 0 && opt.value !== sel.value;
      });
    });
  }

  selects.forEach(function (sel) {
    sel.addEventListener("change", schedule);
    ["focus", "pointerdown", "mouseenter"].forEach(function (ev) { sel.addEventListener(ev, wantCounts); });
  });

  // --- keyboard and open/close -------------------------------------------------------

  function open() {
    toggle.checked = true;
    input.focus();
    input.select();
    load().catch(function () {
      setStatus(S.error, true);
    });
    if (input.value) schedule();
    else setStatus(S.hint);
  }

  function close() {
    toggle.checked = false;
    clearList();
    input.blur();
    if (opener && window.getComputedStyle(opener).display !== "none") opener.focus();
  }

  function setActive(i) {
    var items = list.children;
    if (!items.length) return;
    if (active >= 0 && items[active]) items[active].setAttribute("aria-selected", "false");
    active = (i + items.length) % items.length;
    var item = items[active];
    item.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", item.id);
    item.scrollIntoView({ block: "nearest" });
  }

  function editable(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  document.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    if ((e.key === "/" || e.key === "s" || e.key === "S") && !editable(e.target)) {
      e.preventDefault();
      open();
    } else if (e.key === "Escape" && toggle.checked) {
      e.preventDefault();
      close();
    }
  });

  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); setActive(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); setActive(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      var items = list.children;
      var item = items[active >= 0 ? active : 0];
      if (item) window.location.href = item.querySelector("a").href;
    }
  });
  input.addEventListener("input", schedule);
  input.addEventListener("focus", function () {
    if (!toggle.checked) toggle.checked = true;
    load().catch(function () { setStatus(S.error, true); });
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { schedule(); close(); }, 0);
  });
  if (opener) {
    opener.addEventListener("click", function (e) { e.preventDefault(); open(); });
    opener.addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); open(); }
    });
  }
  toggle.addEventListener("change", function () { if (!toggle.checked) clearList(); });

  // --- highlight the searched words on the page a result opens ----------------------

  function highlight() {
    var params = new URLSearchParams(window.location.search);
    var h = params.get("h");
    if (!h) return;
    var terms = tokenize(h.slice(0, 500)).map(function (t) { return t.toLowerCase(); })
      .filter(function (t) { return t.length > 1; }).slice(0, 12);
    if (!terms.length) return;
    var escaped = terms.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); });
    var pattern = new RegExp("(^|[^\\p{L}\\p{N}])(" + escaped.join("|") + ")(?=$|[^\\p{L}\\p{N}])", "giu");
    var scope = document.querySelector(".md-content article") || document.querySelector(".md-content");
    if (!scope) return;
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        var p = n.parentNode;
        if (!p || /^(SCRIPT|STYLE|MARK|TEXTAREA)$/.test(p.nodeName)) return NodeFilter.FILTER_REJECT;
        return NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var first = null;
    nodes.forEach(function (node) {
      var text = node.nodeValue;
      pattern.lastIndex = 0;
      if (!pattern.test(text)) return;
      pattern.lastIndex = 0;
      var frag = document.createDocumentFragment();
      var last = 0, m;
      while ((m = pattern.exec(text))) {
        var start = m.index + m[1].length;
        frag.appendChild(document.createTextNode(text.slice(last, start)));
        var mark = el("mark", "kb-search-hit", m[2]);
        frag.appendChild(mark);
        if (!first) first = mark;
        last = start + m[2].length;
      }
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
    if (first && !window.location.hash) first.scrollIntoView({ block: "center" });
  }

  highlight();

  // for the browser tests: the same folding, expansion and correction as the build
  window.kbSearch = {
    fold: fold, expand: expand, corrections: corrections, load: load, split: splitWord, family: family,
    forms: verbNouns,
    ranking: RANKING,
    /** The Pagefind searches a query becomes: [{texts, weight}] (for the tests and the bench). */
    plan: async function (query) {
      await load();
      var words = tokenize(query).map(function (w) { return w.toLowerCase(); })
        .filter(function (w) { return !stop[fold(w)]; });
      return combinations(await Promise.all(words.map(options)));
    },
    /** The ranked pages of a query: [{url, score}] (for the bench). */
    rank: async function (query) {
      var out = await run(query, seq);
      return Promise.all(((out && out.pages) || []).map(async function (p) {
        var d = await p.hits[0].data();
        return { url: d.url, score: Math.round(p.score * 100) / 100 };
      }));
    },
  };
})();
