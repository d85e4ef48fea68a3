"""Links that read, measured on the built SVG as Chromium draws it (getBBox, getPointAtLength,
isPointInFill on the ``[data-id]`` groups' ``.exd-shaft``, ``.exd-head`` and ``.exd-box``):
the scene's checks (tests/test_links.py) hold for what the reader sees, in SVG units, and every
text (a label, a "contested" mark) lies inside its own box and the viewBox, in the embedded font's
own measure. On the shipped pathways (ketamine, the research view), the SSRI, metformin and
atorvastatin files and generated pathways up to 60 nodes (issue 22's "Done means").
"""

import pytest

from explainer import load_pathway
from explainer.loading.assets import RESEARCH_PATHWAY
from explainer.rendering.svg_diagram import diagram_svg
from tests.conftest import SSRI
from tests.generate import TOO_BIG, generated

PATHWAYS = {
    "ketamine": lambda: load_pathway(),
    "research": lambda: load_pathway(RESEARCH_PATHWAY),
    "ssri": lambda: load_pathway(SSRI),
    "metformin": lambda: load_pathway(SSRI.parent / "metformin.yaml"),
    "atorvastatin": lambda: load_pathway(SSRI.parent / "atorvastatin.yaml"),
    "generated-40": lambda: generated(40, 7, long_labels=None),
    "generated-25-seed-4": lambda: generated(25, 4, long_labels=True),
    "generated-60": lambda: generated(60, 9, long_labels=None),
    "generated-60-long-labels": lambda: generated(*TOO_BIG[0][:2], long_labels=TOO_BIG[0][2]),
}

MEASURE = r"""() => {
  const svg = document.querySelector('svg.explainer-diagram');
  const labels = [...svg.querySelectorAll('text.exd-label')];
  const font = Math.max(...labels.map(t => parseFloat(t.style.fontSize)));
  const boxes = {}, links = [];
  for (const g of svg.querySelectorAll('[data-id^="node:"]')) {
    const box = g.querySelector('.exd-box');
    boxes[g.dataset.id.slice(5)] = {el: box, r: box.getBBox()};
  }
  const sample = (el, n) => {
    const total = el.getTotalLength(), out = [];
    for (let i = 0; i <= n; i++) { const p = el.getPointAtLength(total * i / n); out.push([p.x, p.y]); }
    return out;
  };
  for (const g of svg.querySelectorAll('[data-id^="edge:"]')) {
    const [u, v] = g.dataset.id.slice(5).split('->');
    const shaft = g.querySelector('.exd-shaft'), head = g.querySelector('.exd-head');
    links.push({id: g.dataset.id, u, v, head, shaft: sample(shaft, 200), outline: sample(head, 40)});
  }
  const pt = (x, y) => { const p = svg.createSVGPoint(); p.x = x; p.y = y; return p; };
  // inside a head by 0.5 units or more: the point and its four neighbours at 0.5 all in its fill
  const deepIn = (el, [x, y]) => [[0, 0], [0.5, 0], [-0.5, 0], [0, 0.5], [0, -0.5]]
    .every(([dx, dy]) => el.isPointInFill(pt(x + dx, y + dy)));
  const through = [], across = [], overlap = [], off = [];
  for (const e of links) {
    for (const [n, b] of Object.entries(boxes)) {
      if (n === e.u || n === e.v) continue;
      const r = b.r;
      const inside = ([x, y]) =>
        x > r.x + 1 && x < r.x + r.width - 1 && y > r.y + 1 && y < r.y + r.height - 1;
      if (e.shaft.some(inside))
        through.push([e.id, n]);
    }
    for (const h of links) {
      if (h === e) continue;
      if (e.shaft.some(p => deepIn(h.head, p))) across.push([e.id, h.id]);
      if (h.id > e.id && (e.outline.some(p => deepIn(h.head, p)) || h.outline.some(p => deepIn(e.head, p))))
        overlap.push([e.id, h.id]);
    }
    const target = sample(boxes[e.v].el, 400);
    const near = ([x, y]) => Math.min(...target.map(([a, b]) => Math.hypot(x - a, y - b)));
    const gap = Math.min(...e.outline.map(near));
    if (gap > 1) off.push([e.id, gap]);
  }
  // where links meet each box: head tips (a bar's: the middle of its border side), shaft starts
  const ends = {};
  for (const e of links) {
    const xy = e.head.getAttribute('d').match(/-?[\d.]+/g).map(Number);
    const bar = e.head.classList.contains('exd-head-negative');
    const tip = bar ? [(xy[0] + xy[2]) / 2, (xy[1] + xy[3]) / 2] : [xy[0], xy[1]];
    (ends[e.v] ||= []).push(tip);
    (ends[e.u] ||= []).push(e.shaft[0]);
  }
  // every text inside its own box (by 1 unit) and inside the viewBox, as the embedded font sets it
  const vb = svg.viewBox.baseVal, texts = [], astray = [];
  for (const g of svg.querySelectorAll('[data-id^="node:"]')) {
    const r = g.querySelector('.exd-box').getBBox();
    for (const t of g.querySelectorAll('text')) {
      const b = t.getBBox();
      texts.push(t.textContent);
      if (b.x < r.x + 1 || b.x + b.width > r.x + r.width - 1
          || b.y < r.y + 1 || b.y + b.height > r.y + r.height - 1)
        astray.push([g.dataset.id, t.textContent, 'out of its box']);
      if (b.x < vb.x || b.x + b.width > vb.x + vb.width || b.y < vb.y || b.y + b.height > vb.y + vb.height)
        astray.push([g.dataset.id, t.textContent, 'out of the frame']);
    }
  }
  const loose = Array.from(svg.querySelectorAll('text')).filter(t => !t.closest('[data-id^="node:"]'));
  for (const t of loose) astray.push([null, t.textContent, 'a text outside every box']);
  let closest = Infinity;
  for (const points of Object.values(ends))
    for (let i = 0; i < points.length; i++)
      for (let j = i + 1; j < points.length; j++)
        closest = Math.min(closest, Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]));
  return {links: links.length, boxes: Object.keys(boxes).length, font, through, across, overlap, off,
          closest_em: closest / font, texts: texts.length, astray};
}"""


@pytest.fixture(scope="module")
def page(browser):
    page = browser.new_page()
    yield page
    page.close()


@pytest.mark.parametrize("name", PATHWAYS)
def test_links_read_as_drawn(page, name):
    p = PATHWAYS[name]()
    page.set_content(f"<!doctype html><html><body>{diagram_svg(p)}</body></html>")
    page.evaluate("() => document.fonts.ready")  # the embedded font, not a fallback, measured
    m = page.evaluate(MEASURE)
    assert m["links"] == len(p.edges) and m["boxes"] == len(p.nodes)
    assert m["through"] == [], "a link through a box it does not join"
    # as on the scene (tests/test_links.py): none, since links are untangled
    assert m["across"] == [], "a shaft across a head"
    assert m["overlap"] == [], "two heads overlapping"
    assert m["off"] == [], "a head more than 1 unit from its target's border"
    assert m["closest_em"] >= 0.5, "two links meeting a box closer than half an em"
    assert m["texts"] >= len(p.nodes) and m["astray"] == [], "a text outside its box or the frame"
