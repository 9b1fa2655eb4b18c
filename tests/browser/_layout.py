"""Layout checks shared by the phone tests and tests/benchmarks/bench_deliverables.py."""

# Every element of the report's content that reaches past the right edge of the viewport (or the left) and is
# not inside a scroll container (an ancestor that scrolls or clips horizontally): what a phone reader cannot
# reach. Elements inside one are reachable by swiping that container alone, not the whole page.
OVERFLOWING_JS = """
() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => /(auto|scroll|hidden|clip)/.test(getComputedStyle(el).overflowX);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || getComputedStyle(el).visibility === 'hidden') continue;
    if (box.right <= width + 1 && box.left >= -1) continue;
    let up = el.parentElement, inside = false;
    while (up && up !== document.body) {
      if (scrolls(up)) { inside = true; break; }
      up = up.parentElement;
    }
    if (!inside) out.push(name(el) + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
  }
  return out;
}
"""

# Tables wider than the space they have: for each, whether its first column stays in view when its scroll
# container is scrolled sideways (measured, not read from the CSS) and its tallest row in pixels.
WIDE_TABLES_JS = """
() => {
  const scroller = (t) => {
    for (let el = t; el && el !== document.body; el = el.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(el).overflowX)) return el;
    }
    return null;
  };
  return Array.from(document.querySelectorAll('.md-content table')).filter((t) => {
    const box = scroller(t);
    return t.getBoundingClientRect().width > document.documentElement.clientWidth
      || (box && box.scrollWidth > box.clientWidth + 1);
  }).map((t) => {
    const box = scroller(t);
    const cell = t.querySelector('tbody tr > :first-child') || t.querySelector('tr > :first-child');
    let pinned = false;
    if (box && cell) {
      const before = cell.getBoundingClientRect().left;
      const start = box.scrollLeft;
      box.scrollLeft = start + 120;
      const moved = box.scrollLeft - start;
      // still in view at the left edge of the scrolling box (it may slide up to that edge first)
      pinned = moved > 0 && cell.getBoundingClientRect().left >= Math.min(before, box.getBoundingClientRect().left) - 1;
      box.scrollLeft = start;
    }
    return {
      head: (t.querySelector('th') || {}).textContent || '',
      sticky: pinned,
      tallest: Math.max(...Array.from(t.querySelectorAll('tbody tr')).map((r) => Math.round(r.getBoundingClientRect().height))),
    };
  });
}
"""
