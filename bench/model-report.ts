// Prints the calibration tables and the parameter table of docs/model.md
// (markdown) for the current defaults: population values from one simulated
// ProDERM trial of 200,000 patients.
//
//   npx tsc -p . && node dist/bench/model-report.js [patients=200000]
import { populationEffects } from '../src/model/prodermEffects.js';
import { prodermCalibrationReport } from '../src/model/prodermCalibration.js';
import { PRODERM_PARAMS, resolveProdermParams } from '../src/model/prodermParams.js';
import { TABLE3_COUNTS } from '../src/model/prodermTargets.js';

const N = Number(process.argv[2] ?? 200_000);
const r = resolveProdermParams({});
if (!r.ok) throw new Error(r.errors.join('\n'));
const t0 = Date.now();
const { rows, table3 } = prodermCalibrationReport(r.params, { patients: N });
const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

const section = (kind: string, title: string): void => {
  console.log(`\n### ${title}\n`);
  console.log('| Target | Printed | Model | SE (n = 95 trial) | z | Where |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const row of rows.filter((x) => x.kind === kind)) {
    const printed = `${row.relation === '>' ? '> ' : ''}${fmt(row.target)}`;
    console.log(`| ${row.label.trim()} | ${printed} | ${fmt(row.model)} | ${fmt(row.se)} | ${fmt(row.z, 2)} | ${row.where} |`);
  }
  const zs = rows.filter((x) => x.kind === kind && Number.isFinite(x.z)).map((x) => Math.abs(x.z));
  console.log(`\n${zs.length} figures; |z| <= 1: ${zs.filter((z) => z <= 1).length}, 1-2: ${zs.filter((z) => z > 1 && z <= 2).length}, > 2: ${zs.filter((z) => z > 2).length}.`);
};
console.log(`Population of ${N} simulated patients (ProDERM design), seed 20230101; ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
section('calibration', 'Calibration targets');
section('external', 'External figures (NEJM 2022 / US label, not in the targets file)');
section('validation', 'Held-out validation figures (never tuned to)');

console.log('\n### Table 3 at population level (counts scaled to N = 87), model vs printed\n');
const names = ['none', 'minimal', 'moderate', 'major'];
console.log('| TIS \\ CDASI-A | ' + names.join(' | ') + ' |');
console.log('|---|---:|---:|---:|---:|');
table3.forEach((row, i) => console.log(`| ${names[i]} | ${row.map((p, j) => `${(87 * p).toFixed(1)} (${TABLE3_COUNTS[i][j]})`).join(' | ')} |`));

const e = populationEffects(r.params);
console.log('\n### Calibrated population mean differences (IVIg − placebo, week-16 change, no dropout or switch)\n');
console.log(`CDASI-A ${fmt(e.cdasiA)}, CDASI-D ${fmt(e.cdasiD)}, cutaneous VAS (baseline > 0.2) ${fmt(e.cutaneousVas)}, extramuscular VAS ${fmt(e.extramuscularVas)}, MMT-8 ${fmt(e.mmt8)}`);

console.log('\n### Parameters\n');
console.log('| Name | Default | Unit | Range | Basis | Source | Description |');
console.log('|---|---:|---|---|---|---|---|');
for (const p of PRODERM_PARAMS) console.log(`| \`${p.name}\` | ${p.default === null ? 'null' : p.default} | ${p.unit} | [${p.min}, ${p.max}] | ${p.basis} | ${p.source} | ${p.description} |`);
