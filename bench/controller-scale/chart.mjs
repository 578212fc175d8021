// A small SVG line chart of the controller's per-pod costs against cluster size, one point per
// size: cold start and restart wall time and cold start CPU (controller + server) in µs per pod on
// the left axis, heap in bytes per pod on the right.
const W = 640;
const H = 360;
const M = { left: 60, right: 70, top: 40, bottom: 50 };

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
const niceMax = (x) => {
  const p = 10 ** Math.floor(Math.log10(x || 1));
  return [1, 2, 5, 10].map((m) => m * p).find((v) => v >= x) ?? 10 * p;
};

export function scaleChartSvg(results, zoneResults = []) {
  const pods = results.map((r) => r.shape.pods);
  const zonePods = zoneResults.map((r) => r.shape.pods);
  const series = [
    {
      name: 'cold start (µs/pod)',
      color: '#1f77b4',
      axis: 'l',
      ys: results.map((r) => (r.cold.ms * 1000) / r.shape.pods),
    },
    {
      name: 'cold start CPU, controller + server (µs/pod)',
      color: '#9467bd',
      axis: 'l',
      ys: results.map((r) => ((r.cold.cpu + r.cold.serverCpu) * 1000) / r.shape.pods),
    },
    {
      name: 'restart (µs/pod)',
      color: '#ff7f0e',
      axis: 'l',
      ys: results.map((r) => (r.restart.ms * 1000) / r.shape.pods),
    },
    { name: 'heap (B/pod)', color: '#2ca02c', axis: 'r', ys: results.map((r) => r.heap / r.shape.pods) },
    ...(zoneResults.length === 0
      ? []
      : [
          {
            name: 'with zones (one NB per node): cold start (µs/pod)',
            color: '#1f77b4',
            dash: '6 3',
            axis: 'l',
            xs: zonePods,
            ys: zoneResults.map((r) => (r.cold.ms * 1000) / r.shape.pods),
          },
          {
            name: 'with zones: heap (B/pod)',
            color: '#2ca02c',
            dash: '6 3',
            axis: 'r',
            xs: zonePods,
            ys: zoneResults.map((r) => r.heap / r.shape.pods),
          },
        ]),
  ];
  const xMax = Math.max(...pods, ...zonePods);
  const lMax = niceMax(Math.max(...series.filter((s) => s.axis === 'l').flatMap((s) => s.ys)));
  const rMax = niceMax(Math.max(1024, ...series.filter((s) => s.axis === 'r').flatMap((s) => s.ys)));
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (v) => M.left + (v / xMax) * pw;
  const y = (v, axis) => M.top + ph - (v / (axis === 'l' ? lMax : rMax)) * ph;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">EgressIP controller: cost per pod by cluster size (solid: single zone; dashed: with zones)</text>`,
    `<line x1="${M.left}" y1="${M.top + ph}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="black"/>`,
    `<line x1="${M.left}" y1="${M.top}" x2="${M.left}" y2="${M.top + ph}" stroke="black"/>`,
    `<line x1="${M.left + pw}" y1="${M.top}" x2="${M.left + pw}" y2="${M.top + ph}" stroke="black"/>`,
  ];
  for (let i = 0; i <= 4; i++) {
    const f = i / 4;
    const yy = M.top + ph - f * ph;
    out.push(`<line x1="${M.left}" y1="${yy}" x2="${M.left + pw}" y2="${yy}" stroke="#ddd"/>`);
    out.push(`<text x="${M.left - 6}" y="${yy + 4}" text-anchor="end">${Math.round(f * lMax)}</text>`);
    out.push(`<text x="${M.left + pw + 6}" y="${yy + 4}">${Math.round(f * rMax)}</text>`);
  }
  // The heap target (1 KB per pod) as a dashed line on the right axis.
  out.push(
    `<line x1="${M.left}" y1="${y(1024, 'r')}" x2="${M.left + pw}" y2="${y(1024, 'r')}" stroke="#2ca02c" stroke-dasharray="4 4"/>`,
    `<text x="${M.left + pw - 4}" y="${y(1024, 'r') - 4}" text-anchor="end" fill="#2ca02c">heap target 1 KB/pod</text>`,
  );
  for (const p of new Set([...pods, ...zonePods])) {
    out.push(
      `<text x="${x(p)}" y="${M.top + ph + 18}" text-anchor="middle">${(p / 1000).toFixed(0)}k</text>`,
    );
  }
  out.push(`<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">pods</text>`);
  out.push(
    `<text x="16" y="${M.top + ph / 2}" transform="rotate(-90 16 ${M.top + ph / 2})" text-anchor="middle">µs per pod</text>`,
  );
  out.push(
    `<text x="${W - 14}" y="${M.top + ph / 2}" transform="rotate(90 ${W - 14} ${M.top + ph / 2})" text-anchor="middle">bytes per pod</text>`,
  );
  series.forEach((s, k) => {
    const xs = s.xs ?? pods;
    const pts = s.ys.map((v, i) => `${x(xs[i]).toFixed(1)},${y(v, s.axis).toFixed(1)}`);
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2"${dash} points="${pts.join(' ')}"/>`);
    s.ys.forEach((v, i) => {
      out.push(
        `<circle cx="${x(xs[i]).toFixed(1)}" cy="${y(v, s.axis).toFixed(1)}" r="3" fill="${s.color}"/>`,
      );
    });
    out.push(`<rect x="${M.left + 10}" y="${M.top + 8 + k * 16}" width="10" height="10" fill="${s.color}"/>`);
    out.push(`<text x="${M.left + 26}" y="${M.top + 17 + k * 16}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
