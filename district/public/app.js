// The district dashboard: a session token in sessionStorage, the hall list over socket.io,
// sorted so that what needs attention comes first. Plain script: the hub serves it as is.
(() => {
	'use strict';
	const $ = (id) => document.getElementById(id);
	const halls = new Map();
	let token = sessionStorage.getItem('district-token');

	function show(id) {
		for (const name of ['login', 'password', 'overview']) $(name).hidden = name !== id;
	}

	async function post(path, body) {
		const res = await fetch(path, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
			body: JSON.stringify(body)
		});
		const json = await res.json().catch(() => null);
		if (!res.ok) throw new Error(json?.error?.message ?? '请求失败（' + res.status + '）');
		return json;
	}

	function minutesAgo(ms) {
		if (!ms) return '从未';
		const min = Math.floor((Date.now() - ms) / 60000);
		if (min < 1) return '刚刚';
		if (min < 60) return min + ' 分钟前';
		return Math.floor(min / 60) + ' 小时前';
	}

	/** Higher needs attention sooner: offline, far behind, long waits, many waiting. */
	function attention(h) {
		return (
			(h.connected ? 0 : 1e9) +
			Math.min(h.behind, 1e6) * 100 +
			h.today.longestWaitMinutes * 1000 +
			h.overdueCases * 5000 +
			h.offlineStations * 5000 +
			h.today.waiting
		);
	}

	function cell(text, className) {
		const td = document.createElement('td');
		td.textContent = String(text);
		if (className) td.className = className;
		return td;
	}

	function render() {
		const list = [...halls.values()].sort((a, b) => attention(b) - attention(a) || a.id.localeCompare(b.id));
		const body = $('halls');
		body.replaceChildren(
			...list.map((h) => {
				const tr = document.createElement('tr');
				if (!h.connected) tr.className = 'alert';
				else if (h.behind > 0 || h.today.longestWaitMinutes >= 30 || h.overdueCases > 0 || h.offlineStations > 0) tr.className = 'warn';
				const sat = h.today.satisfaction === null ? '—' : Math.round(h.today.satisfaction * 100) + '%（' + h.today.ratings + ' 条）';
				const name = document.createElement('td');
				const open = document.createElement('button');
				open.type = 'button';
				open.className = 'link';
				open.textContent = h.name + '（' + h.id + '）';
				open.addEventListener('click', () => void showDetail(h.id));
				name.append(open);
				tr.append(
					name,
					cell(h.connected ? '在线' : '离线', h.connected ? 'on' : 'off'),
					cell(h.today.waiting),
					cell(h.today.windowsOpen),
					cell(h.today.longestWaitMinutes + ' 分钟'),
					cell(h.today.issued),
					cell(h.today.served),
					cell(sat),
					cell(h.overdueCases, h.overdueCases > 0 ? 'off' : ''),
					cell(h.offlineStations, h.offlineStations > 0 ? 'off' : ''),
					cell(h.behind),
					cell(minutesAgo(h.lastEventAt))
				);
				return tr;
			})
		);
		const offline = list.filter((h) => !h.connected).length;
		const waiting = list.reduce((n, h) => n + h.today.waiting, 0);
		$('summary').textContent = '共 ' + list.length + ' 个服务中心，离线 ' + offline + ' 个，正在等候 ' + waiting + ' 人。';
	}

	const WINDOW_STATUS = { open: '开放', paused: '暂停', closed: '关闭' };

	async function showDetail(id) {
		const res = await fetch('/api/district/halls/' + encodeURIComponent(id), { headers: { authorization: 'Bearer ' + token } });
		if (!res.ok) return;
		const d = await res.json();
		$('detail-heading').textContent = d.name + ' · ' + (d.day ?? '') + (d.connected ? '' : '（离线）');
		$('detail-services').replaceChildren(
			...d.services.map((s) => {
				const tr = document.createElement('tr');
				tr.append(cell(s.name ?? s.id), cell(s.issued), cell(s.served), cell(s.waiting), cell(s.longestWaitMinutes + ' 分钟'));
				return tr;
			})
		);
		$('detail-windows').replaceChildren(
			...d.windows.map((w) => {
				const tr = document.createElement('tr');
				tr.append(cell(w.name ?? w.id), cell(WINDOW_STATUS[w.status] ?? w.status));
				return tr;
			})
		);
		$('detail').hidden = false;
	}

	function renderHallChoices() {
		const box = $('notice-halls');
		const checked = new Set([...box.querySelectorAll('input:checked')].map((i) => i.value));
		box.replaceChildren(
			...[...halls.values()]
				.sort((a, b) => a.id.localeCompare(b.id))
				.map((h) => {
					const label = document.createElement('label');
					const input = document.createElement('input');
					input.type = 'checkbox';
					input.name = 'hallIds';
					input.value = h.id;
					input.checked = checked.has(h.id);
					label.append(input, h.name);
					return label;
				})
		);
	}

	async function loadNotices() {
		const res = await fetch('/api/district/notices', { headers: { authorization: 'Bearer ' + token } });
		if (!res.ok) return;
		const list = await res.json();
		$('notice-rows').replaceChildren(
			...list.map((n) => {
				const tr = document.createElement('tr');
				const objections = n.objections.reduce((a, o) => a + o.objections, 0);
				const unanswered = n.objections.reduce((a, o) => a + o.unanswered, 0);
				tr.append(
					cell(n.title),
					cell(n.publishFrom + ' 至 ' + n.publishTo),
					cell(n.hallIds.map((id) => halls.get(id)?.name ?? id).join('、')),
					cell(objections + '（' + unanswered + '）', unanswered > 0 ? 'off' : '')
				);
				return tr;
			})
		);
	}

	$('notice').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = new FormData(e.target);
		const error = e.target.querySelector('.error');
		error.textContent = '';
		try {
			await post('/api/district/notices', {
				title: form.get('title'),
				category: form.get('category'),
				body: form.get('body'),
				publishFrom: form.get('publishFrom'),
				publishTo: form.get('publishTo'),
				hallIds: form.getAll('hallIds')
			});
			e.target.reset();
			await loadNotices();
		} catch (err) {
			error.textContent = err.message;
		}
	});

	function connect() {
		show('overview');
		void loadNotices();
		setInterval(() => void loadNotices(), 30000);
		// eslint-disable-next-line no-undef
		const socket = io({ auth: { token }, transports: ['websocket'] });
		socket.on('halls', (list) => {
			const known = halls.size;
			for (const h of list) halls.set(h.id, h);
			render();
			if (halls.size !== known) renderHallChoices();
		});
		socket.on('connect_error', (error) => {
			if (error.message === 'unauthorized') {
				sessionStorage.removeItem('district-token');
				token = null;
				socket.close();
				show('login');
			}
		});
		// Staleness ("数据更新于") keeps moving even when no hall changes.
		setInterval(render, 30000);
	}

	$('login').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = new FormData(e.target);
		try {
			const answer = await post('/api/district/session', { username: form.get('username'), password: form.get('password') });
			token = answer.token;
			sessionStorage.setItem('district-token', token);
			if (answer.mustChangePassword) show('password');
			else connect();
		} catch (error) {
			e.target.querySelector('.error').textContent = error.message;
		}
	});

	$('password').addEventListener('submit', async (e) => {
		e.preventDefault();
		const form = new FormData(e.target);
		try {
			await post('/api/district/session/password', { currentPassword: form.get('currentPassword'), newPassword: form.get('newPassword') });
			connect();
		} catch (error) {
			e.target.querySelector('.error').textContent = error.message;
		}
	});

	function reportQuery() {
		const form = new FormData($('report'));
		return '?from=' + encodeURIComponent(form.get('from')) + '&to=' + encodeURIComponent(form.get('to'));
	}

	$('report').addEventListener('submit', async (e) => {
		e.preventDefault();
		const error = e.target.querySelector('.error');
		error.textContent = '';
		const res = await fetch('/api/district/report' + reportQuery(), { headers: { authorization: 'Bearer ' + token } });
		const json = await res.json().catch(() => null);
		if (!res.ok) {
			error.textContent = json?.error?.message ?? '查询失败';
			return;
		}
		const dash = (v) => (v === null ? '—' : v);
		$('report-rows').replaceChildren(
			...json.halls.map((h) => {
				const tr = document.createElement('tr');
				tr.append(
					cell(h.name + '（' + h.id + '）'),
					cell(h.issued),
					cell(h.served),
					cell(h.refused),
					cell(h.noShow),
					cell(h.expired),
					cell(dash(h.averageWaitMinutes)),
					cell(dash(h.averageServiceMinutes))
				);
				return tr;
			})
		);
		$('report-table').hidden = false;
		const work = (r) => [cell(r.called), cell(r.served), cell(r.refused), cell(r.noShow), cell(dash(r.averageWaitMinutes)), cell(dash(r.averageServiceMinutes))];
		$('report-windows').replaceChildren(
			...json.windows.map((w) => {
				const tr = document.createElement('tr');
				tr.append(cell(w.hallName), cell(w.windowName ? w.windowName + '（' + w.windowId + '）' : w.windowId + ' 号窗口'), ...work(w));
				return tr;
			})
		);
		$('report-windows-table').hidden = json.windows.length === 0;
		$('report-staff').replaceChildren(
			...json.staff.map((s) => {
				const tr = document.createElement('tr');
				tr.append(cell(s.hallName), cell(s.staffNo ?? '—'), cell(s.name ?? '（未同步）'), ...work(s));
				return tr;
			})
		);
		$('report-staff-table').hidden = json.staff.length === 0;
	});

	$('export').addEventListener('click', async () => {
		const error = $('report').querySelector('.error');
		if (!$('report').reportValidity()) return;
		const res = await fetch('/api/district/report' + reportQuery() + '&format=xlsx', { headers: { authorization: 'Bearer ' + token } });
		if (!res.ok) {
			const json = await res.json().catch(() => null);
			error.textContent = json?.error?.message ?? '导出失败';
			return;
		}
		const link = document.createElement('a');
		link.href = URL.createObjectURL(await res.blob());
		link.download = 'district-report.xlsx';
		link.click();
		URL.revokeObjectURL(link.href);
	});

	const today = new Date().toISOString().slice(0, 10);
	$('report').elements.from.value = today;
	$('report').elements.to.value = today;

	if (token) connect();
	else show('login');
})();
