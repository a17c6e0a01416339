// Test fault injection (loaded with `node --import`): every synchronous write to a file opened
// under $LOGLAKE_TEST_ENOSPC_UNDER fails with ENOSPC, as on a full disk. Worker threads inherit
// the --import flag, so the Parquet encoder workers see the same full disk.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const root = process.env.LOGLAKE_TEST_ENOSPC_UNDER;
if (root) {
  const fds = new Set();
  const openSync = fs.openSync;
  fs.openSync = function (path, ...rest) {
    const fd = openSync.call(this, path, ...rest);
    if (String(path).startsWith(root)) fds.add(fd);
    return fd;
  };
  const writeSync = fs.writeSync;
  fs.writeSync = function (fd, ...rest) {
    if (fds.has(fd)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    return writeSync.call(this, fd, ...rest);
  };
  syncBuiltinESMExports();
}
