// charts.test.mjs SITE - the metrics page's charts at phone width (#16
// point 3): at 390 px every chart label renders at 11 px or more, no two
// labels of a chart overlap, and the page itself does not scroll
// sideways (a chart may scroll inside its own figure). Prints "PASS name"
// or "FAIL name" with the reasons indented, exits 1 on a failure.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch, PHONE } from './browser.mjs';

const site = path.resolve(process.argv[2] || 'build/browser-site');
const url = pathToFileURL(path.join(site, 'metrics.html')).href;
const MIN_PX = 11;

const browser = await launch();
let failed = false;
function report(name, problems) {
	if (problems.length === 0) {
		console.log(`PASS ${name}`);
		return;
	}
	failed = true;
	console.log(`FAIL ${name}`);
	for (const p of problems.slice(0, 20))
		console.log(`    ${p}`);
}
try {
	const ctx = await browser.newContext(PHONE);
	const page = await ctx.newPage();
	await page.goto(url);
	const found = await page.evaluate((min) => {
		const small = [], overlap = [];
		const charts = [...document.querySelectorAll('svg.chart')];
		for (const svg of charts) {
			const boxes = [];
			for (const t of svg.querySelectorAll('text')) {
				if (!t.textContent.trim())
					continue;
				const ctm = t.getScreenCTM();
				const size = parseFloat(getComputedStyle(t).fontSize) *
				    (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
				if (size < min - 0.01)
					small.push(`${svg.id}: "${t.textContent}" at ${size.toFixed(1)} px`);
				boxes.push([t.textContent, t.getBoundingClientRect()]);
			}
			for (let i = 0; i < boxes.length; i++)
				for (let j = i + 1; j < boxes.length; j++) {
					const [sa, a] = boxes[i], [sb, b] = boxes[j];
					const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
					const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
					if (ox > 1 && oy > 1)
						overlap.push(`${svg.id}: "${sa}" and "${sb}"`);
				}
		}
		return {
			n: charts.length, small, overlap,
			width: document.documentElement.scrollWidth,
		};
	}, MIN_PX);
	report(`charts at 390 px: ${found.n} charts, labels >= ${MIN_PX} px`,
	    found.n ? found.small : ['no chart on the metrics page']);
	report('charts at 390 px: no labels overlap', found.overlap);
	report('metrics page at 390 px: no sideways scroll',
	    found.width > 390 ? [`the page is ${found.width} px wide`] : []);
	await ctx.close();
} catch (e) {
	report('charts at 390 px', [String(e)]);
} finally {
	await browser.close();
}
process.exit(failed ? 1 : 0);
