/*
 * The search page (docs/overrides/search.html). Takes the words and filters in the page's address,
 * search.html?q=…&type=…&status=…&source=…&year=…, and gives Pagefind's answer: the facets with
 * their counts and the results, each with its record type and status. Every change is written back
 * into the address, so a search can be shared and survives a reload.
 *
 * The index is Pagefind's (scripts/search/ writes it into pagefind/ after the site is built): this
 * page loads pagefind/pagefind.js, which fetches only the chunks a search needs. Browsers refuse
 * fetch() to a page opened from the file system, so there the page says so and loads nothing.
 *
 * While a search runs, #fb-search says data-state="searching", then "done" once its results and
 * facets are shown (what the browser tests and the benchmark wait for).
 *
 * Within a facet the chosen values are alternatives (any of them), between facets all must hold.
 * A facet's counts say how many results each value would give with the other facets as they are.
 */
(() => {
  "use strict";

  const FACETS = [
    { key: "type", legend: "Record type" },
    { key: "status", legend: "Status" },
    { key: "source", legend: "Source cited" },
    { key: "year", legend: "Year" },
  ];
  const PAGE_SIZE = 10;
  const VALUES_SHOWN = 8; // values of a facet shown before "show all"
  const TYPING_PAUSE_MS = 250;
  // A match in a record's name or short name outweighs any other (scripts/render/search.py sets
  // those meta fields); matches in the type and status shown with each result do not count.
  const RANKING = { metaWeights: { title: 10, aliases: 10, type: 0, status: 0 } };

  const root = document.getElementById("fb-search");
  if (!root) return;
  const form = root.querySelector("form");
  const input = form.elements.namedItem("q");
  const facetsBox = root.querySelector(".fb-search__facets");
  const filtersBox = root.querySelector(".fb-search__filters");
  const statusLine = root.querySelector(".fb-search__status");
  const list = root.querySelector(".fb-search__results");
  const more = root.querySelector(".fb-search__more");
  const typeLabels = new Map(JSON.parse(document.getElementById("fb-search-types").textContent));
  const expanded = new Set(); // facets showing all their values

  let pagefind = null;
  let everything = {}; // every filter value with its count over the whole site
  let generation = 0; // each search's number: an answer to an older search is dropped
  let found = [];
  let shown = 0;
  const state = readAddress();

  function readAddress() {
    const params = new URLSearchParams(location.search);
    const filters = {};
    for (const { key } of FACETS) filters[key] = [...new Set(params.getAll(key))];
    return { q: (params.get("q") || "").trim(), filters };
  }

  function writeAddress() {
    const params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    for (const { key } of FACETS) for (const value of state.filters[key]) params.append(key, value);
    const query = params.toString();
    history.replaceState(null, "", query ? `?${query}` : location.pathname);
  }

  function pagefindFilters(except) {
    const filters = {};
    for (const { key } of FACETS) {
      if (key !== except && state.filters[key].length) filters[key] = { any: state.filters[key] };
    }
    return filters;
  }

  function hasFilters() {
    return FACETS.some(({ key }) => state.filters[key].length);
  }

  async function start() {
    input.value = state.q;
    // On a narrow screen the filters fold away until asked for, unless some are chosen.
    if (matchMedia("(max-width: 44.984375em)").matches && !hasFilters()) filtersBox.open = false;
    if (location.protocol === "file:") {
      root.querySelector(".fb-search__offline").hidden = false;
      form.hidden = true;
      return;
    }
    const bundle = new URL(root.dataset.bundle, document.baseURI).href;
    pagefind = await import(`${bundle}pagefind.js`);
    await pagefind.options({ ranking: RANKING });
    // With every filter loaded, each search also counts the results of each filter value, so one
    // search gives both the results and the facets.
    everything = await pagefind.filters();
    await run();
  }

  async function run() {
    const number = ++generation;
    root.dataset.state = "searching";
    const term = state.q || null;
    let counts = everything;
    if (!term && !hasFilters()) {
      found = [];
      await showResults(number, "Type a word or choose a filter.");
    } else {
      const search = await pagefind.search(term, { filters: pagefindFilters() });
      if (number !== generation) return;
      found = await namesFirst(search.results);
      if (number !== generation) return;
      await showResults(number, summary(found.length));
      counts = await facetCounts(term, search.filters);
    }
    if (number !== generation) return;
    showFacets(counts);
    root.dataset.state = "done";
  }

  // A facet with chosen values counts as if none were chosen (one more search each), so its other
  // values stay offered; the other facets count with every facet as chosen.
  async function facetCounts(term, counted) {
    const counts = { ...counted };
    for (const { key } of FACETS) {
      if (state.filters[key].length) {
        counts[key] = (await pagefind.search(term, { filters: pagefindFilters(key) })).filters[key] || {};
      }
    }
    return counts;
  }

  function summary(count) {
    const words = state.q ? ` for “${state.q}”` : "";
    const filtered = hasFilters() ? " with the chosen filters" : "";
    return `${count === 0 ? "No" : count} result${count === 1 ? "" : "s"}${words}${filtered}.`;
  }

  function words(text) {
    const plain = (text || "").normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
    return plain.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // How well the query names a result: the share of the query's words found in its name or short
  // name, then the share of the name those words cover (a word found as Pagefind finds it, by its
  // start). "Bessent" names "Scott Bessent" (1, 1/2) better than "Bessent's announcement of US–China
  // AI safety talks" (1, 1/8); a page whose name lacks the words scores (0, 0).
  function nameMatch(data, query) {
    let best = [0, 0];
    for (const name of [data.meta.title, data.meta.aliases]) {
      const named = words(name);
      if (!named.length || !query.length) continue;
      const found = query.filter((word) => named.some((part) => part.startsWith(word))).length / query.length;
      const covered = named.filter((part) => query.some((word) => part.startsWith(word))).length / named.length;
      if (found > best[0] || (found === best[0] && covered > best[1])) best = [found, covered];
    }
    return best;
  }

  // Pagefind ranks pages by their words, the names weighing most (RANKING), but a page whose name
  // merely contains the query (a source titled "Bessent says …") can outrank the record the query
  // names. So the first page of results is ordered by how well the query names each result, and
  // otherwise kept in Pagefind's order.
  async function namesFirst(results) {
    const loaded = results.slice(0, PAGE_SIZE).map(async (result) => ({ result, data: await result.data() }));
    const head = await Promise.all(loaded);
    const query = words(state.q);
    const scored = head.map((item, rank) => ({ item, rank, match: nameMatch(item.data, query) }));
    scored.sort((a, b) => b.match[0] - a.match[0] || b.match[1] - a.match[1] || a.rank - b.rank);
    const rest = results.slice(PAGE_SIZE).map((result) => ({ result, data: null }));
    return [...scored.map(({ item }) => item), ...rest];
  }

  async function showResults(number, text) {
    statusLine.textContent = text;
    list.replaceChildren();
    shown = 0;
    await showMore(number);
  }

  async function showMore(number) {
    const next = found.slice(shown, shown + PAGE_SIZE);
    for (const item of next) item.data = item.data || (await item.result.data());
    if (number !== generation) return;
    list.append(...next.map((item) => resultItem(item.data)));
    shown += next.length;
    more.hidden = shown >= found.length;
  }

  function resultItem(data) {
    const item = document.createElement("li");
    item.className = "fb-search__result";
    const title = document.createElement("a");
    title.href = data.url;
    title.className = "fb-search__title";
    title.textContent = data.meta.title || data.url;
    const about = document.createElement("p");
    about.className = "fb-search__about";
    const type = document.createElement("span");
    type.className = "fb-type";
    type.textContent = data.meta.type || "Site page";
    about.append(type);
    if (data.meta.status) {
      const status = document.createElement("span");
      status.className = `fb-status fb-status-${data.meta.status.replace(/[^a-z0-9-]/g, "")}`;
      status.textContent = data.meta.status;
      about.append(" ", status);
    }
    if (data.meta.aliases) about.append(` · also known as ${data.meta.aliases}`);
    const excerpt = document.createElement("p");
    excerpt.className = "fb-search__excerpt";
    // Pagefind escapes the page's text in the excerpt and adds only <mark> around the matches.
    excerpt.innerHTML = data.excerpt;
    item.append(title, about, excerpt);
    return item;
  }

  function facetLabel(key, value) {
    return key === "type" ? typeLabels.get(value) || value : value;
  }

  function facetOrder(key, counts) {
    const values = Object.keys(counts);
    if (key === "type") {
      const order = [...typeLabels.keys()];
      return values.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    }
    if (key === "year") return values.sort().reverse();
    return values.sort((a, b) => counts[b] - counts[a] || a.localeCompare(b));
  }

  function showFacets(counts) {
    facetsBox.replaceChildren(...FACETS.map((facet) => facetBox(facet, counts[facet.key] || {})));
  }

  function facetBox({ key, legend }, counts) {
    const chosen = state.filters[key];
    const values = facetOrder(key, counts).filter((value) => counts[value] > 0 || chosen.includes(value));
    for (const value of chosen) if (!values.includes(value)) values.push(value);
    const box = document.createElement("fieldset");
    box.className = "fb-search__facet";
    const title = document.createElement("legend");
    title.textContent = legend;
    box.append(title);
    if (values.length === 0) {
      const none = document.createElement("p");
      none.textContent = "None among these results.";
      box.append(none);
      return box;
    }
    const all = expanded.has(key) || values.length <= VALUES_SHOWN + 2;
    const visible = all ? values : values.filter((value, index) => index < VALUES_SHOWN || chosen.includes(value));
    box.append(...visible.map((value) => facetValue(key, value, counts[value] || 0, chosen.includes(value))));
    if (values.length > VALUES_SHOWN + 2) box.append(toggle(key, values.length));
    return box;
  }

  function facetValue(key, value, count, checked) {
    const label = document.createElement("label");
    label.className = "fb-search__value";
    const box = document.createElement("input");
    box.type = "checkbox";
    box.name = key;
    box.value = value;
    box.checked = checked;
    const text = document.createElement("span");
    text.textContent = facetLabel(key, value);
    const number = document.createElement("span");
    number.className = "fb-search__count";
    number.textContent = String(count);
    label.append(box, " ", text, " ", number);
    return label;
  }

  function toggle(key, total) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "fb-search__toggle";
    button.dataset.facet = key;
    button.setAttribute("aria-expanded", String(expanded.has(key)));
    button.textContent = expanded.has(key) ? "Show fewer" : `Show all ${total}`;
    return button;
  }

  let pause = 0;
  input.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(() => update(), TYPING_PAUSE_MS);
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    update();
  });
  facetsBox.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !state.filters[box.name]) return;
    const values = state.filters[box.name].filter((value) => value !== box.value);
    state.filters[box.name] = box.checked ? [...values, box.value] : values;
    update();
  });
  facetsBox.addEventListener("click", (event) => {
    const button = event.target.closest(".fb-search__toggle");
    if (!button) return;
    const key = button.dataset.facet;
    if (expanded.has(key)) expanded.delete(key);
    else expanded.add(key);
    update();
  });
  more.addEventListener("click", () => showMore(generation));

  // The facets are drawn again after each search; the control a reader was on keeps the focus.
  function focusedControl() {
    const active = document.activeElement;
    if (!active || !facetsBox.contains(active)) return null;
    if (active.matches(".fb-search__toggle")) return `.fb-search__toggle[data-facet="${active.dataset.facet}"]`;
    return `input[name="${CSS.escape(active.name)}"][value="${CSS.escape(active.value)}"]`;
  }

  async function update() {
    const refocus = focusedControl();
    state.q = input.value.trim();
    writeAddress();
    if (!pagefind) return;
    await run();
    if (refocus) facetsBox.querySelector(refocus)?.focus();
  }

  start().catch((error) => {
    statusLine.textContent = "The search index could not be loaded.";
    throw error;
  });
})();
