/**
 * `templates` command: mines a plain text file (one message per line, no envelope, no header)
 * and writes Loghub structured-file style CSV `LineId,EventTemplate` (1-based LineId, RFC 4180
 * quoting), so any labelled dataset can be scored the same way.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { LoglakeError } from '../../core/errors.js';
import { csvField } from './csv.js';
import { writeOut as write } from '../../core/write-out.js';
import { TemplateMiner, type TemplateMinerOptions } from '../../enrich/templates/miner.js';


/**
 * Mines `file` line by line and writes `LineId,EventTemplate` rows to `out`, each row holding
 * the final template of the line's message (templates learned later in the file may have
 * generalized it). A trailing line break does not make an extra row; CRLF is accepted.
 * @param file path of the text file
 * @param out destination stream (not ended by this function)
 * @param options miner options (default configuration when omitted)
 * @throws LoglakeError INPUT_NOT_FOUND when the file cannot be read
 */
export async function runTemplatesCommand(file: string, out: NodeJS.WritableStream, options: TemplateMinerOptions = {}): Promise<void> {
  try {
    const st = await stat(file);
    if (!st.isFile()) throw new Error('not a regular file');
  } catch (err) {
    throw new LoglakeError('INPUT_NOT_FOUND', `templates: cannot read ${file}`, { file }, false, { cause: err });
  }
  const miner = new TemplateMiner(options);
  const ids: string[] = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) ids.push(miner.add(line, ids.length + 1).templateId);

  const templateOf = new Map<string, string>();
  let buf = 'LineId,EventTemplate\n';
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i] as string;
    let t = templateOf.get(id);
    if (t === undefined) {
      t = csvField(miner.template(id)?.template ?? '');
      templateOf.set(id, t);
    }
    buf += `${i + 1},${t}\n`;
    if (buf.length >= 64 * 1024) {
      await write(out, buf);
      buf = '';
    }
  }
  if (buf.length > 0) await write(out, buf);
}
