// Runs the script of a linearizability.html against a minimal stand-in for the browser's
// DOM and checks what it draws: the headline, one bar per operation, the explanation, the
// steps table, and that clicking an operation selects a partial linearization.
//   node html_smoke_test.js PAGE EXPECTED_VERDICT
'use strict';
const fs = require('fs');
const vm = require('vm');

class Element {
  constructor(tag) {
    this.tag = tag; this.attributes = {}; this.children = []; this.listeners = {};
    this.text = '';
  }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return this.attributes[k]; }
  appendChild(c) { this.children.push(c); c.parent = this; return c; }
  append(...cs) { cs.forEach(c => this.appendChild(c)); }
  insertBefore(c, ref) {
    const i = this.children.indexOf(ref);
    this.children.splice(i < 0 ? this.children.length : i, 0, c);
    c.parent = this;
  }
  replaceChildren(...cs) { this.children = []; this.append(...cs); }
  get firstChild() { return this.children[0] || null; }
  set textContent(t) { this.text = String(t); this.children = []; }
  get textContent() { return this.text + this.children.map(c => c.textContent).join(''); }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  click() { (this.listeners.click || []).forEach(fn => fn()); }
  all(predicate, found = []) {
    if (predicate(this)) found.push(this);
    this.children.forEach(c => c.all(predicate, found));
    return found;
  }
}

function fail(message) {
  console.error('FAIL: ' + message);
  process.exit(1);
}

const [page, expectedVerdict] = process.argv.slice(2);
const html = fs.readFileSync(page, 'utf8');
const data = html.match(/<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/);
const script = html.match(/<script>([\s\S]*?)<\/script>/);
if (!data || !script) fail('page lacks its data or its script');
if (/<script[^>]+src=|<link /.test(html)) fail('page loads something from outside');

const app = new Element('div');
const dataElement = new Element('script');
dataElement.textContent = data[1];
const document = {
  getElementById: id => (id === 'app' ? app : id === 'report-data' ? dataElement : null),
  createElement: tag => new Element(tag),
  createElementNS: (ns, tag) => new Element(tag),
};
vm.runInNewContext(script[1], {document, JSON, Map, Set, Object, String, Math, Infinity});

const parsed = JSON.parse(data[1]);
const headline = app.all(e => e.tag === 'h1')[0];
if (!headline || !headline.textContent.includes('is ' + expectedVerdict)) {
  fail('headline does not say ' + expectedVerdict + ': ' + (headline && headline.textContent));
}
const sections = app.all(e => e.tag === 'h2');
if (sections.length !== parsed.partitions.length) fail('one section per reported partition');
parsed.partitions.forEach((part, i) => {
  const bars = app.all(e => e.tag === 'g' && (e.getAttribute('class') || '').startsWith('op'));
  if (i === 0 && bars.length < part.ops.length) fail('fewer bars than operations');
});
const explanation = app.all(e => e.getAttribute('class') === 'explain' ||
                                 e.getAttribute('class') === 'explain unknown')[0];
if (!explanation || !explanation.textContent.includes('partial linearization found places')) {
  fail('no explanation');
}
const firstPart = parsed.partitions[0];
if (firstPart.blocking !== null && !explanation.textContent.includes('#' + firstPart.blocking)) {
  fail('the explanation does not name the blocking operation');
}
const inPrefix = () => app.all(e => (e.getAttribute('class') || '').startsWith('op in-prefix')).length;
const longestSize = firstPart.prefixes[firstPart.longest].length;
if (inPrefix() < longestSize) fail('the longest prefix is not drawn');
const firstBar = app.all(e => e.tag === 'g' && (e.getAttribute('class') || '').startsWith('op'))[0];
firstBar.click();
if (!app.all(e => (e.getAttribute('class') || '').includes('selected')).length) {
  fail('clicking an operation does not select it');
}
const rows = app.all(e => e.tag === 'tr');
if (rows.length < 2) fail('no steps table');
console.log('page ok: ' + parsed.partitions.length + ' partition(s), ' + firstPart.ops.length +
            ' operations, longest prefix ' + longestSize);
