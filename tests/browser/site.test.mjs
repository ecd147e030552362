// site.test.mjs SITE - drive a built archive in headless Chromium.
//
// Prints one line "PASS name" or "FAIL name" per test, the reasons of a
// failure indented below it, and exits 1 when anything failed. Pages are
// opened from disk (file://), as a reader of site/index.html would, and
// once more from a local HTTP server under /archive/ to prove that every
// link is relative. A page the site does not have yet fails its tests
// with "no such page"; it never stops the suite.

import AxeBuilder from '@axe-core/playwright';
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
	launch, pageTypes, PAGE_TYPE_PATHS, PHONE, serve, SAMPLE_ID,
} from './browser.mjs';

const TEST_TIMEOUT_MS = 90000;	// a hang, not a slow machine
// Tests that have not started when the suite has run this long fail as
// "not run". On an idle machine the suite takes well under a minute; the
// budget only bounds a machine that is busy with other work.
const BUDGET_MS = 1000 * Number(process.env.BROWSER_BUDGET_S || 240);
const SETTLE_MS = 3000;		// how long a filter or search may take to apply
// Tests are independent (each opens its own browser contexts), so a few
// run at once; axe alone takes seconds a page.
const CONCURRENCY = Math.max(2, Math.min(4, os.availableParallelism()));

const site = path.resolve(process.argv[2] || 'build/browser-site');
const fileBase = pathToFileURL(site + '/').href;
const pages = pageTypes(site);
let browser;
// The browser contexts of the running test, closed when it times out.
const currentTest = new AsyncLocalStorage();

class Fail extends Error {}

/* Throw a failure with MESSAGE unless COND holds. */
function check(cond, message) {
	if (!cond)
		throw new Fail(message);
}

/* Run FN as the test NAME; resolve to its report, first line "PASS name"
 * or "FAIL name", the reasons indented below. Never rejects. */
