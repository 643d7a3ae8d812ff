// trialsim boundaries: a group-sequential design's boundaries, without a
// scenario (as rpact's getDesignGroupSequential).
import type { Argv, CommandModule } from 'yargs';
import { action, type ArgsOf, type HandlerArgs } from '../exit.js';
import { last } from '../options.js';

const str = (description: string) => ({ type: 'string', requiresArg: true, description }) as const;

function builder(y: Argv) {
  return y
    .option('information', str('Information fractions of the looks, increasing, ending at 1 (e.g. 0.5,1)'))
    .option('looks', str('Or this many equally spaced looks (default 1)'))
    .option('alpha', str('Type I error, both sides together when two-sided (default 0.025)'))
    .option('sided', str('1 or 2 (default 1)'))
    .option('spending', str('Efficacy: obf (Lan–DeMets O\'Brien–Fleming-like), pocock, kd (Kim–DeMets, needs --gamma), hsd (Hwang–Shih–DeCani, needs --gamma), hp (Haybittle–Peto) (default obf)'))
    .option('gamma', str('γ of the kd or hsd efficacy spending'))
    .option('hp-bound', str('Haybittle–Peto z bound at the interim looks (default 3)'))
    .option('futility-bounds', str('Futility: fixed z bounds, one per interim look (e.g. 0,0.5)'))
    .option('beta-spending', str('Futility by beta spending: obf, pocock, kd or hsd (with --beta-gamma)'))
    .option('beta-gamma', str('γ of the kd or hsd beta spending'))
    .option('beta', str('Beta of the beta spending: 1 − power (default 0.2)'))
    .option('futility-cp', str('Futility where the conditional power is below this (e.g. 0.2)'))
    .option('cp-drift', str('The drift that conditional power assumes: trend (default), or the expected z at full information'))
    .option('binding', { type: 'boolean', default: false, description: 'Futility bounds bind: the efficacy bounds count on stopping there' })
    .option('json', { type: 'boolean', default: false, description: 'Print JSON (efficacy, alphaSpent, futility, …) instead of a table' })
    .example('$0 boundaries --information 0.3333333333,0.6666666667,1 --alpha 0.025 --sided 1 --spending obf --json', "O'Brien–Fleming-like alpha spending at three looks, as JSON")
    .example('$0 boundaries --looks 2 --spending obf --beta-spending obf --beta 0.2', 'one interim at 50% with non-binding futility by beta spending')
    .example('$0 boundaries --information 0.5,1 --futility-cp 0.2 --binding', 'a binding futility interim where the conditional power under the trend is below 20%')
    .example('$0 boundaries --looks 4 --sided 2 --alpha 0.05 --spending hsd --gamma -4', 'two-sided, Hwang–Shih–DeCani γ = −4');
}

const fixed = (x: number | null, d = 4): string => (x === null ? 'none' : x === Infinity ? '∞' : x === -Infinity ? '−∞' : x.toFixed(d));

export const boundariesCommand: CommandModule<object, ArgsOf<typeof builder>> = {
  command: 'boundaries',
  describe: "Print a group-sequential design's boundaries (alpha and beta spending, Haybittle–Peto, conditional-power futility)",
  builder,
  handler: action('boundaries', async (argv: HandlerArgs<typeof builder>) => {
    const { boundaries } = await import('../../api/boundaries.js');
    const b = boundaries({
      information: last(argv.information),
      looks: last(argv.looks),
      alpha: last(argv.alpha),
      sided: last(argv.sided),
      spending: last(argv.spending),
      gamma: last(argv.gamma),
      hpBound: last(argv['hp-bound']),
      futilityBounds: last(argv['futility-bounds']),
      betaSpending: last(argv['beta-spending']),
      betaGamma: last(argv['beta-gamma']),
      beta: last(argv.beta),
      futilityCp: last(argv['futility-cp']),
      cpDrift: last(argv['cp-drift']),
      binding: argv.binding,
    });
    const d = b.design;
    if (argv.json) {
      const out = {
        format: 'trialsim-boundaries/1',
        information: d.information,
        alpha: d.alpha,
        sided: d.sided,
        spending: d.efficacy.kind === 'haybittle-peto' ? { family: 'hp', bound: d.efficacy.bound } : d.efficacy.spending,
        futilityRule: d.futility ?? null,
        binding: d.binding === true,
        efficacy: b.efficacy.map((c) => (Number.isFinite(c) ? c : null)),
        alphaSpent: b.alphaSpent,
        futility: b.futility,
        ...(b.betaSpent === undefined ? {} : { betaSpent: b.betaSpent, power: b.power, drift: b.drift }),
      };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return;
    }
    const fam = d.efficacy.kind === 'haybittle-peto' ? `Haybittle–Peto (${d.efficacy.bound} at interims)` : d.efficacy.spending.family + (d.efficacy.spending.gamma === undefined ? '' : ` γ = ${d.efficacy.spending.gamma}`);
    const lines = [
      `${d.information.length} look${d.information.length === 1 ? '' : 's'}, ${d.sided === 1 ? 'one' : 'two'}-sided alpha ${d.alpha}, efficacy ${fam}` +
        (d.futility === undefined ? '' : `, ${d.binding === true ? 'binding' : 'non-binding'} futility (${d.futility.kind})`),
    ];
    const head = ['look', 'information', d.sided === 2 ? 'efficacy |z|' : 'efficacy z', ...(b.futility === null ? [] : [d.sided === 2 ? 'futility |z| <' : 'futility z']), 'cumulative alpha', ...(b.power === undefined ? [] : ['beta spent', 'power'])];
    const rows = d.information.map((t, k) => [
      String(k + 1),
      t.toFixed(4),
      fixed(b.efficacy[k]),
      ...(b.futility === null ? [] : [k < b.futility.length ? fixed(b.futility[k]) : '']),
      b.alphaSpent[k].toPrecision(6),
      ...(b.power === undefined ? [] : [(b.betaSpent as number[])[k].toPrecision(6), b.power[k].toPrecision(6)]),
    ]);
    const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padStart(width[i])).join('  ');
    lines.push(line(head), ...rows.map(line));
    if (b.drift !== undefined) lines.push(`power ${(1 - (d.futility as { beta: number }).beta).toFixed(2)} at drift θ = ${b.drift.toFixed(4)} (the expected z at full information)`);
    if (d.futility !== undefined && d.binding !== true) lines.push('cumulative alpha ignores the non-binding futility bounds (as regulators compute it)');
    process.stdout.write(lines.join('\n') + '\n');
  }),
};
