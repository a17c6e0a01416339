/**
 * Child process of the credential-chain tests: opens a RestCatalog with SigV4 and NO explicit
 * credentials (so the AWS default chain of this process's environment is used), creates a namespace
 * and prints `ok <namespaces>`, or `error <message>` with exit code 1.
 * Usage: node rest-sigv4-child.js <catalog uri> <service> <region>
 */
import { RestCatalog } from '../../src/sinks/iceberg/catalog/rest/rest-catalog.js';

const [uri, service, region] = process.argv.slice(2);
try {
  const catalog = await RestCatalog.open({ uri: uri!, auth: { kind: 'sigv4', service: service!, region: region! } });
  await catalog.createNamespace(['chain']);
  await catalog.createNamespace(['chain2']); // a second signed request: credentials are cached or refreshed
  process.stdout.write(`ok ${(await catalog.listNamespaces()).map((n) => n.join('.')).join(',')}\n`);
} catch (e) {
  process.stdout.write(`error ${(e as Error).message}\n`);
  process.exitCode = 1;
}
