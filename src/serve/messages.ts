// What `trialsim serve` says: on the terminal, and to the browser in answers.
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export const SERVE_MSG = {
  listening: (url: string) => `trialsim serve: open ${url} (the address carries this session's key; anyone with it can run simulations here)`,
  notLoopback: (host: string) =>
    `trialsim serve: warning: listening on ${host}, not only on this machine (127.0.0.1): anyone who can reach it and has the address with its key can run simulations and read this folder`,
  stop: 'Ctrl-C stops the server (a run under way is stopped after its tasks in flight; --resume or the app finishes it).',
  forbidden: 'forbidden: this address needs the key printed by trialsim serve (open the address it printed)',
  notFound: (path: string) => `not found: ${path}`,
  bodyTooLarge: (limit: number) => `request body too large: at most ${fmt(limit)} bytes`,
  badJson: 'the request body is not the JSON object this address takes',
  methodNotAllowed: (method: string, path: string) => `${method} is not allowed on ${path}`,
  runBusy: (name: string) => `a run is under way (${name}): cancel it or wait for it before starting another`,
  noRun: 'no run under way',
  tooMuchWork: (patients: number, limit: number) =>
    `this scenario asks for ${fmt(patients)} simulated patients (replicates × sample size × design points, twice with the null run), more than this server runs (${fmt(limit)}); ` +
    'lower replicates or the sweep, or start trialsim serve with a larger --max-patients (or run it with trialsim run)',
  notARun: (name: string) => `no run named ${name} in results/`,
  compareNeedsTwo: 'compare: name two or more runs (?runs=a,b)',
  badInteger: (name: string, min: number, max: number, got: unknown) => `${name}: must be a whole number from ${fmt(min)} to ${fmt(max)} (got ${JSON.stringify(got)})`,
  checkFailed: (path: string, status: number) => `trialsim serve --check: ${path} did not load (HTTP ${status})`,
  checkOk: (url: string, bytes: number) => `trialsim serve --check: the app loads (the page, its bundle, the schema and the shipped scenarios: ${fmt(bytes)} bytes from ${url}); stopped`,
  noApp: (dir: string) => `trialsim serve: the app is not built (${dir} has no index.html): run npm run build`,
} as const;
