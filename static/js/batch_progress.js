// The ingest batch's progress on its admin page, polled from the URL in #batch-progress's data-url.
(function () {
  const box = document.getElementById("batch-progress");
  const $ = (id) => document.getElementById(id);
  function eta(s) {
    if (s === null) return "--:--";
    s = Math.round(s); const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h ? h + ":" : "") + String(m).padStart(2, "0") + ":" + String(r).padStart(2, "0");
  }
  function render(p) {
    $("bp-bar").value = p.percent; $("bp-status").textContent = p.status_display;
    $("bp-done").textContent = p.done; $("bp-total").textContent = p.total; $("bp-percent").textContent = p.percent;
    $("bp-rate").textContent = p.rate; $("bp-eta").textContent = eta(p.eta_seconds);
    for (const k of Object.keys(p.counts)) { const c = $("bp-c-" + k); if (c) c.textContent = p.counts[k]; }
    $("bp-retry").disabled = !p.counts.failed; $("bp-failures-total").textContent = p.failures_total;
    const body = $("bp-failures"); body.replaceChildren();
    for (const f of p.failures) {
      const tr = document.createElement("tr");
      for (const v of [f.name, f.reason]) { const td = document.createElement("td"); td.textContent = v; tr.appendChild(td); }
      body.appendChild(tr);
    }
    return p.finished;
  }
  async function poll() {
    let finished = false;
    try { const r = await fetch(box.dataset.url, {credentials: "same-origin"}); finished = render(await r.json()); }
    catch (e) { /* keep polling through a reload of the server */ }
    setTimeout(poll, finished ? 15000 : 1500);
  }
  poll();
})();
