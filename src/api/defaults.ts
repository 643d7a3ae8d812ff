// Defaults the CLI's help states; a module of its own so that `--help` does
// not load the layers that use them.
export const DEFAULT_CALIBRATION_TRIALS = 1000;
export const DEFAULT_CALIBRATION_SEED = 20230964;