async function runTest(name, fn) {
	const contexts = new Set();
	let timer;
	const timeout = new Promise((_, reject) => {
		timer = setTimeout(() => {
			reject(new Fail(`timed out after ${TEST_TIMEOUT_MS / 1000} s`));
			for (const ctx of contexts)	// stop the abandoned test
				ctx.close().catch(() => {});
		}, TEST_TIMEOUT_MS);
	});
	const started = Date.now();
	const lines = [];
	try {
		await Promise.race([currentTest.run(contexts, fn), timeout]);
		lines.push(`PASS ${name}`);
	} catch (e) {
		lines.push(`FAIL ${name}`);
		// Playwright appends Chromium's whole log to its errors: keep the gist
		const text = e instanceof Fail ? e.message
			: String((e && e.stack) || e).split('\n')
				.filter((l) => !/^\s*\[pid=|Browser logs:|<launch/.test(l)).slice(0, 8).join('\n');
		for (const line of text.split('\n').slice(0, 40))
			lines.push(`    ${line}`);
	} finally {
		clearTimeout(timer);
	}
	if (process.env.BROWSER_TEST_TIMES)
		lines.push(`    (${Date.now() - started} ms)`);
	return lines;
}

/* Run TESTS ([name, fn] pairs) CONCURRENCY at a time, printing each
 * report in the order of TESTS as soon as it and those before it are
 * done. Resolve to the number of failures. */
async function runAll(tests) {
	const reports = new Array(tests.length);
	let next = 0;
	let printed = 0;
	let failures = 0;
	const flush = () => {
		while (printed < tests.length && reports[printed]) {
			const lines = reports[printed++];
			if (lines[0].startsWith('FAIL '))
				failures++;
			console.log(lines.join('\n'));
		}
	};
	const deadline = Date.now() + BUDGET_MS;
	const worker = async () => {
		while (next < tests.length) {
			const i = next++;
			reports[i] = Date.now() < deadline ? await runTest(...tests[i])
				: [`FAIL ${tests[i][0]}`, `    not run: the suite's ${BUDGET_MS / 1000} s are spent (is the machine busy?)`];
			flush();
		}
	};
	await Promise.all(Array.from({ length: CONCURRENCY }, worker));
	return failures;
}

/* The path of page type TYPE, or a failure saying the site lacks it. */
function need(type) {
	check(pages[type], `no such page: ${PAGE_TYPE_PATHS[type]} in ${site}`);
	return pages[type];
}

/* A fresh context (its own storage, so tests cannot leak state into each
 * other) with page problems recorded: console errors, uncaught
 * exceptions, failed requests. Close it with ctx.close(). */
async function newContext(options = {}) {
	const ctx = await browser.newContext(options);
	const contexts = currentTest.getStore();
	contexts?.add(ctx);
	ctx.on('close', () => contexts?.delete(ctx));
	ctx.setDefaultTimeout(5000);
	ctx.setDefaultNavigationTimeout(10000);
	ctx.problems = [];
	ctx.on('page', (page) => watch(page, ctx.problems));
	return ctx;
}

function watch(page, problems) {
	page.on('console', (msg) => {
		if (msg.type() !== 'error')
			return;
		const loc = msg.location();
		// Chromium asks every http server for /favicon.ico by itself
		if (loc && /^http:.*\/favicon\.ico$/.test(loc.url))
			return;
		const where = loc && loc.url ? ` (${loc.url.replace(fileBase, '')}:${loc.lineNumber})` : '';
		problems.push(`console error: ${msg.text()}${where}`);
	});
	page.on('pageerror', (err) => problems.push(`uncaught exception: ${err.message}`));
	page.on('requestfailed', (req) =>
		problems.push(`request failed: ${req.url().replace(fileBase, '')}: ${req.failure()?.errorText}`));
}

/* Open REL (relative to BASE, the site on disk by default) in a new page
 * of CTX and wait for it to load. */
async function open(ctx, rel, base = fileBase) {
	const page = await ctx.newPage();
	await page.goto(new URL(rel, base).href, { waitUntil: 'load' });
	return page;
}

function checkNoProblems(ctx) {
	check(ctx.problems.length === 0, ctx.problems.join('\n'));
}

/* --- the index: rows, filters, search -------------------------------- */

/* Every incident row of the index in DOM order, with its data-* values,
 * whether it has the hidden attribute and whether it is displayed. */
function rows(page) {
	return page.$$eval('tr[data-id]', (trs) => trs.map((tr) => ({
		id: tr.dataset.id,
		hidden: tr.hasAttribute('hidden'),
		shown: tr.getClientRects().length > 0,
		severity: tr.dataset.severity,
		status: tr.dataset.status,
		type: tr.dataset.type,
		services: (tr.dataset.services || '').split(/\s+/).filter(Boolean),
		year: tr.dataset.year,
	})));
}

const FILTERS = [
	{ name: 'severity', sel: '#filter-severity', has: (r, v) => r.severity === v },
	{ name: 'status', sel: '#filter-status', has: (r, v) => r.status === v },
	{ name: 'type', sel: '#filter-type', has: (r, v) => r.type === v },
	{ name: 'service', sel: '#filter-service', has: (r, v) => r.services.includes(v) },
	{ name: 'year', sel: '#filter-year', has: (r, v) => r.year === v },
];
const filterByName = Object.fromEntries(FILTERS.map((f) => [f.name, f]));

const ids = (list) => list.map((r) => r.id).join(' ') || '(none)';

/* Rows whose hidden attribute and display disagree. */
function inconsistent(all) {
	return all.filter((r) => r.hidden === r.shown)
		.map((r) => `${r.id}: ${r.hidden ? 'has hidden but is displayed' : 'displayed state without hidden attribute is none'}`);
}

/* Wait until the shown rows are exactly the ids in WANT (a Set), in any
 * order; fail with the difference when they never are. */
async function expectShown(page, want, what) {
	let all;
	const end = Date.now() + SETTLE_MS;
	for (;;) {
		all = await rows(page);
		const shown = all.filter((r) => r.shown);
		if (shown.length === want.size && shown.every((r) => want.has(r.id)))
			break;
		if (Date.now() > end) {
			const extra = shown.filter((r) => !want.has(r.id));
			const missing = [...want].filter((id) => !shown.some((r) => r.id === id));
			throw new Fail(`${what}: shown rows differ from the expected ones\n` +
				`  shown but should be hidden: ${ids(extra)}\n` +
				`  hidden but should be shown: ${missing.join(' ') || '(none)'}`);
		}
		await page.waitForTimeout(50);
	}
	const bad = inconsistent(all);
	check(bad.length === 0, `${what}: the hidden attribute does not hide rows:\n  ${bad.join('\n  ')}`);
	const count = (await page.textContent('#result-count')) || '';
	const n = want.size;
	check(new RegExp(`(^|\\D)${n}(\\D|$)`).test(count) || (n === 0 && /\bno\b/i.test(count)),
		`${what}: #result-count says "${count.trim()}" but ${n} rows are shown`);
	return all;
}

/* Type TERM into the search box the way a reader does. */
async function search(page, term) {
	check(await page.$('#q'), `no search box <input id="q"> on ${page.url().replace(fileBase, '')}`);
	const q = page.locator('#q');
	await q.fill('');
	if (term)
		await q.pressSequentially(term);
	else
		await q.dispatchEvent('input');
}

/* Wait until the first shown row is ID; return the shown rows. */
async function expectFirst(page, id, what) {
	let shown;
	const end = Date.now() + SETTLE_MS;
	for (;;) {
		shown = (await rows(page)).filter((r) => r.shown);
		if (shown.length && shown[0].id === id)
			return shown;
		if (Date.now() > end)
			throw new Fail(`${what}: first shown row is ${shown[0]?.id || '(none)'}, want ${id}\n` +
				`  shown, in order: ${ids(shown)}\n` +
				`  #result-count: "${((await page.textContent('#result-count').catch(() => '')) || '').trim()}"`);
		await page.waitForTimeout(50);
	}
}

/* Wait until the shown rows stop changing and include ID (the search
 * may take a moment); return them. */
async function expectIncluded(page, id, what) {
	let shown;
	let before = '';
	const end = Date.now() + SETTLE_MS;
	for (;;) {
		shown = (await rows(page)).filter((r) => r.shown);
		if (shown.some((r) => r.id === id) && ids(shown) === before)
			return shown;
		if (Date.now() > end)
			throw new Fail(`${what}: ${id} is not among the shown rows: ${ids(shown)}`);
		before = ids(shown);
		await page.waitForTimeout(100);
	}
}

/* The value of the option of SEL whose value or label matches RE. */
async function optionValue(page, sel, re) {
	const opts = await page.$$eval(`${sel} option`, (os) => os.map((o) => ({ value: o.value, label: o.textContent.trim() })));
	const o = opts.find((x) => re.test(x.value) || re.test(x.label));
	check(o, `${sel} has no option matching ${re}; options: ${opts.map((x) => JSON.stringify(x.value)).join(', ')}`);
	return o.value;
}

async function withIndex(fn, options) {
	const ctx = await newContext(options);
	try {
		const page = await open(ctx, need('index'));
		await fn(page, ctx);
	} finally {
		await ctx.close();
	}
}

async function testIndexControls() {
	await withIndex(async (page) => {
		const problems = [];
		const q = await page.$('#q');
		if (!q)
			problems.push('no <input id="q">');
		else if (await q.getAttribute('type') !== 'search')
			problems.push(`#q has type="${await q.getAttribute('type')}", want "search"`);
		else if (!await page.evaluate(() => {
			const el = document.getElementById('q');
			return !!(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby'));
		}))
			problems.push('#q has no label');
		for (const f of FILTERS) {
			const first = await page.$eval(`${f.sel} option`, (o) => o.value).catch(() => null);
			if (first === null)
				problems.push(`no <select id="${f.sel.slice(1)}"> with options`);
			else if (first !== '')
				problems.push(`${f.sel}: first option has value "${first}", want "" (all)`);
		}
		const live = await page.$eval('#result-count', (p) => `${p.tagName} ${p.getAttribute('aria-live')}`).catch(() => null);
		if (live === null)
			problems.push('no <p id="result-count">');
		else if (live !== 'P polite')
			problems.push(`#result-count is "${live}", want a <p aria-live="polite">`);
		const all = await rows(page);
		if (all.length === 0)
			problems.push('no <tr data-id> rows');
		for (const r of all)
			for (const k of ['severity', 'status', 'type', 'year'])
				if (!r[k])
					problems.push(`row ${r.id} has no data-${k}`);
		if (all.length && !all.some((r) => r.services.length))
			problems.push('no row has data-services');
		check(problems.length === 0, problems.join('\n'));
	});
}

async function testFilter(f) {
	await withIndex(async (page, ctx) => {
		await page.waitForSelector(f.sel, { timeout: 2000 }).catch(() => {
			throw new Fail(`no ${f.sel} on index.html`);
		});
		const options = await page.$$eval(`${f.sel} option`, (os) => os.map((o) => o.value));
		const all = await rows(page);
		check(all.length > 0, 'no <tr data-id> rows on index.html');
		const values = new Set(f.name === 'service' ? all.flatMap((r) => r.services)
			: all.map((r) => r[f.name]));
		const lacking = [...values].filter((v) => v && !options.includes(v));
		check(lacking.length === 0,
			`${f.sel} has no option for ${lacking.map((v) => JSON.stringify(v)).join(', ')} ` +
			`(options: ${options.map((v) => JSON.stringify(v)).join(', ')})`);
		for (const v of options.filter((x) => x !== '')) {
			await page.selectOption(f.sel, v);
			await expectShown(page, new Set(all.filter((r) => f.has(r, v)).map((r) => r.id)),
				`${f.name} = "${v}"`);
		}
		await page.selectOption(f.sel, '');
		await expectShown(page, new Set(all.map((r) => r.id)), `${f.name} back to all`);
		checkNoProblems(ctx);
	});
}

async function testSearchFirst(term) {
	await withIndex(async (page, ctx) => {
		const total = (await rows(page)).length;
		await search(page, term);
		const shown = await expectFirst(page, SAMPLE_ID, `search "${term}"`);
		check(shown.length < total, `search "${term}" hides nothing: all ${total} rows are shown`);
		checkNoProblems(ctx);
	});
}

async function testSearchWithFilters() {
	await withIndex(async (page, ctx) => {
		const all = await rows(page);
		const term = 'orders-db';
		await search(page, term);
		const matched = await expectIncluded(page, SAMPLE_ID, `search "${term}"`);
		const sev = filterByName.severity;
		const yr = filterByName.year;
		const sev1 = await optionValue(page, sev.sel, /^sev\s*1\b/i);
		await page.selectOption(sev.sel, sev1);
		await expectShown(page, new Set(matched.filter((r) => sev.has(r, sev1)).map((r) => r.id)),
			`search "${term}" + severity ${sev1}`);
		await page.selectOption(yr.sel, '2026');
		const both = (r) => sev.has(r, sev1) && yr.has(r, '2026');
		await expectShown(page, new Set(matched.filter(both).map((r) => r.id)),
			`search "${term}" + severity ${sev1} + year 2026`);
		await expectFirst(page, SAMPLE_ID, `search "${term}" + severity ${sev1} + year 2026`);
		await search(page, '');
		await expectShown(page, new Set(all.filter(both).map((r) => r.id)),
			`search cleared, severity ${sev1} + year 2026 kept`);
		await page.selectOption(sev.sel, '');
		await page.selectOption(yr.sel, '');
		await expectShown(page, new Set(all.map((r) => r.id)), 'search and filters cleared');
		checkNoProblems(ctx);
	});
}

async function testSearchNoMatch() {
	await withIndex(async (page, ctx) => {
		await search(page, 'zzqxv');
		await expectShown(page, new Set(), 'search "zzqxv"');
		checkNoProblems(ctx);
	});
}

async function testNoScript() {
	await withIndex(async (page) => {
		const all = await rows(page);
		check(all.length > 0, 'no <tr data-id> rows on index.html');
		const hidden = all.filter((r) => !r.shown || r.hidden);
		check(hidden.length === 0, `rows hidden without JavaScript: ${ids(hidden)}`);
	}, { javaScriptEnabled: false });
}

/* --- pages ----------------------------------------------------------- */

async function testLoads(type) {
	const ctx = await newContext();
	try {
		await open(ctx, need(type));
		await ctx.pages()[0].waitForTimeout(100);	// let deferred scripts run
		checkNoProblems(ctx);
	} finally {
		await ctx.close();
	}
}

/* The merged timeline of an incident page: its entries' times in order. */
async function timelineOf(page) {
	const t = await page.evaluate(() => {
		const h = [...document.querySelectorAll('h2')]
			.find((e) => /timeline from the record and its history/i.test(e.textContent));
		if (!h)
			return null;
		const sec = h.closest('section') || h.parentElement;
		return {
			visible: h.getClientRects().length > 0,
			times: [...sec.querySelectorAll('li time[datetime]')].map((x) => x.getAttribute('datetime')),
			entries: sec.querySelectorAll('li').length,
		};
	});
	check(t, 'no section headed "Timeline from the record and its history"');
	check(t.visible, 'the timeline section is not displayed');
	check(t.entries > 0, 'the timeline section has no entries');
	const order = t.times.map((x) => Date.parse(x));
	const back = order.findIndex((x, i) => i > 0 && x < order[i - 1]);
	check(back < 0, `timeline entries out of order: ${t.times[back - 1]} before ${t.times[back]}`);
	return t;
}

/* The follow-ups table of an incident page: each row's text and whether
 * it is tr.done. */
async function followupsOf(page) {
	const f = await page.evaluate(() => {
		const h = [...document.querySelectorAll('h2')]
			.find((e) => /^\s*follow[- ]?ups\b/i.test(e.textContent));
		if (!h)
			return null;
		const sec = h.closest('section') || h.parentElement;
		const table = sec.querySelector('table');
		return table && [...table.querySelectorAll('tbody tr')].map((tr) => ({
			text: tr.textContent.replace(/\s+/g, ' ').trim(),
			done: tr.classList.contains('done'),
		}));
	});
	check(f, 'no section headed "Follow-ups" with a table (the "Action items" table of the record body is not it)');
	check(f.length > 0, 'the Follow-ups table has no rows');
	return f;
}

async function testIncidentTimeline() {
	const ctx = await newContext();
	try {
		const page = await open(ctx, need('incident'));
		await timelineOf(page);
	} finally {
		await ctx.close();
	}
}

async function testIncidentFollowups() {
	const ctx = await newContext();
	try {
		const page = await open(ctx, need('incident'));
		const f = await followupsOf(page);
		const open_ = f.filter((r) => !r.done);
		check(open_.length > 0, 'no open follow-up (every row is tr.done), but OPS-3128 is open');
		check(f.some((r) => r.done), 'no row is tr.done, but OPS-3120 is done');
		const row = (t) => f.find((r) => r.text.includes(t));
		check(row('OPS-3128') && !row('OPS-3128').done, 'OPS-3128 (open) is missing or marked done');
		check(row('OPS-3120') && row('OPS-3120').done, 'OPS-3120 (done) is missing or not tr.done');
	} finally {
		await ctx.close();
	}
}

/* On a phone, page type TYPE must not scroll sideways: wide tables and
 * code scroll inside their own box. */
async function testPhoneWidth(type) {
	const ctx = await newContext(PHONE);
	try {
		const page = await open(ctx, need(type));
		const wide = await page.evaluate(() => {
			const w = document.documentElement.clientWidth;
			if (document.documentElement.scrollWidth <= w)
				return null;
			const scrolls = (el) => {
				for (let p = el.parentElement; p; p = p.parentElement)
					if (/auto|scroll|hidden/.test(getComputedStyle(p).overflowX))
						return true;
				return false;
			};
			const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') +
				(el.classList.length ? `.${[...el.classList].join('.')}` : '');
			const out = [...document.body.querySelectorAll('*')]
				.filter((el) => el.getBoundingClientRect().right > w + 1 && !scrolls(el))
				.filter((el, _, all) => !all.includes(el.parentElement))
				.map((el) => `${el.parentElement ? `${name(el.parentElement)} > ` : ''}${name(el)}` +
					` reaches ${Math.round(el.getBoundingClientRect().right)} px`);
			// one line per kind of element
			const counts = new Map();
			for (const o of out.map((x) => x.replace(/ reaches .*/, '')))
				counts.set(o, (counts.get(o) || 0) + 1);
			return { width: document.documentElement.scrollWidth, viewport: w,
				out: [...counts].map(([k, n]) => `${k}${n > 1 ? ` (${n} of them)` : ''}`) };
		});
		check(!wide, wide && `the page is ${wide.width} px wide on a ${wide.viewport} px screen; too wide, outside a scrolling box:\n` +
			wide.out.slice(0, 8).join('\n'));
	} finally {
		await ctx.close();
	}
}

/* --- links ----------------------------------------------------------- */

function decodeEntities(s) {
	return s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (m, e) =>
		({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" })[e]);
}

function walk(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
		d.isDirectory() ? walk(path.join(dir, d.name)) : [path.join(dir, d.name)]);
}

/* Every relative href and src of every page must name a file of the site,
 * and a #fragment an id on the page it points to. */
async function testLinks() {
	const htmlFiles = walk(site).filter((f) => f.endsWith('.html'));
	check(htmlFiles.length > 0, `no .html files in ${site}`);
	const idCache = new Map();
	const idsOf = (file) => {
		if (!idCache.has(file)) {
			const html = fs.readFileSync(file, 'utf8');
			idCache.set(file, new Set([...html.matchAll(/\s(?:id|name)="([^"]*)"/g)].map((m) => decodeEntities(m[1]))));
		}
		return idCache.get(file);
	};
	const broken = [];
	for (const file of htmlFiles) {
		const html = fs.readFileSync(file, 'utf8');
		const rel = path.relative(site, file);
		for (const m of html.matchAll(/\s(?:href|src)="([^"]*)"/g)) {
			const ref = decodeEntities(m[1]);
			if (/^[a-z][a-z0-9+.-]*:/i.test(ref))
				continue;	// absolute URL: mailto:, https:, ...
			if (ref.startsWith('/')) {
				broken.push(`${rel}: "${ref}" is root-relative; it breaks from disk and under a sub-path`);
				continue;
			}
			const [pathPart, frag] = ref.split('#');
			const target = pathPart ? path.resolve(path.dirname(file), decodeURIComponent(pathPart.split('?')[0])) : file;
			if (!fs.existsSync(target) || fs.statSync(target).isDirectory()) {
				broken.push(`${rel}: "${ref}" names no file`);
				continue;
			}
			if (frag && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(frag)))
				broken.push(`${rel}: "${ref}": no id="${frag}" on ${path.relative(site, target)}`);
		}
	}
	check(broken.length === 0, `${broken.length} broken links:\n${broken.slice(0, 30).join('\n')}` +
		(broken.length > 30 ? `\n... and ${broken.length - 30} more` : ''));
}

/* The site under http://127.0.0.1:PORT/archive/: each page type and its
 * links answer 200 and stay under /archive/, and search works. */
async function testHttpSubpath() {
	const server = await serve(site, '/archive/');
	const ctx = await newContext();
	try {
		const problems = [];
		const links = new Set();
		for (const type of ['index', 'incident', 'service', 'tag', 'followups', 'handbook', 'metrics']) {
			if (!pages[type])
				continue;	// reported by its own tests
			const page = await open(ctx, pages[type], server.base);
			for (const href of await page.$$eval('a[href], link[href]', (as) => as.map((a) => a.href)))
				if (href.startsWith(server.base.replace(/archive\/$/, '')))
					links.add(href.split('#')[0]);
			await page.close();
		}
		for (const href of links) {
			const res = await fetch(href);
			if (res.status !== 200 || !new URL(href).pathname.startsWith('/archive/'))
				problems.push(`link ${new URL(href).pathname}: HTTP ${res.status}`);
		}
		const page = await open(ctx, need('index'), server.base);
		await search(page, 'failover');
		await expectIncluded(page, SAMPLE_ID, 'over http: search "failover"');
		await Promise.all([page.waitForURL(`**/incidents/${SAMPLE_ID}.html`),
			page.click(`tr[data-id="${SAMPLE_ID}"] a[href]`)]);
		for (const r of server.log)
			if (r.path !== '/favicon.ico' && (r.status !== 200 || !r.path.startsWith('/archive/')))
				problems.push(`request ${r.path}: HTTP ${r.status}`);
		problems.push(...ctx.problems);
		check(problems.length === 0, [...new Set(problems)].join('\n'));
	} finally {
		await ctx.close();
		await server.close();
	}
}

/* --- data files ------------------------------------------------------- */

async function testDataFiles() {
	const problems = [];
	const read = (rel) => {
		try {
			return fs.readFileSync(path.join(site, rel), 'utf8');
		} catch {
			problems.push(`no such file: ${rel}`);
			return null;
		}
	};
	for (const rel of ['incidents.json', 'metrics.json']) {
		const text = read(rel);
		if (text !== null)
			try { JSON.parse(text); } catch (e) { problems.push(`${rel}: ${e.message}`); }
	}
	const csv = read('followups.csv');
	if (csv !== null && !/^[^\n]*,[^\n]*\r?\n/.test(csv))
		problems.push('followups.csv: no header line');
	for (const rel of ['search.js', 'site.js', 'style.css'])
		read(rel);
	const atom = read('feed.atom');
	if (atom !== null) {
		const ctx = await newContext();
		try {
			const page = await ctx.newPage();
			const err = await page.evaluate((text) => {
				const doc = new DOMParser().parseFromString(text, 'application/xml');
				const pe = doc.querySelector('parsererror');
				if (pe)
					return pe.textContent;
				return doc.documentElement.localName === 'feed' &&
					doc.documentElement.namespaceURI === 'http://www.w3.org/2005/Atom'
					? null : `root element is ${doc.documentElement.tagName}, want Atom <feed>`;
			}, atom);
			if (err)
				problems.push(`feed.atom: ${err}`);
		} finally {
			await ctx.close();
		}
	}
	check(problems.length === 0, problems.join('\n'));
}

/* --- accessibility --------------------------------------------------- */

/* Run axe-core on page type TYPE in a context with OPTIONS, every rule
 * or only RULES. */
async function testAxe(type, options = {}, rules = null) {
	const ctx = await newContext(options);
	try {
		const page = await open(ctx, need(type));
		const axe = new AxeBuilder({ page });
		if (rules)
			axe.withRules(rules);
		const res = await axe.analyze();
		const v = res.violations;
		check(v.length === 0, v.map((x) => {
			const targets = x.nodes.map((n) => n.target.join(' ')).slice(0, 5);
			const more = x.nodes.length > 5 ? ` (+${x.nodes.length - 5} more)` : '';
			return `${x.id} [${x.impact}] ${x.help}: ${targets.join(', ')}${more}`;
		}).join('\n'));
	} finally {
		await ctx.close();
	}
}

/* --- the new hire ------------------------------------------------------ */

/* From index.html on disk to the database incident of last spring, its
 * timeline and its open follow-ups. FIND narrows the index to it. */
async function journey(find) {
	const ctx = await newContext();
	try {
		const page = await open(ctx, need('index'));
		await find(page);
		await Promise.all([page.waitForURL(`**/incidents/${SAMPLE_ID}.html`),
			page.click(`tr[data-id="${SAMPLE_ID}"] a[href]`)]);
		const h1 = (await page.textContent('h1').catch(() => '')) || '';
		check(/orders-db/i.test(h1), `incident page heading "${h1.trim()}" does not name orders-db`);
		await timelineOf(page);
		const f = await followupsOf(page);
		check(f.some((r) => !r.done), 'the incident page shows no open follow-up');
		const nav = await page.$('a[href$="followups.html"]');
		check(nav, 'the incident page has no link to followups.html');
		await Promise.all([page.waitForURL('**/followups.html'), nav.click()]);
		const back = await page.$(`a[href$="incidents/${SAMPLE_ID}.html"]`);
		check(back, `followups.html does not link to ${SAMPLE_ID} (it has open follow-ups)`);
		checkNoProblems(ctx);
	} finally {
		await ctx.close();
	}
}

/* --- main ------------------------------------------------------------- */

async function main() {
	const started = Date.now();
	if (!fs.existsSync(site)) {
		console.log('FAIL site');
		console.log(`    no site at ${site}`);
		process.exit(1);
	}
	try {
		browser = await launch();
	} catch (e) {
		console.log('FAIL chromium starts');
		console.log(`    ${String(e.message).split('\n').join('\n    ')}`);
		process.exit(1);
	}
	const sev1Journey = async (page) => {
		const sev = filterByName.severity;
		const yr = filterByName.year;
		const sev1 = await optionValue(page, sev.sel, /^sev\s*1\b/i);
		const want = (await rows(page)).filter((r) => sev.has(r, sev1) && yr.has(r, '2026'));
		check(want.some((r) => r.id === SAMPLE_ID), `${SAMPLE_ID} is not a ${sev1} row of 2026 on the index`);
		await page.selectOption(sev.sel, sev1);
		await page.selectOption(yr.sel, '2026');
		await expectShown(page, new Set(want.map((r) => r.id)), `severity ${sev1} + year 2026`);
	};
	// The slow ones (axe) first, so that they start early.
	const tests = [
		...['metrics', 'incident', 'index', 'followups', 'handbook', 'service', 'tag', 'notfound']
			.map((type) => [`axe ${type} page`, () => testAxe(type)]),
		// Dark mode changes colours only: check contrast there.
		['axe index page in dark mode (contrast)',
			() => testAxe('index', { colorScheme: 'dark' }, ['color-contrast'])],
		// A phone changes the layout too: scrolling boxes, target sizes.
		['axe incident page on a phone in dark mode', () => testAxe('incident',
			{ ...PHONE, colorScheme: 'dark' },
			['color-contrast', 'scrollable-region-focusable', 'target-size', 'meta-viewport'])],
		['links resolve on every page', testLinks],
		['data files present and well-formed', testDataFiles],
		...Object.keys(PAGE_TYPE_PATHS)
			.map((type) => [`${type} page loads without console errors`, () => testLoads(type)]),
		...Object.keys(PAGE_TYPE_PATHS)
			.map((type) => [`${type} page fits a phone screen`, () => testPhoneWidth(type)]),
		['index has the search and filter controls', testIndexControls],
		...FILTERS.map((f) => [`filter ${f.name} shows exactly the matching rows`, () => testFilter(f)]),
		['search "orders-db" ranks 2026-009 first', () => testSearchFirst('orders-db')],
		['search "database failover" ranks 2026-009 first', () => testSearchFirst('database failover')],
		['search prefix "failov" ranks 2026-009 first', () => testSearchFirst('failov')],
		['search combines with the filters', testSearchWithFilters],
		['search with no match shows no rows', testSearchNoMatch],
		['index without JavaScript shows every row', testNoScript],
		[`incident ${SAMPLE_ID} has its merged timeline`, testIncidentTimeline],
		[`incident ${SAMPLE_ID} shows its open follow-ups`, testIncidentFollowups],
		['site works over http under /archive/', testHttpSubpath],
		['new hire finds the database incident by search', () => journey(async (page) => {
			await search(page, 'database failover');
			await expectFirst(page, SAMPLE_ID, 'search "database failover"');
		})],
		['new hire finds the database incident by filter', () => journey(sev1Journey)],
	];
	// BROWSER_TESTS=REGEX runs only the tests whose name matches
	const only = process.env.BROWSER_TESTS ? new RegExp(process.env.BROWSER_TESTS, 'i') : null;
	const failed = await runAll(only ? tests.filter(([name]) => only.test(name)) : tests);
	await browser.close();
	console.log(`    browser tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
	process.exit(failed ? 1 : 0);
}

main().catch((e) => {
	console.log('FAIL browser suite');
	console.log(`    ${String(e.stack || e).split('\n').join('\n    ')}`);
	process.exit(1);
});
