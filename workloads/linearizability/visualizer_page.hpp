#pragma once
// The stylesheet and script of linearizability.html. The script reads the JSON in
// #report-data and draws, per partition: one lane per process with each operation as a bar
// over its real-time interval, the selected partial linearization as numbered points joined
// in order, the operations that cannot be placed next in red, and a table of the steps with
// the model state after each. Clicking an operation selects the longest partial
// linearization that contains it.
#include <string_view>

namespace squall::lin {

inline constexpr std::string_view visualizer_css = R"CSS(
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.3em; margin: 0 0 .3em; } h2 { font-size: 1.1em; margin: 1.5em 0 .3em; }
.summary { margin: .3em 0 1em; color: #444; }
.verdict-invalid { color: #b00020; font-weight: 600; }
.verdict-unknown { color: #a15c00; font-weight: 600; }
.explain { background: #fff6f6; border-left: 4px solid #b00020; padding: .5em .8em; }
.explain.unknown { background: #fff8ec; border-color: #a15c00; }
.scroll { overflow-x: auto; border: 1px solid #ddd; margin: .6em 0; }
svg text { font: 11px ui-monospace, monospace; pointer-events: none; }
.op rect { stroke: #666; stroke-width: 1; cursor: pointer; }
.op.in-prefix rect { fill: #cfe8cf; stroke: #2e7d32; }
.op.rejected rect { fill: #f8c9c9; stroke: #b00020; stroke-width: 2; }
.op.accepted rect { fill: #fde2b8; stroke: #c77700; stroke-width: 2; }
.op.blocking rect { stroke-dasharray: 5 2; stroke-width: 3; }
.op.other rect { fill: #eee; }
.op.selected rect { stroke: #1a4fd6; stroke-width: 3; }
.lane-label { font-weight: 600; fill: #444; }
.lin-path { fill: none; stroke: #2e7d32; stroke-width: 1.5; opacity: .7; }
.lin-point { fill: #2e7d32; }
table { border-collapse: collapse; margin: .5em 0; }
td, th { border: 1px solid #ddd; padding: 2px 8px; font: 12px ui-monospace, monospace; text-align: left; }
tr.rejected td { background: #f8c9c9; } tr.accepted td { background: #fde2b8; }
.legend span { display: inline-block; padding: 0 .5em; margin-right: .5em; border: 1px solid #666; }
.details { font: 12px ui-monospace, monospace; white-space: pre-wrap; background: #f6f6f6; padding: .5em; }
)CSS";

inline constexpr std::string_view visualizer_script = R"JS(
'use strict';
const data = JSON.parse(document.getElementById('report-data').textContent);
const app = document.getElementById('app');
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4))
                                   : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function describe(op) {
  const result = op.status === 'ok' ? op.output : op.status === 'fail' ? 'fail' : '?';
  return op.f + (op.input === 'null' ? '' : ' ' + op.input) + ' → ' + result;
}

// The label cut to what fits in `width` pixels of 11px monospace; the tooltip has it all.
function fitLabel(text, width) {
  const fits = Math.floor((width - 6) / 6.7);
  if (text.length <= fits) return text;
  return fits < 2 ? '' : text.slice(0, fits - 1) + '…';
}

function opTitle(op) {
  const lines = ['op #' + op.id + ' by process ' + op.process, describe(op),
                 'status: ' + op.status, 'history position ' + op.call + ' … ' +
                 (op.ret === null ? 'never returned' : op.ret)];
  if (op.error) lines.push('error: ' + op.error);
  return lines.join('\n');
}

function header() {
  app.appendChild(el('h1', {}, data.title + ': ' + data.model + ' history is ' + data.verdict));
  const checked = data.partition_count === 1 ? 'one history' : data.partition_count + ' keys';
  app.appendChild(el('p', {class: 'summary'}, 'Checked ' + checked + '; ' +
      data.valid_partitions + ' linearizable. Shown below: the ones that are not, or that ' +
      'the checker could not finish.'));
  const legend = el('p', {class: 'legend'});
  legend.append(el('span', {style: 'background:#cfe8cf'}, 'in the selected partial linearization'),
                el('span', {style: 'background:#f8c9c9'}, 'model rejects it next'),
                el('span', {style: 'background:#fde2b8'}, 'accepted next, but no way on from there'),
                el('span', {style: 'border-style:dashed;border-width:3px'}, 'must be placed next'),
                el('span', {style: 'background:#eee'}, 'not placed'));
  app.appendChild(legend);
}

function explanation(part, byId) {
  const longest = part.prefixes[part.longest];
  const box = el('div', {class: 'explain' + (part.verdict === 'unknown' ? ' unknown' : '')});
  const state = longest.length ? part.states[longest[longest.length - 1][1]] : part.states[0];
  let text = 'The longest partial linearization found places ' + longest.length + ' of ' +
      part.ops.length + ' operations and leaves the state ' + state + '. ';
  if (part.verdict === 'unknown') {
    text += 'The search stopped early (' + part.cause + '), so this is a partial result. ';
  }
  if (part.blocking !== null) {
    const b = byId.get(part.blocking);
    text += 'Next, op #' + b.id + ' (process ' + b.process + ': ' + describe(b) +
        ') must take effect before it returns' + (part.verdict === 'unknown'
            ? '. ' : ', but no operation can go next: ');
    const names = ids => ids.map(id => '#' + id + ' ' + describe(byId.get(id))).join('; ');
    if (part.rejected_next.length) text += 'the model rejects ' + names(part.rejected_next) + '. ';
    if (part.accepted_next.length) {
      text += 'The model accepts ' + names(part.accepted_next) + ' next, but ' +
          (part.verdict === 'unknown' ? 'the search stopped before finishing with it.'
                                      : 'no order of the remaining operations works after it.');
    }
  }
  box.textContent = text;
  return box;
}

function timeline(part, byId, onSelect) {
  const points = new Set();
  for (const op of part.ops) { points.add(op.call); if (op.ret !== null) points.add(op.ret); }
  const ranks = new Map([...points].sort((a, b) => a - b).map((p, i) => [p, i]));
  const unit = 16, left = 90, laneHeight = 26, end = left + (ranks.size + 3) * unit;
  const x = p => left + ranks.get(p) * unit;
  const processes = [...new Set(part.ops.map(op => op.process))].sort((a, b) => a - b);
  const lane = new Map(processes.map((p, i) => [p, i]));
  const svg = el('svg:svg', {width: end + 20, height: processes.length * laneHeight + 30});
  processes.forEach((p, i) => svg.appendChild(
      el('svg:text', {x: 6, y: 20 + i * laneHeight + 13, class: 'lane-label'}, 'process ' + p)));
  const bars = new Map();
  for (const op of part.ops) {
    const y = 20 + lane.get(op.process) * laneHeight;
    // Short operations still get room for a few characters; a process's next operation
    // starts at least two positions later, so the bars of one lane do not overlap.
    const x0 = x(op.call), x1 = op.ret === null ? end : Math.max(x(op.ret), x0 + 2 * unit - 4);
    const g = el('svg:g', {class: 'op other'});
    g.appendChild(el('svg:rect', {x: x0, y: y, width: x1 - x0, height: 18, rx: 3}));
    g.appendChild(el('svg:title', {}, opTitle(op)));
    g.appendChild(el('svg:text', {x: x0 + 3, y: y + 13}, fitLabel(describe(op), x1 - x0)));
    g.addEventListener('click', () => onSelect(op.id));
    svg.appendChild(g);
    bars.set(op.id, {g, x0, x1, y});
  }
  const overlay = el('svg:g', {});
  svg.appendChild(overlay);
  return {svg, bars, overlay};
}

function drawPrefix(view, part, prefixIndex, selectedId) {
  const prefix = prefixIndex >= 0 ? part.prefixes[prefixIndex] : [];
  const order = new Map(prefix.map((step, i) => [step[0], i]));
  for (const [id, bar] of view.bars) {
    let cls = 'op ' + (order.has(id) ? 'in-prefix' : 'other');
    if (prefixIndex === part.longest) {
      if (part.rejected_next.includes(id)) cls = 'op rejected';
      if (part.accepted_next.includes(id)) cls = 'op accepted';
      if (part.blocking === id) cls += ' blocking';
    }
    if (id === selectedId) cls += ' selected';
    bar.g.setAttribute('class', cls);
  }
  view.overlay.replaceChildren();
  // A linearization point inside each interval, never earlier than the previous one.
  let last = -Infinity, path = '';
  prefix.forEach((step, i) => {
    const bar = view.bars.get(step[0]);
    const px = Math.min(Math.max(bar.x0 + 4, last + 3), bar.x1 - 2);
    last = px;
    // On the bar's lower edge, clear of its label.
    path += (i ? ' L' : 'M') + px + ' ' + (bar.y + 17);
    view.overlay.appendChild(el('svg:circle', {cx: px, cy: bar.y + 17, r: 3, class: 'lin-point'}));
    view.overlay.appendChild(el('svg:text', {x: px + 4, y: bar.y - 1}, String(i + 1)));
  });
  if (path) view.overlay.insertBefore(el('svg:path', {d: path, class: 'lin-path'}),
                                      view.overlay.firstChild);
}

function stepsTable(part, byId, prefixIndex) {
  const table = el('table');
  const head = el('tr');
  ['#', 'process', 'operation', 'state after'].forEach(h => head.appendChild(el('th', {}, h)));
  table.appendChild(head);
  const row = (cells, cls) => {
    const tr = el('tr', cls ? {class: cls} : {});
    cells.forEach(c => tr.appendChild(el('td', {}, String(c))));
    table.appendChild(tr);
  };
  row(['', '', '(initial state)', part.states[0]]);
  const prefix = prefixIndex >= 0 ? part.prefixes[prefixIndex] : [];
  prefix.forEach((step, i) => {
    const op = byId.get(step[0]);
    row([i + 1, op.process, '#' + op.id + ' ' + describe(op), part.states[step[1]]]);
  });
  if (prefixIndex === part.longest) {
    for (const id of part.rejected_next) {
      row(['✗', byId.get(id).process, '#' + id + ' ' + describe(byId.get(id)), 'rejected'], 'rejected');
    }
    for (const id of part.accepted_next) {
      row(['…', byId.get(id).process, '#' + id + ' ' + describe(byId.get(id)),
           part.verdict === 'unknown' ? 'accepted, not finished' : 'accepted, leads nowhere'],
          'accepted');
    }
  }
  return table;
}

function showPartition(part) {
  const byId = new Map(part.ops.map(op => [op.id, op]));
  const index = new Map(part.ops.map((op, i) => [op.id, i]));
  const title = part.key === null ? 'The history' : 'Key ' + part.key;
  app.appendChild(el('h2', {}, title + ': ' + part.verdict +
      (part.cause ? ' (' + part.cause + ')' : '')));
  app.appendChild(explanation(part, byId));
  const caption = el('p', {});
  const scroll = el('div', {class: 'scroll'});
  const tableHolder = el('div', {});
  const details = el('div', {class: 'details'});
  const view = timeline(part, byId, select);
  scroll.appendChild(view.svg);
  app.append(caption, scroll, details, tableHolder);
  function select(id) {
    let prefixIndex = part.longest;
    if (id !== null && part.best_prefix_of[index.get(id)] >= 0) {
      prefixIndex = part.best_prefix_of[index.get(id)];
    }
    const size = part.prefixes[prefixIndex].length;
    caption.textContent = id === null || prefixIndex === part.longest
        ? 'Showing the longest partial linearization (' + size + ' operations). ' +
          (part.per_op ? 'Click an operation to see the longest one that contains it.' : '')
        : 'Showing the longest partial linearization that contains op #' + id +
          ' (' + size + ' operations). Click empty space in the list below to go back.';
    details.textContent = id === null ? 'Click an operation for its details.' : opTitle(byId.get(id));
    drawPrefix(view, part, prefixIndex, id);
    tableHolder.replaceChildren(stepsTable(part, byId, prefixIndex));
  }
  tableHolder.addEventListener('click', () => select(null));
  select(null);
}

header();
if (data.partitions.length === 0) app.appendChild(el('p', {}, 'Nothing to show: every part is linearizable.'));
data.partitions.forEach(showPartition);
)JS";

}  // namespace squall::lin
