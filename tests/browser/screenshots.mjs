// screenshots.mjs SITE OUTDIR - a full-page PNG of each page type of SITE
// at desktop and phone width, OUTDIR/TYPE-desktop.png and
// OUTDIR/TYPE-phone.png, and the index and an incident in dark mode
// (TYPE-dark-desktop.png, TYPE-dark-phone.png). Page types the site does
// not have are listed on stderr and make the exit status 1.

import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DESKTOP, launch, pageTypes, PAGE_TYPE_PATHS, PHONE } from './browser.mjs';

const site = path.resolve(process.argv[2] || 'build/browser-site');
const out = path.resolve(process.argv[3] || 'build/screenshots');
const pages = pageTypes(site);
const shots = [];
for (const type of Object.keys(PAGE_TYPE_PATHS)) {
	shots.push({ type, name: `${type}-desktop`, options: DESKTOP });
	shots.push({ type, name: `${type}-phone`, options: PHONE });
}
for (const type of ['index', 'incident']) {
	shots.push({ type, name: `${type}-dark-desktop`, options: { ...DESKTOP, colorScheme: 'dark' } });
	shots.push({ type, name: `${type}-dark-phone`, options: { ...PHONE, colorScheme: 'dark' } });
}

fs.mkdirSync(out, { recursive: true });
const browser = await launch();
let missing = 0;
try {
	for (const shot of shots) {
		const rel = pages[shot.type];
		if (!rel) {
			if (shot.name === `${shot.type}-desktop`) {
				console.error(`screenshots: no ${shot.type} page (${PAGE_TYPE_PATHS[shot.type]})`);
				missing++;
			}
			continue;
		}
		const ctx = await browser.newContext(shot.options);
		const page = await ctx.newPage();
		await page.goto(pathToFileURL(path.join(site, rel)).href, { waitUntil: 'load' });
		const file = path.join(out, `${shot.name}.png`);
		await page.screenshot({ path: file, fullPage: true });
		console.log(`  PNG     ${path.relative(process.cwd(), file)}`);
		await ctx.close();
	}
} finally {
	await browser.close();
}
process.exit(missing ? 1 : 0);
