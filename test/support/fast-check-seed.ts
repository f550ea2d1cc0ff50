// Property tests run with a fixed seed so CI is reproducible; FC_SEED=<n> (or FC_SEED=random)
// explores other inputs locally. A failure prints the seed and path to replay it.
import fc from 'fast-check';

const env = process.env['FC_SEED'];
if (env !== 'random') fc.configureGlobal({ seed: env ? Number(env) : 20261127 });
