import { openLake, query, formatResult } from '../src/analytics/sql/lake.js';
const { con, close } = await openLake(process.argv[2]!);
for (const sql of process.argv.slice(3)) console.log(formatResult(await query(con, sql), 'table'));
close();
