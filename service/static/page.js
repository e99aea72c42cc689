// hypegap editor page: scores a headline against its body through this service's /v1 API.
// Plain JavaScript, no build step and nothing fetched from elsewhere, so it works offline.
"use strict";

(() => {
  const KEY_STORAGE = "hypegap.apiKey";
  const EDITOR_STORAGE = "hypegap.editor";
  const CALMER_DELAY_MS = 300;

  const $ = (id) => document.getElementById(id);
  const form = $("article-form");
  const headlineField = $("headline");
  const bodyField = $("body");
  const htmlField = $("body-html");
  const keyField = $("api-key");
  const calmerField = $("calmer-headline");
  const verdictForm = $("verdict-form");
  const noteField = $("verdict-note");

  // The last article scored with the Score button, as it was sent: the result shows its score
  // and the calmer box compares against it.
  let original = null;
  let mainRequest = null;
  let calmerRequest = null;
  let calmerTimer = null;

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  // API key, kept in local storage (which a locked-down browser may refuse).

  function storedKey() {
    try {
      return window.localStorage.getItem(KEY_STORAGE) || "";
    } catch {
      return keyField.value.trim();
    }
  }

  function storeKey(key) {
    try {
      if (key) {
        window.localStorage.setItem(KEY_STORAGE, key);
      } else {
        window.localStorage.removeItem(KEY_STORAGE);
      }
    } catch {
      // Storage is off: the key still works for this visit, from the field itself.
    }
    $("key-state").textContent = key ? "(set)" : "(none set)";
    keyField.removeAttribute("aria-invalid");
  }

  // The editor's opaque id, made once per browser: the service stores the same editor's same
  // verdict on an article once, so sending twice does not count twice. Never a name.

  function editorId() {
    let id = "";
    try {
      id = window.localStorage.getItem(EDITOR_STORAGE) || "";
    } catch {
      id = "";
    }
    if (!id) {
      const bytes = crypto.getRandomValues(new Uint8Array(12));
      id = "page-" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
      try {
        window.localStorage.setItem(EDITOR_STORAGE, id);
      } catch {
        // Storage is off: this id lasts for this visit.
      }
    }
    return id;
  }

  // Talking to the API.

  function authHeaders() {
    const key = storedKey();
    return key ? { Authorization: `Bearer ${key}` } : {};
  }

  async function callApi(path, options = {}) {
    let response;
    try {
      response = await fetch(path, {
        ...options,
        headers: { Accept: "application/json", ...authHeaders(), ...(options.headers || {}) },
      });
    } catch (error) {
      if (error.name === "AbortError") {
        throw error;
      }
      throw new ApiError(
        "Cannot reach the scoring service. Check that it is running and your connection, " +
          "then try again.",
        0,
      );
    }
    if (response.ok) {
      return response.json();
    }
    throw await errorFrom(response);
  }

  async function errorFrom(response) {
    let detail = null;
    try {
      detail = (await response.json()).error || null;
    } catch {
      detail = null;
    }
    const said = detail && detail.message ? detail.message : "";
    switch (response.status) {
      case 401:
        return new ApiError(
          storedKey()
            ? "The service refused the API key saved in this browser. Check it under " +
                "“API key” and score again."
            : "This service needs an API key. Enter it under “API key” and score again.",
          401,
        );
      case 503:
        if (detail && detail.code === "database_unavailable") {
          return new ApiError(
            "The service cannot record verdicts right now (its database is unavailable). " +
              "Scoring still works; try sending again later.",
            503,
          );
        }
        return new ApiError(
          "The scoring service is not ready yet (its model is still loading or missing). " +
            "Try again in a moment.",
          503,
        );
      case 413:
      case 422:
        return new ApiError(said || "The service cannot score this article.", response.status);
      default:
        return new ApiError(
          `The service answered with an error (${response.status})` + (said ? `: ${said}` : "."),
          response.status,
        );
    }
  }

  function scoreArticle(article, signal) {
    return callApi("v1/score", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        headline: article.headline,
        body: article.body,
        body_format: article.bodyFormat,
      }),
      signal,
    });
  }

  function sendVerdict(article, verdict, note) {
    const sent = {
      headline: article.headline,
      body: article.body,
      body_format: article.bodyFormat,
      verdict,
      score_shown: article.result.score,
      level_shown: article.result.level,
      model_version: article.result.model_version,
      editor: editorId(),
    };
    if (note) {
      sent.note = note;
    }
    return callApi("v1/feedback", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(sent),
    });
  }

  function articleInForm() {
    return {
      headline: headlineField.value,
      body: bodyField.value,
      bodyFormat: htmlField.checked ? "html" : "text",
    };
  }

  // Headline boxes grow with their text, so a long headline is never cut off on a phone.
  function fitHeight(field) {
    const borders = field.offsetHeight - field.clientHeight;
    field.style.height = "auto";
    field.style.height = `${field.scrollHeight + borders}px`;
  }

  // Showing results.

  function formatScore(score) {
    return score.toFixed(2);
  }

  function formatWeight(weight) {
    const digits = Math.abs(weight) >= 0.1 ? 2 : 3;
    const sign = weight > 0 ? "+" : weight < 0 ? "−" : "±";
    return sign + Math.abs(weight).toFixed(digits);
  }

  function effect(weight) {
    return weight > 0 ? "raises the score" : "lowers the score";
  }

  function showModelVersion(version) {
    if (version) {
      $("model-version").textContent = version;
    }
  }

  let modelThresholds = {};

  function renderGauge(result) {
    const gauge = $("gauge");
    const level = result.level;
    gauge.setAttribute("aria-valuenow", String(result.score));
    gauge.setAttribute("aria-valuetext", `${formatScore(result.score)}, ${level}`);
    $("result").dataset.level = result.level;
    $("gauge-fill").style.width = `${Math.min(Math.max(result.score, 0), 1) * 100}%`;
    $("score-value").textContent = formatScore(result.score);
    $("level").textContent = level;
    // Scores with and without a body answer different questions, each with its own levels.
    const thresholds = modelThresholds[result.headline_only ? "headline_only" : "with_body"];
    if (thresholds) {
      placeTick("tick-stretched", thresholds.stretched);
      placeTick("tick-overstated", thresholds.overstated);
    }
  }

  // The API counts offsets in Unicode code points, a JavaScript string in UTF-16 units (two for
  // a character beyond U+FFFF, such as an emoji): `utf16Index(text)` maps the one to the other.
  function utf16Index(text) {
    if (!/[\uD800-\uDFFF]/.test(text)) {
      return (index) => index;
    }
    const units = [0];
    for (const character of text) {
      units.push(units[units.length - 1] + character.length);
    }
    return (index) => (index < units.length ? units[index] : text.length + 1);
  }

  // Fills `container` with `text`, the spans (offsets in code points) wrapped in the nodes
  // `wrap(span, spanText)` makes. Text only ever goes in as text nodes, never parsed as HTML.
  function renderSpans(container, text, spans, wrap) {
    container.replaceChildren();
    const index = utf16Index(text);
    const placed = spans
      .map((span) => ({ span, start: index(span.start), end: index(span.end) }))
      .filter(({ start, end }) => start >= 0 && end <= text.length && start < end)
      .sort((a, b) => a.start - b.start);
    let position = 0;
    for (const { span, start, end } of placed) {
      if (start < position) {
        continue;
      }
      container.append(text.slice(position, start), wrap(span, text.slice(start, end)));
      position = end;
    }
    container.append(text.slice(position));
  }

  // The headline as text with a focusable mark on every word that moved the score.
  function renderMarkedHeadline(container, headline, terms) {
    const strongest = Math.max(...terms.map((t) => Math.abs(t.weight)), 1e-9);
    renderSpans(container, headline, terms, (term, word) => {
      const mark = document.createElement("span");
      const weight = formatWeight(term.weight);
      mark.className = `term ${term.weight > 0 ? "term-up" : "term-down"}`;
      mark.tabIndex = 0;
      mark.title = `${effect(term.weight)}: ${weight}`;
      mark.dataset.weight = `${weight} (${effect(term.weight)})`;
      mark.style.setProperty("--strength", (Math.abs(term.weight) / strongest).toFixed(3));
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = ` (${effect(term.weight)}, ${weight})`;
      mark.append(word, hidden);
      return mark;
    });
  }

  // The body as scored, with the sentences the headline was matched to marked. An HTML body is
  // shown as the text the service reduced it to, which is what the offsets count in.
  function renderEvidence(body, explanation) {
    const evidence = explanation.evidence;
    $("evidence").hidden = !evidence.length;
    const container = $("evidence-body");
    renderSpans(container, explanation.body_text ?? body, evidence, (sentence, text) => {
      const mark = document.createElement("mark");
      mark.className = "evidence-sentence";
      mark.title = `matched to the headline (similarity ${formatScore(sentence.similarity)})`;
      mark.dataset.similarity = String(sentence.similarity);
      mark.textContent = text;
      return mark;
    });
    $("evidence-count").textContent =
      evidence.length === 1 ? "1 sentence is marked." : `${evidence.length} sentences are marked.`;
    const first = container.querySelector("mark");
    container.scrollTop = first ? first.offsetTop - container.clientHeight / 3 : 0;
  }

  function renderReasons(reasons) {
    const list = $("reasons");
    list.replaceChildren();
    for (const reason of reasons) {
      const item = document.createElement("li");
      const weight = document.createElement("span");
      weight.className = `weight ${reason.weight > 0 ? "weight-up" : "weight-down"}`;
      weight.title = effect(reason.weight);
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = `${effect(reason.weight)} `;
      weight.append(hidden, formatWeight(reason.weight));
      const message = document.createElement("span");
      message.className = "reason-message";
      message.textContent = reason.message;
      item.append(weight, message);
      list.append(item);
    }
    if (!reasons.length) {
      const item = document.createElement("li");
      item.textContent = "Nothing in particular moved this score.";
      list.append(item);
    }
  }

  function renderResult(article, result) {
    showModelVersion(result.model_version);
    renderGauge(result);
    $("headline-only").hidden = !result.headline_only;
    renderMarkedHeadline($("marked-headline"), article.headline, result.explanation.headline_terms);
    renderReasons(result.explanation.reasons);
    $("result").hidden = false;
    renderEvidence(article.body, result.explanation);
    const count = result.explanation.reasons.length;
    $("result-status").textContent =
      `Score ${formatScore(result.score)}: ${result.level}. ` +
      `${count} ${count === 1 ? "reason" : "reasons"} listed.`;
  }

  // Errors.

  function showError(box, message) {
    box.textContent = message;
    box.hidden = false;
  }

  function clearError(box) {
    box.textContent = "";
    box.hidden = true;
  }

  function showApiError(box, error) {
    showError(box, error.message);
    if (error.status === 401) {
      $("key-panel").open = true;
      keyField.setAttribute("aria-invalid", "true");
    }
  }

  // The Score button.

  function setBusy(busy) {
    const button = $("score-button");
    button.setAttribute("aria-busy", String(busy));
    button.textContent = busy ? "Scoring…" : "Score";
    $("result").setAttribute("aria-busy", String(busy));
  }

  async function scoreMain(event) {
    event.preventDefault();
    const errorBox = $("error");
    clearError(errorBox);
    headlineField.removeAttribute("aria-invalid");
    const article = articleInForm();
    if (!article.headline.trim()) {
      headlineField.setAttribute("aria-invalid", "true");
      showError(errorBox, "Write a headline to score: the headline is empty.");
      headlineField.focus();
      return;
    }
    if (mainRequest) {
      mainRequest.abort();
    }
    const request = new AbortController();
    mainRequest = request;
    setBusy(true);
    try {
      const result = await scoreArticle(article, request.signal);
      original = { ...article, result };
      renderResult(article, result);
      openVerdictBox(result);
      openCalmerBox();
      showWhetherCurrent();
      if ($("tick-stretched").hidden) {
        loadModelCard();
      }
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      showApiError(errorBox, error);
      $("result-status").textContent = "Not scored: " + error.message;
    } finally {
      if (mainRequest === request) {
        mainRequest = null;
        setBusy(false);
      }
    }
  }

  // A result never passes for current under an article edited since it was scored: it is dimmed
  // under a notice with a button to score again, and is current again if the edit is undone.

  function showWhetherCurrent() {
    if (!original) {
      return;
    }
    const now = articleInForm();
    const bodyEdited = now.body !== original.body || now.bodyFormat !== original.bodyFormat;
    const edited = bodyEdited || now.headline !== original.headline;
    const result = $("result");
    if (edited && !result.hasAttribute("data-edited")) {
      $("result-status").textContent = "Edited since scored: the result is for the earlier text.";
    }
    result.toggleAttribute("data-edited", edited);
    $("stale-notice").hidden = !edited;
    $("verdict-stale").hidden = !edited;
    $("calmer-stale").hidden = !bodyEdited;
  }

  // The calmer-headline box: re-scores the rewrite against the same body as the editor types.

  function openCalmerBox() {
    const box = $("calmer");
    box.hidden = false;
    calmerField.value = original.headline;
    fitHeight(calmerField);
    showComparedScore($("calmer-old"), original.result);
    showCalmerResult(original.headline, original.result);
    $("calmer-change").textContent = "Edit the headline above to compare.";
    clearError($("calmer-error"));
  }

  function showCalmerResult(headline, result) {
    showComparedScore($("calmer-new"), result);
    renderMarkedHeadline($("calmer-marked"), headline, result.explanation.headline_terms);
  }

  function showComparedScore(box, result) {
    const value = document.createElement("span");
    value.className = "compare-value";
    value.textContent = formatScore(result.score);
    const level = document.createElement("span");
    level.className = "compare-level";
    level.textContent = result.level;
    box.replaceChildren(value, " ", level);
    box.dataset.level = result.level;
    box.dataset.score = String(result.score);
  }

  function describeChange(result) {
    const difference = result.score - original.result.score;
    const size = formatScore(Math.abs(difference));
    const level = `(${result.level})`;
    if (size === formatScore(0)) {
      return `The rewrite scores ${formatScore(result.score)} ${level}, the same as the original.`;
    }
    const direction = difference < 0 ? "lower" : "higher";
    return `The rewrite scores ${formatScore(result.score)} ${level}, ${size} ${direction} than the original.`;
  }

  function scheduleCalmer() {
    clearTimeout(calmerTimer);
    calmerTimer = setTimeout(scoreCalmer, CALMER_DELAY_MS);
  }

  async function scoreCalmer() {
    clearTimeout(calmerTimer);
    if (!original) {
      return;
    }
    const errorBox = $("calmer-error");
    clearError(errorBox);
    calmerField.removeAttribute("aria-invalid");
    if (calmerRequest) {
      calmerRequest.abort();
    }
    const headline = calmerField.value;
    if (!headline.trim()) {
      calmerField.setAttribute("aria-invalid", "true");
      showError(errorBox, "Write a headline to compare: the rewrite is empty.");
      return;
    }
    const request = new AbortController();
    calmerRequest = request;
    $("calmer").setAttribute("aria-busy", "true");
    try {
      const result = await scoreArticle({ ...original, headline }, request.signal);
      if (calmerRequest !== request) {
        return;
      }
      showCalmerResult(headline, result);
      $("calmer-change").textContent = describeChange(result);
    } catch (error) {
      if (error.name === "AbortError") {
        return;
      }
      $("calmer-change").textContent = "";
      showApiError(errorBox, error);
    } finally {
      if (calmerRequest === request) {
        calmerRequest = null;
        $("calmer").setAttribute("aria-busy", "false");
      }
    }
  }

  // The model card, for the version line and the level thresholds on the gauge.

  function placeTick(id, value) {
    const tick = $(id);
    if (typeof value === "number" && value >= 0 && value <= 1) {
      tick.style.left = `calc(${value * 100}% - 1px)`;
      tick.title = `${id.replace("tick-", "")} from ${formatScore(value)}`;
      tick.hidden = false;
    }
  }

  async function loadModelCard() {
    try {
      const card = await callApi("v1/model");
      showModelVersion(card.model_version);
      modelThresholds = card.thresholds;
      placeTick("tick-stretched", card.thresholds.with_body.stretched);
      placeTick("tick-overstated", card.thresholds.with_body.overstated);
    } catch (error) {
      if (error.status === 401) {
        $("model-version").textContent = "shown once your API key is accepted";
      } else if (error.status === 0 || error.status === 503) {
        showError($("error"), error.message);
      }
    }
  }

  // Wiring.

  // "Do you agree?": the editor's verdict on the article as it was scored.

  function openVerdictBox(result) {
    verdictForm.reset();
    $("verdict-model-level").textContent = result.level;
    clearError($("verdict-error"));
    $("verdict-confirmation").textContent = "";
    $("verdict").hidden = false;
  }

  async function submitVerdict(event) {
    event.preventDefault();
    const errorBox = $("verdict-error");
    const confirmation = $("verdict-confirmation");
    clearError(errorBox);
    confirmation.textContent = "";
    const chosen = verdictForm.querySelector("input[name='verdict']:checked");
    if (!chosen) {
      showError(errorBox, "Choose a level first: faithful, stretched or overstated.");
      $("verdict-faithful").focus();
      return;
    }
    const article = original;
    const button = $("verdict-button");
    button.setAttribute("aria-busy", "true");
    button.textContent = "Sending…";
    try {
      await sendVerdict(article, chosen.value, noteField.value.trim());
      if (article === original) {
        confirmation.textContent = `Thank you: your verdict (${chosen.value}) is recorded.`;
      }
    } catch (error) {
      showApiError(errorBox, error);
    } finally {
      button.setAttribute("aria-busy", "false");
      button.textContent = "Send verdict";
    }
  }

  function onKeydown(event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) {
      return;
    }
    event.preventDefault();
    if (event.target === calmerField) {
      scoreCalmer();
    } else if (verdictForm.contains(event.target)) {
      verdictForm.requestSubmit();
    } else if (form.contains(event.target) || event.target === document.body) {
      form.requestSubmit();
    }
  }

  function start() {
    const key = storedKey();
    keyField.value = key;
    $("key-state").textContent = key ? "(set)" : "(none set)";
    keyField.addEventListener("input", () => storeKey(keyField.value.trim()));
    $("forget-key").addEventListener("click", () => {
      keyField.value = "";
      storeKey("");
      keyField.focus();
    });
    form.addEventListener("submit", scoreMain);
    verdictForm.addEventListener("submit", submitVerdict);
    document.addEventListener("keydown", onKeydown);
    calmerField.addEventListener("input", () => {
      fitHeight(calmerField);
      scheduleCalmer();
    });
    headlineField.addEventListener("input", () => {
      fitHeight(headlineField);
      headlineField.removeAttribute("aria-invalid");
      showWhetherCurrent();
    });
    bodyField.addEventListener("input", showWhetherCurrent);
    htmlField.addEventListener("change", showWhetherCurrent);
    window.addEventListener("resize", () => {
      fitHeight(headlineField);
      fitHeight(calmerField);
    });
    loadModelCard();
  }

  start();
})();
