/** Writing command output to a stream with backpressure. */

/** Writes text to a stream, waiting for 'drain' when its buffer is full. */
export function writeOut(out: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: unknown): void => reject(err);
    out.once('error', onError);
    const done = (): void => {
      out.removeListener('error', onError);
      resolve();
    };
    if (out.write(text)) done();
    else out.once('drain', done);
  });
}
