// browser.mjs - what site.test.mjs and screenshots.mjs share: how to start
// Debian's Chromium, which page stands for each page type, and a small
// static server that puts a site under a sub-path.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

// Debian's Chromium, never a browser download (the machine cannot fetch
// one). Without the background-networking flags Chromium keeps trying to
// reach Google's hosts, which this machine's closed network refuses.
// Playwright gives every launch a fresh, empty profile of its own; it
// rejects --user-data-dir among the args.
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
	'--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking',
	'--disable-component-update', '--disable-sync',
];

/* Start Chromium; the caller closes it. */
export function launch() {
	return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export const DESKTOP = { viewport: { width: 1280, height: 800 } };
export const PHONE = {
	viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true,
	deviceScaleFactor: 1,
};

// "The database incident from last spring" of the sample archive.
export const SAMPLE_ID = '2026-009';
export const SAMPLE_SERVICE = 'orders-db';

/* The page that stands for each page type of SITE, as a path relative to
 * the site root, or null when the site has no page of that type. */
export function pageTypes(site) {
	const first = (dir) => {
		let names = [];
		try {
			names = fs.readdirSync(path.join(site, dir))
				.filter((n) => n.endsWith('.html')).sort();
		} catch { /* no such directory: no such page */ }
		return names.length ? `${dir}/${names[0]}` : null;
	};
	const one = (rel) => (fs.existsSync(path.join(site, rel)) ? rel : null);
	return {
		index: one('index.html'),
		incident: one(`incidents/${SAMPLE_ID}.html`) || first('incidents'),
		service: one(`services/${SAMPLE_SERVICE}.html`) || first('services'),
		tag: first('tags'),
		followups: one('followups.html'),
		handbook: one('handbook.html'),
		metrics: one('metrics.html'),
		notfound: one('404.html'),
	};
}

// The page a type is looked for at, for "no such page" messages.
export const PAGE_TYPE_PATHS = {
	index: 'index.html',
	incident: `incidents/${SAMPLE_ID}.html`,
	service: `services/${SAMPLE_SERVICE}.html`,
	tag: 'tags/*.html',
	followups: 'followups.html',
	handbook: 'handbook.html',
	metrics: 'metrics.html',
	notfound: '404.html',
};

const TYPES = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
	'.atom': 'application/atom+xml', '.csv': 'text/csv; charset=utf-8',
	'.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain',
};

/* Serve SITE under PREFIX (e.g. "/archive/") on a free port of 127.0.0.1.
 * Resolves to { base, log, close }: base is the site's URL, log lists
 * every request as { path, status }, close() stops the server. */
export function serve(site, prefix) {
	const root = path.resolve(site);
	const log = [];
	const server = http.createServer((req, res) => {
		const url = new URL(req.url, 'http://localhost');
		let status = 404;
		let body = 'not found\n';
		let type = 'text/plain';
		if (url.pathname.startsWith(prefix)) {
			let rel = decodeURIComponent(url.pathname.slice(prefix.length));
			if (rel === '' || rel.endsWith('/'))
				rel += 'index.html';
			const file = path.resolve(root, rel);
			if (file.startsWith(root + path.sep) && fs.existsSync(file) &&
			    fs.statSync(file).isFile()) {
				status = 200;
				body = fs.readFileSync(file);
				type = TYPES[path.extname(file)] || 'application/octet-stream';
			}
		}
		log.push({ path: url.pathname, status });
		res.writeHead(status, { 'Content-Type': type });
		res.end(body);
	});
	return new Promise((resolve, reject) => {
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			resolve({
				base: `http://127.0.0.1:${port}${prefix}`,
				log,
				close: () => new Promise((r) => server.close(r)),
			});
		});
	});
}
