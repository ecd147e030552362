/* Aftermath site script: search and filters on the incident list.
 *
 * Without it the list is complete and readable; this file only shows the
 * controls (hidden in the HTML) and hides the rows that do not match.
 * The index comes from search.js (window.AFTERMATH_SEARCH), a script
 * rather than JSON fetched at run time, so that search also works when
 * the site is opened from disk. Keep the tokens in step with
 * search_tokens() in src/render/search.c. */
(function () {
	'use strict';

	var form = document.getElementById('finder');
	var body = document.getElementById('incident-rows');
	var count = document.getElementById('result-count');
	var q = document.getElementById('q');
	if (!form || !body || !count || !q)
		return;

	var index = window.AFTERMATH_SEARCH || null;
	var tokens = index ? Object.keys(index.tokens) : [];
	/* maps without a prototype: an id may be any word */
	var stop = Object.create(null);
	if (index)
		index.stop.forEach(function (w) { stop[w] = true; });
	var rows = Array.prototype.slice.call(body.querySelectorAll('tr[data-id]'));
	var order = Object.create(null);
	rows.forEach(function (tr, i) { order[tr.getAttribute('data-id')] = i; });
	var filters = ['severity', 'status', 'type', 'service', 'year'].map(function (name) {
		return { name: name, el: document.getElementById('filter-' + name) };
	}).filter(function (f) { return f.el; });
	var initialText = count.textContent;

	/* Lower-case ASCII only, as the index does; other characters stay. */
	function fold(s) {
		return s.replace(/[A-Z]/g, function (c) { return c.toLowerCase(); });
	}

	/* The words of a query: split where the index splits, stop words
	 * dropped (the index has none of them). */
	function terms(s) {
		return fold(s).split(/[^0-9a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u1fff\u2070-\u218f\u2200-\uffff]+/)
			.filter(function (t) { return t && !stop[t]; });
	}

	/* Scores by incident id for the words ws: each word counts the
	 * heaviest token it begins; an incident must match every word. */
	function scores(ws) {
		var total = null;
		ws.forEach(function (w) {
			var best = Object.create(null);
			tokens.forEach(function (t) {
				if (t.lastIndexOf(w, 0) !== 0)
					return;
				var p = index.tokens[t];
				for (var i = 0; i < p.length; i += 2) {
					var id = index.ids[p[i]];
					if (!(id in best) || p[i + 1] > best[id])
						best[id] = p[i + 1];
				}
			});
			var next = Object.create(null);
			Object.keys(best).forEach(function (id) {
				if (total === null || id in total)
					next[id] = (total === null ? 0 : total[id]) + best[id];
			});
			total = next;
		});
		return total || Object.create(null);
	}

	/* Without the index, a row matches when its text holds every word. */
	function textScores(ws) {
		var out = Object.create(null);
		rows.forEach(function (tr) {
			var text = fold(tr.textContent);
			if (ws.every(function (w) { return text.indexOf(w) >= 0; }))
				out[tr.getAttribute('data-id')] = 1;
		});
		return out;
	}

	function matchesFilters(tr) {
		return filters.every(function (f) {
			var v = f.el.value;
			if (!v)
				return true;
			if (f.name === 'service')
				return (tr.getAttribute('data-services') || '').split(/\s+/).indexOf(v) >= 0;
			return tr.getAttribute('data-' + f.name) === v;
		});
	}

	function update() {
		var ws = terms(q.value);
		var ranked = ws.length > 0 ? (index ? scores(ws) : textScores(ws)) : null;
		var filtered = filters.some(function (f) { return f.el.value; });
		var shown = 0;
		rows.forEach(function (tr) {
			var ok = matchesFilters(tr) && (!ranked || tr.getAttribute('data-id') in ranked);
			if (ok) {
				tr.removeAttribute('hidden');
				shown++;
			} else {
				tr.setAttribute('hidden', '');
			}
		});
		var sorted = rows.slice().sort(function (a, b) {
			var ia = a.getAttribute('data-id'), ib = b.getAttribute('data-id');
			if (ranked && (ranked[ib] || 0) !== (ranked[ia] || 0))
				return (ranked[ib] || 0) - (ranked[ia] || 0);
			return order[ia] - order[ib];
		});
		sorted.forEach(function (tr) { body.appendChild(tr); });
		if (!ranked && !filtered)
			count.textContent = initialText;
		else if (shown === 0)
			count.textContent = 'No incidents match.';
		else
			count.textContent = shown + ' of ' + rows.length + ' incidents match' +
				(ranked ? ', best match first.' : ', newest first.');
	}

	form.addEventListener('submit', function (e) { e.preventDefault(); });
	q.addEventListener('input', update);
	filters.forEach(function (f) { f.el.addEventListener('change', update); });
	form.removeAttribute('hidden');
	/* a browser may restore the controls' values on going back */
	if (q.value || filters.some(function (f) { return f.el.value; }))
		update();
}());
