/** Process entry for the CLI when run from sources (tsx); bin/loglake.js uses the compiled main. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
