import { generateCluster } from '../src/generate/index.js';
import { runIngest } from '../src/pipeline/ingest.js';
const seed = Number(process.argv[2] ?? 42);
const out = `/tmp/ll${seed}/gen`;
const t0 = Date.now();
const r = await generateCluster({ out, seed, scale: 'small' });
console.log('gen', Date.now() - t0);
const s = await runIngest({ inputs: [out + '/docker', out + '/k8s', out + '/s3'], warehouse: `/tmp/ll${seed}/wh` });
console.log('ingest', Date.now() - t0, JSON.stringify(s).slice(0, 500));
